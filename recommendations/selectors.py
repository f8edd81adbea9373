"""Reads of recommendations, rounds and implementation, with the joins each page needs."""

import difflib
import re
from collections.abc import Iterable

from django.db.models import DateTimeField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from council.content import Localized
from council.models import MemberState
from meetings.models import Meeting
from meetings.permissions import filter_visible_meetings
from recommendations.models import (
    ConsensusRound,
    ImplementationReport,
    ImplementationReportDraft,
    PartnerComment,
    Position,
    Recommendation,
    RecommendationVersion,
    RoundMember,
    StatusChange,
)
from recommendations.permissions import (
    filter_visible_recommendations,
    filter_visible_reports,
    open_to_partner_comments_q,
    partner_comment_targets_q,
    published_visible_q,
    reportable_state_ids,
)


def recommendations_visible_to(*, user) -> QuerySet[Recommendation]:
    return (
        filter_visible_recommendations(Recommendation.objects.all(), user)
        .select_related("working_group", "current_version", "superseded_by")
        .prefetch_related("addressee_states", "tags")
        .order_by("working_group__order", "code")
    )


def recommendation_for_page(*, user, pk: int) -> Recommendation:
    """Raises Recommendation.DoesNotExist when missing or not visible."""
    return (
        recommendations_visible_to(user=user)
        .prefetch_related(
            Prefetch(
                "versions", queryset=RecommendationVersion.objects.select_related("created_by").order_by("number")
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by", "round__body")),
            Prefetch(
                "rounds",
                queryset=ConsensusRound.objects.select_related("body", "version", "meeting").prefetch_related(
                    Prefetch("members", queryset=RoundMember.objects.select_related("person__organisation", "state")),
                    Prefetch(
                        "positions", queryset=Position.objects.select_related("person").order_by("recorded_at", "id")
                    ),
                    "comments__person",
                ),
            ),
            "meetings",
            Prefetch(
                "implementation_reports",
                queryset=ImplementationReport.objects.select_related("state", "submitted_by").order_by(
                    "state__order", "state__code", "-submitted_at", "-id"
                ),
            ),
        )
        .get(pk=pk)
    )


def round_tally(round_: ConsensusRound) -> list[dict]:
    """Each member of a round with their current position (None if they have not answered)."""
    latest = {}
    for position in round_.positions.all():  # prefetched in recording order
        latest[position.person_id] = position
    return [{"member": m, "position": latest.get(m.person_id)} for m in round_.members.all()]


def reservations(recommendation: Recommendation) -> list[Position]:
    """Stand-aside positions standing at the close of adopted rounds: they are annexed to the text."""
    annexed = []
    for round_ in recommendation.rounds.all():
        if round_.result == ConsensusRound.Result.ADOPTED:
            annexed += [
                row["position"]
                for row in round_tally(round_)
                if row["position"] and row["position"].kind == Position.Kind.STAND_ASIDE
            ]
    return annexed


def round_annex(round_: ConsensusRound) -> list[dict]:
    """The reservations (stand aside) and formal objections standing when a round closed, with their reasons:
    annexed to its outcome. Each with its member's row (state, person) for the page to name as access allows."""
    if round_.state != ConsensusRound.State.CLOSED:
        return []
    return [
        row
        for row in round_tally(round_)
        if row["position"] and row["position"].kind in (Position.Kind.STAND_ASIDE, Position.Kind.OBJECTION)
    ]


def reports_of(recommendation: Recommendation) -> list[ImplementationReport]:
    """The implementation reports of a recommendation read for its page, each state's newest first."""
    return list(recommendation.implementation_reports.all())


_TOKEN = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff as (operation, text) pairs: equal, insert, delete; the template escapes the text."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(a[i1:i2])))
        if op in ("delete", "replace"):
            parts.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("insert", "".join(b[j1:j2])))
    return parts


