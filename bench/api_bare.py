"""The baseline of bench/api.py: the recommendations list as a bare Django view, in the same gunicorn process as the
API. Same queries (the API's selector, the first page of 50 in the API's order), the same JSON built by hand: no
authentication, no permission or throttle, no serializer, no pagination, no ETag."""

from django.http import JsonResponse
from django.urls import include, path

from council.access import Viewer
from recommendations import selectors
from recommendations.api import version_data


class _Partner:
    """What a partner key's principal is to the access rule (council.partners.principal), without a key."""

    is_authenticated = is_active = is_staff = is_superuser = False
    pk = id = None
    email = ""
    access_viewer = Viewer.partner()


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def _linked(other):
    return {"id": other.pk, "code": other.code} if other is not None else None


def bare_recommendations(request):
    page_size = 50
    rows = list(
        selectors.published_recommendations_for_api(user=_Partner()).order_by("-published_at", "-id")[: page_size + 1]
    )
    results = [
        {
            "id": r.pk,
            "code": r.code,
            "working_group": r.working_group.code,
            "status": r.status,
            "access": r.access,
            "authoritative_language": r.authoritative_language,
            "addressee_states": [s.code for s in r.addressee_states.all()],
            "addresses_civil_society": r.addresses_civil_society,
            "addresses_international": r.addresses_international,
            "addresses_council": r.addresses_council,
            "tags": [t.slug for t in r.tags.all()],
            "published_at": _iso(r.published_at),
            "updated_at": _iso(r.updated_at),
            "superseded_by": _linked(r.superseded_by),
            "replaces": _linked(r.replaces),
            "versions": [v] if (v := version_data(r.current_version, r.authoritative_language)) else [],
            "history": [
                {"from": s.from_status, "to": s.to_status, "at": _iso(s.changed_at)} for s in r.status_changes.all()
            ],
            "meetings": [m.pk for m in r.meetings.all()],
        }
        for r in rows[:page_size]
    ]
    return JsonResponse({"next": None, "previous": None, "results": results}, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("bench/bare/recommendations/", bare_recommendations),
    path("", include("config.urls")),
]
