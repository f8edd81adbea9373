"""Reads of roadmaps and activities, with the joins each page and API list needs (a fixed number of queries)."""

import dataclasses

from django.db.models import Count, Prefetch, Q, QuerySet

from meetings.models import Meeting
from meetings.permissions import filter_visible_meetings
from programme.models import Activity, Roadmap
from programme.permissions import adopted_roadmaps_q, filter_visible_activities, filter_visible_roadmaps
from recommendations.models import Recommendation
from recommendations.permissions import filter_visible_recommendations


@dataclasses.dataclass(frozen=True)
class Progress:
    """Done activities out of those that count (all but the cancelled ones)."""

    done: int
    counted: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.counted) if self.counted else 0


def progress_of(activities) -> Progress:
    activities = list(activities)
    counted = [a for a in activities if a.status != Activity.Status.CANCELLED]
    return Progress(done=sum(1 for a in counted if a.status == Activity.Status.DONE), counted=len(counted))


def roadmaps_visible_to(*, user) -> QuerySet[Roadmap]:
    return filter_visible_roadmaps(Roadmap.objects.all(), user)


def roadmaps_listed_for(*, user) -> QuerySet[Roadmap]:
    """The roadmaps the user sees, with their parties and their activities counted (for progress)."""
    return (
        roadmaps_visible_to(user=user)
        .select_related("adopted_at")
        .prefetch_related("states", "organisations")
        .annotate(
            activities_done=Count("activities", filter=Q(activities__status=Activity.Status.DONE), distinct=True),
            activities_counted=Count(
                "activities", filter=~Q(activities__status=Activity.Status.CANCELLED), distinct=True
            ),
        )
        .order_by("-starts_on", "pk")
    )


def listed_progress(roadmap) -> Progress:
    """The progress of a roadmap read by `roadmaps_listed_for` (its counts, no query)."""
    return Progress(done=roadmap.activities_done, counted=roadmap.activities_counted)


def linked_meetings(*, user) -> QuerySet[Meeting]:
    """Meetings an activity may show to `user`: those the user may see, nothing more."""
    return filter_visible_meetings(Meeting.objects.all(), user).order_by("starts_at", "pk")


def linked_recommendations(*, user) -> QuerySet[Recommendation]:
    """Recommendations an activity may show to `user`: those the user may see, nothing more."""
    return (
        filter_visible_recommendations(Recommendation.objects.all(), user)
        .select_related("current_version", "working_group")
        .order_by("code")
    )


def activities_described_for(*, user) -> QuerySet[Activity]:
    """Activities of roadmaps the user sees, each with its organisations, states, and the linked meetings and
    recommendations the user may see (`meetings_seen`, `recommendations_seen`): hidden ones never come."""
    return (
        filter_visible_activities(Activity.objects.all(), user)
        .select_related("lead", "roadmap")
        .prefetch_related(
            "partners",
            "states",
            Prefetch("meetings", queryset=linked_meetings(user=user), to_attr="meetings_seen"),
            Prefetch("recommendations", queryset=linked_recommendations(user=user), to_attr="recommendations_seen"),
        )
    )


def roadmap_for_page(*, user, pk: int) -> Roadmap:
    """The roadmap with its parties and activities (as `activities_described_for`); raises DoesNotExist."""
    activities = activities_described_for(user=user).order_by("planned_start", "order", "pk")
    return (
        roadmaps_visible_to(user=user)
        .select_related("adopted_at")
        .prefetch_related(
            "states", "organisations", Prefetch("activities", queryset=activities, to_attr="activity_list")
        )
        .get(pk=pk)
    )


def roadmaps_described_for(*, user) -> QuerySet[Roadmap]:
    """Roadmaps the user sees with all the API gives of them: parties, the meeting, activities with their links."""
    activities = activities_described_for(user=user).order_by("planned_start", "order", "pk")
    return (
        roadmaps_visible_to(user=user)
        .select_related("adopted_at")
        .prefetch_related(
            "states", "organisations", Prefetch("activities", queryset=activities, to_attr="activity_list")
        )
    )


def party_progress(roadmap) -> list[dict]:
    """Progress per party of a roadmap read by `roadmap_for_page`: for a state, the activities for it; for an
    organisation, those it leads or takes part in."""
    activities = roadmap.activity_list
    rows = []
    for state in roadmap.states.all():
        mine = [a for a in activities if any(s.pk == state.pk for s in a.states.all())]
        rows.append({"party": state, "kind": "state", "activities": len(mine), "progress": progress_of(mine)})
    for organisation in roadmap.organisations.all():
        mine = [
            a
            for a in activities
            if a.lead_id == organisation.pk or any(o.pk == organisation.pk for o in a.partners.all())
        ]
        rows.append(
            {"party": organisation, "kind": "organisation", "activities": len(mine), "progress": progress_of(mine)}
        )
    return rows


def landing_roadmaps(*, user, limit: int = 3) -> list[dict]:
    """The adopted roadmaps the user sees, newest first, with their progress (the landing page's panel)."""
    roadmaps = roadmaps_listed_for(user=user).filter(adopted_roadmaps_q()).prefetch_related(None)[:limit]
    return [{"roadmap": roadmap, "progress": listed_progress(roadmap)} for roadmap in roadmaps]
