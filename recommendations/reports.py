"""The recommendations' PDF documents: the compendium of published texts and the dossier of one recommendation.

Two builders of the report contract (council.reporting), registered in RecommendationsConfig.ready():

- `compendium`: the published recommendations (filtered by working group, year of publication and status), each
  with its authoritative text and a chosen translation, its adoption history and the latest implementation report
  of every addressed state; a title page, a table of contents with page numbers, one recommendation per page.
- `dossier`: one recommendation with every version, the word changes between them, its consensus rounds (per state,
  without names), its implementation reports and its history.

Each gathers its data with a fixed number of queries, as JSON-able values: dates formatted in the active language,
Markdown cleaned by recommendations.markdown (the only HTML a template outputs unescaped), everything else as text.
"""

import datetime
import itertools
import re
import zoneinfo
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from council.models import Body, MemberState
from council.reporting import Audience, Builder, Gathered
from recommendations.markdown import render_markdown
from recommendations.models import (
    ConsensusRound,
    ImplementationReport,
    Position,
    Recommendation,
    RecommendationVersion,
    RoundMember,
    StatusChange,
)
from recommendations.permissions import drafts_reader_body_ids, published_recommendations_q
from recommendations.selectors import round_tally, text_diff

COMPENDIUM = "compendium"
DOSSIER = "dossier"
Status = Recommendation.Status
MILESTONES = Recommendation.ADOPTION_MILESTONES
POSITION_KINDS = tuple(Position.Kind.values)
_DIGITS = re.compile(r"[0-9]{1,18}")
_HEADING = re.compile(r"<(/?)h([2-4])>")


# Parameters --------------------------------------------------------------------------------------------------


