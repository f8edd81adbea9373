"""The record of a meeting as a PDF document (DESIGN.md, "Reports"; builder kind `meeting_record`).

It lives here rather than in meetings/reports.py because it holds the decisions taken in the meeting (consensus
rounds), which belong to recommendations, a layer above meetings; what is the meeting's own (its dates, place,
ids) comes from meetings.reports.
"""

from django.db.models import F, Prefetch
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.models import Body, MemberState
from council.reporting import Builder, Gathered
from meetings.models import AgendaItem, Meeting
from meetings.permissions import participant_names_audience
from meetings.reports import council_name, meeting_facts, parameter_id, text_in_language
from meetings.selectors import agenda_numbered
from recommendations import consensus
from recommendations.models import ConsensusRound, Position, RoundMember
from recommendations.permissions import audience_with_recommendation
from recommendations.selectors import round_tally

NO_STATE = "—"  # the key of the members who represent no member state in a round's tally (consensus.py)


def meeting_record_clean(parameters) -> dict:
    meeting_id = parameter_id(
        parameters,
        "meeting",
        model=Meeting,
        invalid=gettext_lazy("Give the number of a meeting (e.g. 12)."),
        unknown=gettext_lazy("There is no meeting number %(id)s."),
    )
    return {"meeting": meeting_id}


def meeting_record_reference(meeting: Meeting) -> str:
    return f"REC/{meeting.local_start.year}/{meeting.pk}"


def meeting_record_gather(parameters: dict) -> Gathered:
    """The record of a meeting: cover, agenda, participants, decisions, minutes, documents, annex.

    Who may read it: it names the participants, so those `meetings.permissions.can_see_participant_names`
    admits (`participant_names_audience`: the secretariat, the members of the meeting's bodies and its invitees,
    no wider than the meeting's own access level; the secretariat alone for a draft meeting). The record is
    written for that audience and never widens or narrows it: a document of the meeting or a decision on a
    recommendation that this audience may not read (`Audience.with_item` would make the record stricter, e.g. a
    secretariat-level document or a draft of another working group) is left out rather than hiding the whole
    record from the people it is for. Documents are listed only when every reader sees them (`Audience.sees`):
    an invitee from outside the meeting's bodies does not see its body-level documents on the meeting page, so
    the record does not name them either. Decisions taken in the meeting stay: its invitees were there.
    Positions in a round are attributed to member states, not to people (only
    the round's body and the secretariat see who answered what). Draft until the minutes are approved; frozen
    afterwards.
    """
    items = AgendaItem.objects.order_by("order", "id")
    meeting = Meeting.objects.prefetch_related(
        "bodies", "organisers", "co_organisers", Prefetch("agenda_items", queryset=items)
    ).get(pk=parameters["meeting"])
    audience = participant_names_audience(meeting)
    body_ids = {body.pk for body in meeting.bodies.all()}
    agenda = agenda_numbered(meeting)
    numbers = {item.pk: str(n) for n, item, _subs in agenda}
    numbers |= {sub.pk: number for _n, _item, subs in agenda for number, sub in subs}

    documents = [
        {
            "title": document.title,
            "language": str(document.get_language_display()),
            "language_code": document.language,
            "agenda_item": numbers.get(document.agenda_item_id, ""),
        }
        for document in meeting.documents.order_by(F("agenda_item__order").asc(nulls_last=True), "title", "id")
        if audience.sees(document.access, body_ids)
    ]
    decisions, annex = _decisions(meeting, audience)
    approved = meeting.minutes_approved_at
    facts = meeting_facts(meeting)
    data = {
        "draft": approved is None,
        "council": council_name(),
        "meeting": {
            **facts,
            "bodies": [text_in_language(body, "name")[0] for body in meeting.bodies.all()],
            "status": str(meeting.get_status_display()),
            "minutes_approved": _date(approved, meeting) if approved else "",
        },
        "agenda": [
            {**_agenda_item(str(n), item), "children": [_agenda_item(number, sub) for number, sub in subs]}
            for n, item, subs in agenda
        ],
        "participants": _participants(meeting),
        "decisions": decisions,
        "minutes": meeting.minutes,
        "documents": documents,
        "annex": annex,
    }
    return Gathered(
        data=data,
        title=_("Record of the meeting: %(title)s") % {"title": facts["title"]},
        reference=meeting_record_reference(meeting),
        audience=audience,
        frozen=approved is not None,
    )


def _date(moment, meeting: Meeting) -> str:
    return dateformat.format(timezone.localtime(moment, meeting.tz), "j E Y")


def _agenda_item(number: str, item: AgendaItem) -> dict:
    title, language = text_in_language(item, "title")
    description, description_language = text_in_language(item, "description")
    return {
        "number": number,
        "title": title,
        "language": language,
        "description": description,
        "description_language": description_language,
        "presenters": item.presenters,
    }