def implementation_matrix(*, user) -> dict:
    """Published recommendations × member states with the latest report, and roll-ups; fixed queries."""
    recommendations = list(recommendations_visible_to(user=user).filter(status=Recommendation.Status.PUBLISHED))
    states = list(MemberState.objects.order_by("order", "code"))
    reports = ImplementationReport.objects.filter(recommendation__in=recommendations).order_by(
        "recommendation_id", "state_id", "-submitted_at", "-id"
    )
    latest = latest_reports(
        reports.only("id", "recommendation_id", "state_id", "status", "progress", "period", "submitted_at")
    )
    matrix = implementation_rollup(recommendations, states, latest, reportable=reportable_state_ids(user))
    for row in matrix["rows"]:
        row["title"] = recommendation_title(row["recommendation"])
    return matrix


def latest_reports(reports: Iterable[ImplementationReport]) -> dict[tuple[int, int], ImplementationReport]:
    """The first report of each (recommendation, state) pair in `reports`, which come newest first."""
    latest: dict[tuple[int, int], ImplementationReport] = {}
    for report in reports:
        latest.setdefault((report.recommendation_id, report.state_id), report)
    return latest


def implementation_rollup(
    recommendations: Iterable[Recommendation],
    states: Iterable[MemberState],
    latest: dict[tuple[int, int], ImplementationReport],
    *,
    reportable: set[int] | None = None,
) -> dict:
    """The matrix of `recommendations` × `states` with the `latest` report of each pair, and its roll-ups.

    Reads no database beyond what is given (each recommendation's `addressee_states` and `working_group` are
    prefetched). A cell of a state the recommendation does not address is not counted. Per state, per working
    group and in all (`total`): the cells addressed, those with a report, those implemented, the count per status
    of the latest reports (`statuses`), and the average progress over what was reported (`measured`: a cell without
    a report is not a 0, and a report saying the text does not apply has no progress), rounded to a whole per cent
    (None when nothing was measured). `reportable` is the states the viewer
    reports for (None: all), for the cells' `can_report`.
    """
    states = list(states)
    rows = []
    total = _bucket()
    per_state = {s.pk: _bucket(state=s) for s in states}
    per_group: dict[int, dict] = {}
    for recommendation in recommendations:
        addressed = {s.pk for s in recommendation.addressee_states.all()}
        cells = []
        group = per_group.setdefault(recommendation.working_group_id, _bucket(group=recommendation.working_group))
        for state in states:
            report = latest.get((recommendation.pk, state.pk))
            cells.append(
                {
                    "state": state,
                    "addressed": state.pk in addressed,
                    "report": report,
                    "can_report": state.pk in addressed and (reportable is None or state.pk in reportable),
                }
            )
            if state.pk in addressed:
                for bucket in (per_state[state.pk], group, total):
                    bucket["addressed"] += 1
                    if report:
                        bucket["reported"] += 1
                        if report.progress is not None:
                            bucket["measured"] += 1
                            bucket["progress"] += report.progress
                        bucket["implemented"] += report.status == ImplementationReport.Status.IMPLEMENTED
                        bucket["statuses"][report.status] += 1
        rows.append({"recommendation": recommendation, "cells": cells})
    for bucket in [*per_state.values(), *per_group.values(), total]:
        bucket["average"] = round(bucket["progress"] / bucket["measured"]) if bucket["measured"] else None
        bucket["not_reported"] = bucket["addressed"] - bucket["reported"]
    return {
        "states": states,
        "rows": rows,
        "per_state": list(per_state.values()),
        "per_group": list(per_group.values()),
        "total": total,
    }


def _bucket(**owner) -> dict:
    statuses = dict.fromkeys(ImplementationReport.Status.values, 0)
    return {
        **owner,
        "addressed": 0,
        "reported": 0,
        "measured": 0,
        "implemented": 0,
        "progress": 0,
        "statuses": statuses,
    }


# Focal points' reporting -------------------------------------------------------------------------------------


