"""The recommendations' panels of the admin's front page: open consensus rounds where they stand, and the
implementation reports member states owe for a period that has ended."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone

from recommendations import consensus
from recommendations.models import ConsensusRound, ImplementationReport, Position, Recommendation, RoundMember
from recommendations.services import current_period

OVERDUE_SHOWN = 10


def round_standing(round_: ConsensusRound) -> consensus.Outcome:
    """Where a round stands, from its prefetched members and positions (no query of its own)."""
    members = [consensus.Member(m.person_id, m.state.code if m.state else None) for m in round_.members.all()]
    latest = {}
    for position in round_.positions.all():  # prefetched in recording order: the last one stands
        latest[position.person_id] = position.kind
    rule = consensus.QuorumRule(share=round_.quorum_share, min_states=round_.quorum_states)
    return consensus.compute_outcome(members, latest, silence=round_.mode == ConsensusRound.Mode.SILENCE, rule=rule)


def open_rounds() -> list[dict]:
    """Every open round with where it stands now (three queries whatever their number)."""
    rounds = (
        ConsensusRound.objects.filter(state=ConsensusRound.State.OPEN)
        .select_related("recommendation__current_version", "body", "meeting")
        .prefetch_related(
            Prefetch("members", queryset=RoundMember.objects.select_related("state")),
            Prefetch("positions", queryset=Position.objects.order_by("recorded_at", "id")),
        )
        .order_by("deadline", "opened_at", "pk")
    )
    now = timezone.now()
    rows = []
    for round_ in rounds:
        standing = round_standing(round_)
        answered = len({p.person_id for p in round_.positions.all()} & {m.person_id for m in round_.members.all()})
        rows.append(
            {
                "round": round_,
                "url": reverse("admin:recommendations_consensusround_change", args=[round_.pk]),
                "standing": standing,
                "result_label": ConsensusRound.Result(standing.result).label,
                "answered": answered,
                "members": standing.members,
                "counts": [(kind.label, standing.counts[kind.value], kind.value) for kind in Position.Kind],
                "past_deadline": bool(round_.deadline and round_.deadline <= now),
            }
        )
    return rows


def previous_period(day: datetime.date | None = None) -> tuple[str, datetime.date]:
    """The last half-year that has ended, and the day it ended."""
    day = day or timezone.localdate()
    if day.month <= 6:
        return f"{day.year - 1}-H2", datetime.date(day.year - 1, 12, 31)
    return f"{day.year}-H1", datetime.date(day.year, 6, 30)


def overdue_reports(day: datetime.date | None = None) -> dict:
    """Recommendations published before the last ended period closed, and addressed states that filed no
    report for it: how many, and the first few (one query each)."""
    period, ended = previous_period(day)
    through = Recommendation.addressee_states.through
    owed = (
        through.objects.filter(
            recommendation__status=Recommendation.Status.PUBLISHED, recommendation__published_at__date__lte=ended
        )
        .annotate(
            _filed=Exists(
                ImplementationReport.objects.filter(
                    recommendation_id=OuterRef("recommendation_id"), state_id=OuterRef("memberstate_id"), period=period
                )
            )
        )
        .filter(_filed=False)
    )
    rows = list(
        owed.select_related("recommendation__current_version", "memberstate").order_by(
            "recommendation__code", "memberstate__order", "memberstate__code"
        )[:OVERDUE_SHOWN]
    )
    return {
        "period": period,
        "current_period": current_period(day),
        "count": owed.count() if rows else 0,
        "rows": [
            {
                "recommendation": row.recommendation,
                "state": row.memberstate,
                "url": reverse("admin:recommendations_recommendation_change", args=[row.recommendation_id]),
            }
            for row in rows
        ],
        "list_url": reverse("admin:recommendations_implementationreport_changelist") + f"?period__exact={period}",
    }


def rounds_panel(request) -> dict | None:
    if not request.user.has_perm("recommendations.view_consensusround"):
        return None
    return {
        "rows": open_rounds(),
        "list_url": reverse("admin:recommendations_consensusround_changelist") + "?state__exact=open",
    }


def reports_panel(request) -> dict | None:
    if not request.user.has_perm("recommendations.view_implementationreport"):
        return None
    return overdue_reports()
