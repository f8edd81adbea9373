"""The member's own pages across the apps: the public landing page and the member's home."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from council import selectors
from council.models import Body
from meetings.selectors import meetings_upcoming_for
from recommendations.models import Recommendation
from recommendations.selectors import recommendations_visible_to
from workinggroups.selectors import recommendation_title

# How many next meetings and latest recommendations the landing page lists.
LANDING_ITEMS = 5


def landing(request):
    bodies = list(selectors.bodies_with_current_members())
    summaries = [selectors.body_summary(body) for body in bodies]
    council = next((s for s in summaries if s["body"].kind == Body.Kind.COUNCIL), None)
    latest = (
        recommendations_visible_to(user=request.user)
        .filter(status=Recommendation.Status.PUBLISHED)
        .prefetch_related(None)
        .order_by("-published_at", "-pk")[:LANDING_ITEMS]
    )
    return render(
        request,
        "portal/landing.html",
        {
            "council": council,
            "executive": next((s for s in summaries if s["body"].kind == Body.Kind.EXECUTIVE_COMMITTEE), None),
            "groups": [s for s in summaries if s["body"].kind == Body.Kind.WORKING_GROUP],
            "next_meetings": meetings_upcoming_for(user=request.user)[:LANDING_ITEMS],
            "latest_recommendations": [{"recommendation": r, "title": recommendation_title(r)} for r in latest],
        },
    )


@login_required
def home(request):
    return render(request, "portal/home.html", {"memberships": selectors.memberships_of(person=request.user)})