def reports_due_for(*, user, period: str) -> list[dict]:
    """Each (published recommendation, addressed state) the user reports for (permissions.reportable_state_ids) and
    may read, with the state's latest report, whether it reported for `period`, and its draft; four queries."""
    states = reportable_state_ids(user)
    recommendations = recommendations_visible_to(user=user).filter(status=Recommendation.Status.PUBLISHED)
    if states is not None:
        recommendations = recommendations.filter(addressee_states__in=states).distinct()
    recommendations = list(recommendations)
    pks = [r.pk for r in recommendations]
    reports = ImplementationReport.objects.filter(recommendation__in=pks).order_by(
        "recommendation_id", "state_id", "-submitted_at", "-id"
    )
    drafts = ImplementationReportDraft.objects.filter(recommendation__in=pks).select_related("updated_by")
    if states is not None:
        reports, drafts = reports.filter(state__in=states), drafts.filter(state__in=states)
    reports = list(reports.only("id", "recommendation_id", "state_id", "status", "progress", "period", "submitted_at"))
    latest = latest_reports(reports)
    this_period = {(r.recommendation_id, r.state_id) for r in reports if r.period == period}
    draft_of = {(d.recommendation_id, d.state_id): d for d in drafts}
    rows = []
    for recommendation in recommendations:
        for state in recommendation.addressee_states.all():  # prefetched, in the states' order
            if states is not None and state.pk not in states:
                continue
            key = (recommendation.pk, state.pk)
            rows.append(
                {
                    "recommendation": recommendation,
                    "state": state,
                    "latest": latest.get(key),
                    "reported": key in this_period,
                    "draft": draft_of.get(key),
                }
            )
    rows.sort(key=lambda row: (row["reported"], row["state"].order, row["state"].code))
    return rows


def recommendation_title(recommendation) -> Localized:
    """The current version's title in the reader's language, else the original marked (Recommendation.localized_title,
    which reads no more than the current version, joined beforehand)."""
    return recommendation.localized_title


def report_draft_of(*, recommendation, state) -> ImplementationReportDraft | None:
    """The state's draft of its next report on the recommendation (permissions.can_view_report_draft says who)."""
    return ImplementationReportDraft.objects.filter(recommendation=recommendation, state=state).first()


def latest_report_of(*, recommendation, state) -> ImplementationReport | None:
    """The state's last submitted report on the recommendation (shown beside the form of the next one)."""
    return (
        ImplementationReport.objects.filter(recommendation=recommendation, state=state)
        .select_related("submitted_by")
        .order_by("-submitted_at", "-id")
        .first()
    )


def report_for_page(*, user, pk: int) -> ImplementationReport:
    """A submitted report the user may read, with its recommendation and state. Raises DoesNotExist otherwise."""
    return (
        filter_visible_reports(ImplementationReport.objects.all(), user)
        .select_related("recommendation__current_version", "recommendation__working_group", "state", "submitted_by")
        .get(pk=pk)
    )


def report_history(*, user, state, recommendation=None) -> list[ImplementationReport]:
    """A state's submitted reports the user may read, by recommendation and then newest period first."""
    reports = filter_visible_reports(ImplementationReport.objects.filter(state=state), user)
    if recommendation is not None:
        reports = reports.filter(recommendation=recommendation)
    return list(
        reports.select_related(
            "recommendation__current_version", "recommendation__working_group", "submitted_by"
        ).order_by("recommendation__working_group__order", "recommendation__code", "-period", "-submitted_at", "-id")
    )


# The partner API (recommendations.api) -----------------------------------------------------------------------


def _last_status_change():
    return Subquery(
        StatusChange.objects.filter(recommendation=OuterRef("pk"))
        .order_by("-changed_at", "-id")
        .values("changed_at")[:1],
        output_field=DateTimeField(),
    )


def _latest_of(field: str):
    """The later of `field` and the recommendation's last status change (either may be missing)."""
    last_change = _last_status_change()
    return Greatest(Coalesce(field, last_change), Coalesce(last_change, field), output_field=DateTimeField())