def _refuse_unknown(parameters: Mapping[str, Any], known: set[str]) -> None:
    if not isinstance(parameters, Mapping):
        raise ValidationError(_("The report's parameters must be a set of named values."), code="invalid")
    unknown = sorted(str(name) for name in set(parameters) - known)
    if unknown:
        raise ValidationError(
            _("Unknown parameters: %(names)s. Known ones: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))},
            code="unknown",
        )


def _number(value, message: str) -> int:
    """A positive whole number given as an int or a string of digits; anything else is `message`."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise ValidationError(message, code="invalid")
    if number <= 0:
        raise ValidationError(message, code="invalid")
    return number


def _languages() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def compendium_clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Check the compendium's filters: `working_group` (id), `year`, `status` (one or a list), `translation`."""
    _refuse_unknown(parameters, {"working_group", "year", "status", "translation"})
    cleaned: dict[str, Any] = {"working_group": None, "year": None, "status": [Status.PUBLISHED.value]}
    cleaned["translation"] = None
    group = parameters.get("working_group")
    if group not in (None, ""):
        pk = _number(group, _("Give the working group by its number (id)."))
        if not Body.objects.filter(pk=pk, kind=Body.Kind.WORKING_GROUP).exists():
            raise ValidationError(_("There is no working group %(id)s.") % {"id": pk}, code="unknown")
        cleaned["working_group"] = pk
    year = parameters.get("year")
    if year not in (None, ""):
        message = _("Give the year as four digits, e.g. 2025.")
        year = _number(year, message)
        if not 2000 <= year <= 2100:
            raise ValidationError(message, code="invalid")
        cleaned["year"] = year
    statuses = parameters.get("status")
    if statuses not in (None, "", []):
        statuses = [statuses] if isinstance(statuses, str) else statuses
        allowed = [str(status) for status in Recommendation.PUBLISHED_STATUSES]
        if not isinstance(statuses, list | tuple) or any(status not in allowed for status in statuses):
            labels = ", ".join(f"{status} ({Status(status).label})" for status in allowed)
            raise ValidationError(
                _("A compendium holds published texts: choose the status among %(choices)s.") % {"choices": labels},
                code="invalid",
            )
        cleaned["status"] = [status for status in allowed if status in statuses]
    language = parameters.get("translation")
    if language not in (None, ""):
        if language not in _languages():
            raise ValidationError(
                _("Choose the language of the translation among: %(choices)s.") % {"choices": ", ".join(_languages())},
                code="invalid",
            )
        cleaned["translation"] = language
    return cleaned


def dossier_clean(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Check the dossier's one parameter: the id of an existing `recommendation`."""
    _refuse_unknown(parameters, {"recommendation"})
    value = parameters.get("recommendation")
    if value in (None, ""):
        raise ValidationError(_("Say which recommendation the dossier is for."), code="required")
    pk = _number(value, _("Give the recommendation by its number (id)."))
    if not Recommendation.objects.filter(pk=pk).exists():
        raise ValidationError(_("There is no recommendation %(id)s.") % {"id": pk}, code="unknown")
    return {"recommendation": pk}


# Formatting --------------------------------------------------------------------------------------------------


def _zone() -> zoneinfo.ZoneInfo:
    """Dates are those of the council's seat (where rounds without a meeting are held)."""
    return zoneinfo.ZoneInfo(settings.RECOMMENDATIONS_ROUND_TIME_ZONE)


def _date(moment: datetime.datetime | None) -> str:
    return formats.date_format(moment.astimezone(_zone()), "DATE_FORMAT") if moment else ""


def _language_name(code: str) -> str:
    return _languages().get(code, code)


def _markdown(text: str) -> str:
    """A person's Markdown as cleaned HTML, its headings made h5/h6: under the document's own, never bookmarks."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 3, 6)}>", render_markdown(text))


def _title(version: RecommendationVersion | None, authoritative: str, language: str) -> dict:
    """The title in `language`, or in the authoritative language (said by `lang`) when it has none."""
    if version is None:
        return {"text": "", "lang": language}
    own = getattr(version, f"title_{language}", "") or ""
    if own.strip():
        return {"text": own, "lang": language}
    return {"text": getattr(version, f"title_{authoritative}", "") or "", "lang": authoritative}


def _texts(recommendation: Recommendation, language: str) -> dict:
    """The current version's authoritative text, and its translation into `language` when that is another one."""
    version = recommendation.current_version
    authoritative = recommendation.authoritative_language

    def text_in(code):
        return {
            "lang": code,
            "language": _language_name(code),
            "title": getattr(version, f"title_{code}", "") or "",
            "html": _markdown(getattr(version, f"text_{code}", "") or ""),
        }

    texts = {"authoritative": text_in(authoritative), "translation": None, "translation_missing": ""}
    if language != authoritative:
        if (getattr(version, f"text_{language}", "") or "").strip():
            texts["translation"] = text_in(language)
        else:
            texts["translation_missing"] = _language_name(language)
    return texts


def _addressees(recommendation: Recommendation) -> list[str]:
    names = [state.name for state in recommendation.addressee_states.all()]
    if recommendation.addresses_civil_society:
        names.append(_("civil society"))
    if recommendation.addresses_international:
        names.append(_("international organisations"))
    if recommendation.addresses_council:
        names.append(_("the council"))
    return names


def _round_outcome(round_: ConsensusRound) -> str:
    if round_.state == ConsensusRound.State.CLOSED:
        return round_.get_result_display()
    return round_.get_state_display()


def _counts(counts: Mapping | None) -> list[dict]:
    """Counts of positions by kind (a closed round's tally: silence counted as consent in a silence procedure)."""
    counts = counts or {}
    return [
        {"kind": kind, "label": str(Position.Kind(kind).label), "count": int(counts.get(kind, 0))}
        for kind in POSITION_KINDS
    ]


def _stated_reasons(round_: ConsensusRound) -> list[dict]:
    """Reservations and objections standing in a round that is no longer open: state, kind, reason; no names."""
    rows = []
    for row in round_tally(round_):
        position = row["position"]
        if position and position.kind != Position.Kind.SUPPORT:
            state = row["member"].state
            rows.append(
                {
                    "state": state.name if state else "—",
                    "kind": position.kind,
                    "kind_label": position.get_kind_display(),
                    "reason": position.reason,
                }
            )
    return rows


# Compendium --------------------------------------------------------------------------------------------------


def _compendium_recommendations(parameters: dict):
    """The published recommendations the filters ask for, with everything the compendium shows: seven queries."""
    queryset = Recommendation.objects.filter(published_recommendations_q(), status__in=parameters["status"])
    if parameters["working_group"]:
        queryset = queryset.filter(working_group_id=parameters["working_group"])
    if parameters["year"]:
        zone = _zone()
        start = datetime.datetime(parameters["year"], 1, 1, tzinfo=zone)
        queryset = queryset.filter(published_at__gte=start, published_at__lt=start.replace(year=start.year + 1))
    closed_rounds = (
        ConsensusRound.objects.exclude(state=ConsensusRound.State.OPEN)
        .select_related("body")
        .prefetch_related(
            Prefetch("members", queryset=RoundMember.objects.select_related("state")),
            Prefetch("positions", queryset=Position.objects.order_by("recorded_at", "id")),
        )
        .order_by("opened_at", "id")
    )
    return (
        queryset.select_related("working_group", "current_version", "superseded_by")
        .prefetch_related(
            Prefetch("addressee_states", queryset=MemberState.objects.order_by("order", "code")),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.filter(to_status__in=MILESTONES).order_by("changed_at", "id"),
            ),
            Prefetch("rounds", queryset=closed_rounds),
            Prefetch(
                "implementation_reports",
                queryset=ImplementationReport.objects.select_related("state")
                .defer("narrative", "evidence_links")
                .order_by("state__order", "state__code", "-submitted_at", "-id"),
            ),
        )
        .order_by("working_group__order", "working_group__code", "code")
    )


def _history(recommendation: Recommendation) -> list[dict]:
    """The rounds and the milestones of a published text, oldest first."""
    events = []
    for round_ in recommendation.rounds.all():
        moment = round_.closed_at or round_.opened_at
        events.append(
            (
                moment,
                {
                    "kind": "round",
                    "date": _date(moment),
                    "body": round_.body.name,
                    "mode": round_.get_mode_display(),
                    "outcome": _round_outcome(round_),
                    "closed": round_.state == ConsensusRound.State.CLOSED,
                    "counts": _counts((round_.tally or {}).get("counts")),
                },
            )
        )
    for change in recommendation.status_changes.all():
        event = {"kind": "status", "date": _date(change.changed_at), "status": change.to_status}
        event["label"] = change.get_to_status_display()
        if change.to_status == Status.SUPERSEDED and recommendation.superseded_by_id:
            event["by"] = recommendation.superseded_by.code
        events.append((change.changed_at, event))
    events.sort(key=lambda pair: pair[0])
    return [event for _moment, event in events]


def _latest_reports(recommendation: Recommendation) -> list[dict]:
    """Every addressed state with its newest implementation report (None when it has not reported)."""
    latest = {}
    for report in recommendation.implementation_reports.all():  # each state's newest first
        latest.setdefault(report.state_id, report)
    rows = []
    for state in recommendation.addressee_states.all():
        report = latest.get(state.pk)
        row = {"state": state.name, "reported": report is not None}
        if report:
            row |= {
                "period": report.period,
                "status": report.status,
                "status_label": report.get_status_display(),
                "progress": report.progress,
                "submitted": _date(report.submitted_at),
            }
        rows.append(row)
    return rows


def _reservations(recommendation: Recommendation) -> list[dict]:
    """The reservations annexed to the text: those standing at the close of its adopted rounds."""
    annexed = []
    for round_ in recommendation.rounds.all():
        if round_.result == ConsensusRound.Result.ADOPTED:
            annexed += [
                row | {"body": round_.body.name}
                for row in _stated_reasons(round_)
                if row["kind"] == Position.Kind.STAND_ASIDE
            ]
    return annexed


def compendium_gather(parameters: dict) -> Gathered:
    """The compendium in the active language; its audience is the strictest access of the texts it holds."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    shown = parameters.get("translation") or language
    recommendations = list(_compendium_recommendations(parameters))
    audience = Audience()
    groups: dict[int, dict] = {}
    for recommendation in recommendations:
        # Published texts are read at their access level, owned by their working group (visible_recommendations_q).
        audience = audience.with_item(recommendation.access, {recommendation.working_group_id})
        group = recommendation.working_group
        entry = groups.setdefault(
            group.pk,
            {"code": group.code, "name": group.name, "anchor": f"group-{group.code}", "recommendations": []},
        )
        title = _title(recommendation.current_version, recommendation.authoritative_language, language)
        entry["recommendations"].append(
            {
                "id": recommendation.pk,
                "anchor": f"recommendation-{recommendation.pk}",
                "code": recommendation.code,
                "title": title["text"],
                "title_lang": title["lang"],
                "status": recommendation.status,
                "status_label": recommendation.get_status_display(),
                "published": _date(recommendation.published_at),
                "superseded_by": recommendation.superseded_by.code if recommendation.superseded_by_id else "",
                "version": recommendation.current_version.number if recommendation.current_version else None,
                "addressees": _addressees(recommendation),
                "history": _history(recommendation),
                "reservations": _reservations(recommendation),
                "implementation": _latest_reports(recommendation),
                **_texts(recommendation, shown),
            }
        )
    group = Body.objects.get(pk=parameters["working_group"]) if parameters.get("working_group") else None
    filters = {
        "working_group": group.name if group else "",
        "year": parameters.get("year"),
        "statuses": [str(Status(status).label) for status in parameters["status"]],
        "translation": _language_name(shown),
    }
    title = _("Recommendations of the Regional Expert Council")
    reference = "-".join(
        ["REC", "COMPENDIUM"]
        + ([group.code.upper()] if group else [])
        + ([str(parameters["year"])] if parameters.get("year") else [])
    )
    data = {
        "filters": filters,
        "count": len(recommendations),
        "groups": list(groups.values()),
    }
    return Gathered(data=data, title=title, reference=reference, audience=audience)


# Dossier -----------------------------------------------------------------------------------------------------


def _dossier_recommendation(pk: int) -> Recommendation:
    """The recommendation with all the dossier shows: seven queries."""
    return (
        Recommendation.objects.select_related("working_group", "current_version", "superseded_by")
        .prefetch_related(
            Prefetch("addressee_states", queryset=MemberState.objects.order_by("order", "code")),
            Prefetch("versions", queryset=RecommendationVersion.objects.order_by("number")),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("round__body").order_by("changed_at", "id"),
            ),
            Prefetch(
                "rounds",
                queryset=ConsensusRound.objects.select_related("body", "version")
                .prefetch_related(
                    Prefetch("members", queryset=RoundMember.objects.select_related("state")),
                    Prefetch("positions", queryset=Position.objects.order_by("recorded_at", "id")),
                )
                .order_by("opened_at", "id"),
            ),
            Prefetch(
                "implementation_reports",
                queryset=ImplementationReport.objects.select_related("state").order_by(
                    "state__order", "state__code", "-submitted_at", "-id"
                ),
            ),
        )
        .get(pk=pk)
    )


def dossier_audience(recommendation: Recommendation) -> Audience:
    """Who may read the whole dossier: those who read the recommendation's drafts, among those who read it.

    A dossier shows every version with its "why this version" note and the changes between them, which
    recommendations.permissions (drafts_visible_q, can_see_drafts) shows only to the members of the working group,
    the executive committee once the group has adopted the text, and the secretariat: so the dossier of any
    recommendation, a published one too, is for the current members of those bodies (`body` level). A published
    text is also read at its own access level, owned by its working group (visible_recommendations_q): a stricter
    level narrows the dossier further (`body`: the working group only, as the executive committee does not read a
    published `body`-level text of a group it is not; `secretariat`: the secretariat only). Rounds appear with
    per-state tallies and reasons, never names (can_see_round_names would ask for the round's body alone).
    """
    audience = Audience.members_of(drafts_reader_body_ids(recommendation))
    if recommendation.is_public_text:
        audience = audience.with_item(recommendation.access, {recommendation.working_group_id})
    return audience


def _text_of(version: RecommendationVersion, language: str) -> tuple[str, str]:
    return getattr(version, f"title_{language}", "") or "", getattr(version, f"text_{language}", "") or ""


def _changes(versions: list[RecommendationVersion], language: str) -> list[dict]:
    """The word changes of the title and text from each version to the next, in `language`."""
    changes = []
    for old, new in itertools.pairwise(versions):
        (old_title, old_text), (new_title, new_text) = _text_of(old, language), _text_of(new, language)
        changes.append(
            {
                "from": old.number,
                "to": new.number,
                "reason": new.reason,
                "title": [{"op": op, "text": text} for op, text in text_diff(old_title, new_title)],
                "text": [{"op": op, "text": text} for op, text in text_diff(old_text, new_text)],
                "unchanged": old_title == new_title and old_text == new_text,
            }
        )
    return changes


def _dossier_round(number: int, round_: ConsensusRound) -> dict:
    members = list(round_.members.all())
    answered = {position.person_id for position in round_.positions.all()}
    entry = {
        "number": number,
        "body": round_.body.name,
        "mode": round_.get_mode_display(),
        "silence": round_.mode == ConsensusRound.Mode.SILENCE,
        "version": round_.version.number,
        "opened": _date(round_.opened_at),
        "deadline": _date(round_.deadline),
        "closed": _date(round_.closed_at),
        "state": round_.state,
        "state_label": round_.get_state_display(),
        "outcome": round_.get_result_display() if round_.result else "",
        "members": len(members),
        "answered": sum(1 for member in members if member.person_id in answered),
        "is_open": round_.is_open,
        "by_state": [],
        "reasons": [],
    }
    if round_.is_open:
        return entry  # positions are shown once the round is closed (can_see_tally_positions)
    states = {member.state.code: member.state for member in members if member.state}
    tally = round_.tally or {}
    by_state = tally.get("by_state") or {}
    if round_.state == ConsensusRound.State.CLOSED:
        order = sorted(by_state, key=lambda code: (states[code].order, code) if code in states else (1 << 16, code))
        entry["by_state"] = [
            {"state": states[code].name if code in states else code, "counts": _counts(by_state[code])}
            for code in order
        ]
        entry["counts"] = _counts(tally.get("counts"))
        entry["quorum"] = {
            "present": tally.get("present", 0),
            "members_needed": tally.get("members_needed", 0),
            "states_present": len(tally.get("states_present", [])),
            "states_needed": tally.get("states_needed", 0),
        }
    entry["reasons"] = _stated_reasons(round_)
    return entry


def _all_reports(recommendation: Recommendation) -> list[dict]:
    """Every implementation report, by state (in the council's order), each state's newest first."""
    states: dict[int, dict] = {}
    for report in recommendation.implementation_reports.all():
        state = states.setdefault(report.state_id, {"state": report.state.name, "reports": []})
        state["reports"].append(
            {
                "period": report.period,
                "status": report.status,
                "status_label": report.get_status_display(),
                "progress": report.progress,
                "submitted": _date(report.submitted_at),
                "narrative": report.narrative,
                "evidence_links": [line.strip() for line in report.evidence_links.splitlines() if line.strip()],
            }
        )
    return list(states.values())


def dossier_gather(parameters: dict) -> Gathered:
    """The dossier of one recommendation in the active language, for those who read its drafts (dossier_audience)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    recommendation = _dossier_recommendation(parameters["recommendation"])
    versions = list(recommendation.versions.all())
    authoritative = recommendation.authoritative_language
    title = _title(recommendation.current_version, authoritative, language)
    data = {
        "id": recommendation.pk,
        "code": recommendation.code,
        "title": title["text"],
        "title_lang": title["lang"],
        "working_group": recommendation.working_group.name,
        "status": recommendation.status,
        "status_label": recommendation.get_status_display(),
        "published": _date(recommendation.published_at),
        "created": _date(recommendation.created_at),
        "superseded_by": recommendation.superseded_by.code if recommendation.superseded_by_id else "",
        "authoritative_language": _language_name(authoritative),
        "addressees": _addressees(recommendation),
        "current_version": recommendation.current_version.number if recommendation.current_version else None,
        "versions": [
            {
                "number": version.number,
                "created": _date(version.created_at),
                "frozen": _date(version.frozen_at),
                "reason": version.note,
                "current": version.pk == recommendation.current_version_id,
            }
            for version in versions
        ],
        "changes_language": _language_name(authoritative),
        "changes_lang": authoritative,
        "changes": _changes(versions, authoritative),
        "rounds": [_dossier_round(number, round_) for number, round_ in enumerate(recommendation.rounds.all(), 1)],
        "implementation": _all_reports(recommendation),
        "history": [
            {
                "date": _date(change.changed_at),
                "from": change.get_from_status_display(),
                "to": change.get_to_status_display(),
                "reason": change.note,
            }
            for change in recommendation.status_changes.all()
        ],
        "position_kinds": [str(Position.Kind(kind).label) for kind in POSITION_KINDS],
        "draft": not recommendation.is_public_text,
        **_texts(recommendation, language),
    }
    return Gathered(
        data=data,
        title=f"{recommendation.code}: {title['text']}",
        reference=f"{recommendation.code} · {pgettext('report reference', 'dossier')}",
        audience=dossier_audience(recommendation),
    )


BUILDERS = (
    Builder(kind=COMPENDIUM, template="reports/compendium.html", clean=compendium_clean, gather=compendium_gather),
    Builder(kind=DOSSIER, template="reports/dossier.html", clean=dossier_clean, gather=dossier_gather),
)
