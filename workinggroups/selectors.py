"""Reads for the working groups' pages: a group's work gathered from the apps below, as the viewer may see it.

Nothing here decides who sees what: meetings, documents and recommendations come through the selectors of their
own apps, which apply the one access rule (council.access) and their apps' permissions; names of members follow
council.permissions. A fixed number of queries per page, whatever the number of rows.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Prefetch
from django.utils import timezone

from council.models import Body, Membership
from council.permissions import can_see_composition, can_see_member_names
from council.selectors import bodies_with_current_members, body_composition, body_summary
from meetings.models import AgendaItem, Meeting
from meetings.permissions import filter_visible_meetings
from meetings.selectors import agenda_numbered, documents_seen_by, meetings_visible_to
from recommendations.emails import round_time_zone
from recommendations.models import ConsensusRound, ImplementationReport, Recommendation
from recommendations.selectors import implementation_figures, recommendations_visible_to

# How many past meetings a group's page lists (the library holds the papers of all of them).
PAST_MEETINGS_SHOWN = 10


def working_groups(*, on: datetime.date | None = None):
    """The working groups, in the council's order, with their current memberships prefetched."""
    return bodies_with_current_members(on=on).filter(kind=Body.Kind.WORKING_GROUP).order_by("order", "code")


def groups_overview(*, user) -> list[dict]:
    """Each working group with its public summary and how many of its upcoming meetings and recommendations the
    viewer sees (hidden ones are not counted). Four queries."""
    groups = list(working_groups())
    upcoming = (
        filter_visible_meetings(Meeting.objects.filter(ends_at__gte=timezone.now()), user)
        .filter(bodies__in=[g.pk for g in groups])
        .order_by()
        .values("bodies")
        .annotate(n=Count("pk", distinct=True))
    )
    meetings_per_group = {row["bodies"]: row["n"] for row in upcoming}
    recommendations = (
        recommendations_visible_to(user=user)
        .order_by()
        .values("working_group")
        .annotate(n=Count("pk", distinct=True))
        .prefetch_related(None)
    )
    recommendations_per_group = {row["working_group"]: row["n"] for row in recommendations}
    return [
        {
            "summary": body_summary(group),
            "upcoming_meetings": meetings_per_group.get(group.pk, 0),
            "recommendations": recommendations_per_group.get(group.pk, 0),
        }
        for group in groups
    ]


def group_page(*, user, group: Body) -> dict:
    """Everything a working group's page shows to `user`; `group` comes from `working_groups()`."""
    show_names = can_see_member_names(user, group)
    meetings = list(
        meetings_visible_to(user=user)
        .filter(bodies=group)
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "id")))
        .order_by("-starts_at", "-id")
    )
    now = timezone.now()
    recommendations = list(recommendations_visible_to(user=user).filter(working_group=group).prefetch_related(None))
    figures = implementation_figures(user=user, working_group_code=group.code)
    return {
        "group": group,
        "summary": body_summary(group),
        "show_names": show_names,
        "members_by_state": _members_by_state(group) if show_names else None,
        "composition": body_composition(group) if not show_names and can_see_composition(user) else None,
        "upcoming": sorted((m for m in meetings if m.ends_at >= now), key=lambda m: (m.starts_at, m.pk)),
        "past": [m for m in meetings if m.ends_at < now][:PAST_MEETINGS_SHOWN],
        "past_count": sum(1 for m in meetings if m.ends_at < now),
        "library": _library(user, meetings),
        "stages": _by_stage(recommendations),
        "open_rounds": _open_rounds(recommendations),
        "implementation": figures,
        "implementation_statuses": [
            (label, figures["total"]["statuses"][status])
            for status, label in ImplementationReport.Status.choices
            if figures["total"]["statuses"][status]
        ],
    }


def _members_by_state(group: Body) -> list[dict]:
    """The group's current members (names: for those `can_see_member_names` admits) under the state, else the
    organisation, they represent; the states in the council's order, then organisations, then personal seats."""
    rows: dict[tuple, dict] = {}
    for m in group.current_memberships:
        if m.represents_state_id:
            key, label = (0, m.represents_state.order, m.represents_state.code), m.represents_state.name
        elif m.represents_organisation_id:
            organisation = m.represents_organisation
            key, label = (1, 0, organisation.pk), organisation.acronym or organisation.name
        else:
            key, label = (2, 0, ""), None
        rows.setdefault(key, {"label": label, "memberships": []})["memberships"].append(m)
    role_order = {role: n for n, role in enumerate(Membership.Role.values)}
    for row in rows.values():
        row["memberships"].sort(key=lambda m: (role_order.get(m.role, 99), m.person.display_name))
    return [rows[key] for key in sorted(rows)]


def _library(user, meetings: list[Meeting]) -> list[dict]:
    """The papers of `meetings` that `user` may open, by meeting (newest first) and agenda item (in the agenda's
    numbering), papers of no item last. Meetings without a paper the user may open are left out."""
    if not meetings:
        return []
    documents = (
        documents_seen_by(user=user)
        .filter(meeting__in=[m.pk for m in meetings])
        .select_related("agenda_item")
        .order_by("title", "uploaded_at", "id")
    )
    by_meeting: dict[int, list] = defaultdict(list)
    for document in documents:
        by_meeting[document.meeting_id].append(document)
    library = []
    for meeting in meetings:
        papers = by_meeting.get(meeting.pk)
        if not papers:
            continue
        by_item: dict[int | None, list] = defaultdict(list)
        for document in papers:
            by_item[document.agenda_item_id].append(document)
        sections = []
        for number, item, children in agenda_numbered(meeting):
            for label, entry in [(str(number), item), *children]:
                if entry.pk in by_item:
                    sections.append({"number": label, "item": entry, "documents": by_item[entry.pk]})
        if None in by_item:
            sections.append({"number": None, "item": None, "documents": by_item[None]})
        library.append({"meeting": meeting, "sections": sections, "count": len(papers)})
    return library


def _by_stage(recommendations: list[Recommendation]) -> list[dict]:
    """The recommendations under their stage of life (Recommendation.Status, in its order), empty stages left out."""
    rows: dict[str, list] = defaultdict(list)
    for recommendation in recommendations:
        rows[recommendation.status].append({"recommendation": recommendation, "title": recommendation.localized_title})
    return [
        {"status": status, "label": label, "rows": rows[status]}
        for status, label in Recommendation.Status.choices
        if rows.get(status)
    ]


def _open_rounds(recommendations: list[Recommendation]) -> list[dict]:
    """Open consensus rounds on the group's recommendations the viewer sees (the group's own rounds, and the
    executive committee's on its texts), soonest deadline first, with the deadline in the round's time zone."""
    by_pk = {r.pk: r for r in recommendations}
    if not by_pk:
        return []
    rounds = ConsensusRound.objects.filter(
        state=ConsensusRound.State.OPEN, recommendation_id__in=list(by_pk)
    ).select_related("body", "meeting")
    rows = []
    for round_ in rounds:
        recommendation = by_pk[round_.recommendation_id]
        zone = round_time_zone(round_)
        rows.append(
            {
                "round": round_,
                "recommendation": recommendation,
                "title": recommendation.localized_title,
                "deadline": round_.deadline.astimezone(zone) if round_.deadline else None,
                "zone": zone.key,
            }
        )
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    rows.sort(key=lambda row: (row["round"].deadline or far, row["round"].pk))
    return rows
