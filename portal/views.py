"""The member's own pages across the apps: the public landing page and the member's home."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import selectors
from council.models import Body
from council.services import user_profile_update, user_visit_record
from figures.selectors import headlines_for
from meetings.selectors import meetings_upcoming_for, outcomes_latest_for
from portal import selectors as portal_selectors
from portal.forms import ProfileForm
from programme.selectors import landing_roadmaps
from recommendations.models import Recommendation
from recommendations.selectors import recommendations_visible_to

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
            "latest_recommendations": [{"recommendation": r, "title": r.localized_title} for r in latest],
            "figure_headlines": headlines_for(user=request.user),
            "landing_roadmaps": landing_roadmaps(user=request.user),
            "latest_outcomes": outcomes_latest_for(user=request.user, limit=LANDING_ITEMS),
        },
    )


@login_required
def home(request):
    """What needs the person: rounds to answer, invitations, reports due, new documents, next meetings."""
    since = user_visit_record(user=request.user)
    context = portal_selectors.home_for(user=request.user, since=since)
    context["memberships"] = selectors.memberships_of(person=request.user)
    # Dates without a zone of their own (a position's, the last visit's) in the reader's zone, else the council's.
    context["reader_zone"] = request.user.time_zone or settings.RECOMMENDATIONS_ROUND_TIME_ZONE
    return render(request, "portal/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The person's own names, language, time zone and notices; their calendar feed and second factor."""
    form = ProfileForm.for_user(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = user_profile_update(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if changed:
                messages.success(request, _("Your profile has been saved."))
            else:
                messages.info(request, _("Nothing to save: your profile is as it was."))
            response = redirect("portal:profile")
            if "preferred_language" in changed:
                _remember_language(response, request.user.preferred_language)
            return response
    return render(
        request,
        "portal/profile.html",
        {"form": form, "second_factor": portal_selectors.second_factor_of(user=request.user)},
        status=400 if form.is_bound else 200,
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _remember_language(response, language: str) -> None:
    """The language cookie as Django's set_language writes it, so the new choice shows from the next page on."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