def published_recommendations_for_api(*, user) -> QuerySet[Recommendation]:
    """Published texts the user may read, with all the API shows of them in a fixed number of queries: the working
    group, the published version and the texts superseded or superseding joined; addressees, themes, the milestones
    of adoption and the meetings the user may see prefetched. `updated_at`: its publication or its last status
    change, whichever is later."""
    return (
        Recommendation.objects.filter(published_visible_q(user))
        .select_related("working_group", "current_version", "superseded_by", "replaces")
        .prefetch_related(
            "addressee_states",
            "tags",
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.filter(to_status__in=Recommendation.ADOPTION_MILESTONES)
                .only("id", "recommendation_id", "from_status", "to_status", "changed_at")
                .order_by("changed_at", "id"),
            ),
            Prefetch(
                "meetings",
                queryset=filter_visible_meetings(Meeting.objects.only("id"), user).order_by("starts_at", "id"),
            ),
        )
        .annotate(updated_at=_latest_of("published_at"))
    )


def consultations_for_partners(*, user) -> QuerySet[Recommendation]:
    """Recommendations in consultation that the secretariat opened to partners' comments (at a level the caller
    reads), with the current version and the open round's deadline. `updated_at`: the current version's creation
    or the last status change, whichever is later."""
    return (
        Recommendation.objects.filter(open_to_partner_comments_q(user))
        .select_related("working_group", "current_version")
        .prefetch_related(
            "addressee_states",
            Prefetch(
                "rounds",
                queryset=ConsensusRound.objects.filter(state=ConsensusRound.State.OPEN).only(
                    "id", "recommendation_id", "deadline", "state"
                ),
                to_attr="open_rounds",
            ),
        )
        .annotate(updated_at=_latest_of("current_version__created_at"))
    )


def partner_comment_target(*, user, pk) -> Recommendation:
    """A recommendation the partner may comment on or read its own comments on (services.partner_comment_add says
    whether it is still in consultation). Raises Recommendation.DoesNotExist when missing or not open to partners."""
    return Recommendation.objects.filter(partner_comment_targets_q(user)).get(pk=pk)


def partner_comments_of(*, organisation, recommendation) -> QuerySet[PartnerComment]:
    """An organisation's own comments on a recommendation (a partner reads no other's)."""
    return PartnerComment.objects.filter(organisation=organisation, recommendation=recommendation).select_related(
        "version"
    )


def partner_comments_for_page(*, recommendation) -> list[PartnerComment]:
    """Every partner's comments on a recommendation, oldest first, for its page (permissions.can_read_partner_comments
    says who reads them)."""
    return list(
        PartnerComment.objects.filter(recommendation=recommendation)
        .select_related("organisation", "version")
        .order_by("created_at", "id")
    )


def implementation_figures(
    *, user, working_group_code: str | None = None, state_code: str | None = None, period: str | None = None
) -> dict:
    """The implementation matrix's roll-ups (implementation_rollup) over the published recommendations the user may
    read: per member state, per working group and in all. Figures only: no narrative, no person.

    A working group's code narrows the recommendations, a state's code the member states counted (a code that
    names nothing counts nothing). Without `period` each cell is
    its latest report (as the portal's matrix); with one, the latest report of a period up to and including it (as
    the implementation report, recommendations.implementation_report). Four queries."""
    recommendations = Recommendation.objects.filter(published_visible_q(user), status=Recommendation.Status.PUBLISHED)
    if working_group_code is not None:
        recommendations = recommendations.filter(working_group__code=working_group_code)
    rows = list(
        recommendations.select_related("working_group")
        .prefetch_related("addressee_states")
        .order_by("working_group__order", "working_group__code", "code")
    )
    states = MemberState.objects.order_by("order", "code")
    reports = ImplementationReport.objects.filter(recommendation__in=recommendations.values("pk"))
    if state_code is not None:
        states = states.filter(code=state_code)
        reports = reports.filter(state__code=state_code)
    states = list(states)
    if period:
        reports = reports.filter(period__lte=period).order_by(
            "recommendation_id", "state_id", "-period", "-submitted_at", "-id"
        )
    else:
        reports = reports.order_by("recommendation_id", "state_id", "-submitted_at", "-id")
    reports = list(reports.only("id", "recommendation_id", "state_id", "status", "progress", "period", "submitted_at"))
    figures = implementation_rollup(rows, states, latest_reports(reports))
    figures["recommendations"] = rows
    figures["last_modified"] = max(
        [row.published_at for row in rows if row.published_at] + [report.submitted_at for report in reports],
        default=None,
    )
    return figures
