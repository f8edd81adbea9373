"""The member's own pages across the apps: the public landing page and the member's home."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from council import selectors
from council.models import Body


def landing(request):
    bodies = list(selectors.bodies_with_current_members())
    summaries = [selectors.body_summary(body) for body in bodies]
    council = next((s for s in summaries if s["body"].kind == Body.Kind.COUNCIL), None)
    return render(
        request,
        "portal/landing.html",
        {
            "council": council,
            "executive": [s for s in summaries if s["body"].kind == Body.Kind.EXECUTIVE_COMMITTEE],
            "groups": [s for s in summaries if s["body"].kind == Body.Kind.WORKING_GROUP],
        },
    )


@login_required
def home(request):
    return render(request, "portal/home.html", {"memberships": selectors.memberships_of(person=request.user)})