def _participants(meeting: Meeting) -> dict:
    """Everyone invited or recorded as attending, grouped by member state, then by organisation (those of no
    state), then the rest; with their answer and attendance."""
    people: dict[tuple, dict] = {}
    invitations = meeting.invitations.select_related("person__country", "person__organisation")
    for invitation in invitations:
        key = ("person", invitation.person_id) if invitation.person_id else ("invitation", invitation.pk)
        people[key] = {"who": invitation.person, "name": invitation.display_name, "answer": invitation}
    for attendance in meeting.attendance.select_related("person__country", "person__organisation"):
        entry = people.setdefault(
            ("person", attendance.person_id), {"who": attendance.person, "name": attendance.person.display_name}
        )
        entry["attendance"] = attendance
    groups: dict[tuple, dict] = {}
    for entry in people.values():
        person = entry["who"]
        state = person.country if person else None
        organisation = person.organisation if person else None
        language = translation.get_language()
        if state is not None:
            key, (name, language) = (0, state.order, state.code), text_in_language(state, "name")
        elif organisation is not None:
            name, language = text_in_language(organisation, "name")
            key = (1, 0, name.casefold())
        else:
            key, name = (2, 0, ""), _("Other participants")
        kind = ("state", "organisation", "other")[key[0]]
        group = groups.setdefault(key, {"kind": kind, "name": name, "language": language})
        attendance = entry.get("attendance")
        group.setdefault("people", []).append(
            {
                "name": entry["name"],
                "organisation": (organisation.acronym or organisation.name) if organisation else "",
                "answer": str(entry["answer"].get_rsvp_display()) if "answer" in entry else "",
                "attendance": str(attendance.get_status_display()) if attendance else "",
                "present": bool(attendance and attendance.status == attendance.Status.PRESENT),
            }
        )
    ordered = [groups[key] for key in sorted(groups)]
    for group in ordered:
        group["people"].sort(key=lambda row: row["name"].casefold())
        group["present"] = sum(row["present"] for row in group["people"])
    return {
        "groups": ordered,
        "total": len(people),
        "present": sum(group["present"] for group in ordered),
    }


POSITION_COLUMNS = (consensus.Position.SUPPORT, consensus.Position.STAND_ASIDE, consensus.Position.OBJECTION)


def _decisions(meeting: Meeting, audience) -> tuple[list[dict], list[dict]]:
    """The consensus rounds held in the meeting that the record's audience may read, with their outcome and
    tally by member state; and the annex: the reservations and formal objections standing at their close."""
    rounds = (
        ConsensusRound.objects.filter(meeting=meeting)
        .select_related("recommendation", "version", "body")
        .prefetch_related(
            Prefetch("members", queryset=RoundMember.objects.select_related("state")),
            Prefetch("positions", queryset=Position.objects.order_by("recorded_at", "id")),
        )
        .order_by("opened_at", "id")
    )
    states = list(MemberState.objects.order_by("order", "code"))
    state_names = {state.code: state.name for state in states}
    state_order = {state.code: n for n, state in enumerate(states)}
    executive_committee = set(Body.objects.filter(kind=Body.Kind.EXECUTIVE_COMMITTEE).values_list("pk", flat=True))
    language = translation.get_language()
    decisions, annex = [], []
    labels = dict(Position.Kind.choices)
    for round_ in rounds:
        recommendation = round_.recommendation
        if audience_with_recommendation(audience, recommendation, executive_committee_ids=executive_committee) != (
            audience
        ):
            continue
        version = round_.version
        title_language = (
            language if getattr(version, f"title_{language}", "") else recommendation.authoritative_language
        )
        decision = {
            "code": recommendation.code,
            "title": getattr(version, f"title_{title_language}", ""),
            "title_language": title_language,
            "version": version.number,
            "body": text_in_language(round_.body, "name")[0],
            "procedure": str(round_.get_mode_display()),
            "state": str(round_.get_state_display()),
            "closed": round_.state == ConsensusRound.State.CLOSED,
            "outcome": str(round_.get_result_display()) if round_.result else "",
            "result": round_.result,
            "columns": [str(labels[kind]) for kind in POSITION_COLUMNS],
            "tally": [],
            "annex": [],
        }
        if decision["closed"]:
            tally = round_.tally or {}
            by_state = tally.get("by_state") or {}
            for code in sorted(by_state, key=lambda code: (state_order.get(code, len(states)), code)):
                counts = by_state[code]
                decision["tally"].append(
                    {
                        "state": state_names.get(code, code) if code != NO_STATE else _("no member state"),
                        "counts": [int(counts.get(kind, 0)) for kind in POSITION_COLUMNS],
                    }
                )
            totals = tally.get("counts") or {}
            decision["totals"] = [int(totals.get(kind, 0)) for kind in POSITION_COLUMNS]
            decision["quorum"] = _(
                "%(present)s of %(members)s members present (%(needed)s needed), %(states)s member states "
                "represented (%(states_needed)s needed)."
            ) % {
                "present": tally.get("present", 0),
                "members": tally.get("members", 0),
                "needed": tally.get("members_needed", 0),
                "states": len(tally.get("states_present") or ()),
                "states_needed": tally.get("states_needed", 0),
            }
            for row in round_tally(round_):
                position = row["position"]
                if position is None or position.kind == Position.Kind.SUPPORT:
                    continue
                number = len(annex) + 1
                state = row["member"].state
                annex.append(
                    {
                        "number": number,
                        "code": recommendation.code,
                        "kind": str(labels[position.kind]),
                        "objection": position.kind == Position.Kind.OBJECTION,
                        "state": state.name if state else _("no member state"),
                        "reason": position.reason,
                    }
                )
                decision["annex"].append(number)
        decisions.append(decision)
    return decisions, annex


MEETING_RECORD = Builder(
    kind="meeting_record",
    template="reports/meeting_record.html",
    clean=meeting_record_clean,
    gather=meeting_record_gather,
)
