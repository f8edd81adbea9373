"""No page's <title> holds markup or a secret: walked over the portal's pages as a signed-in member."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from council.models import Body, User
from demo.meetings import seed_meetings
from demo.recommendations import seed_recommendations
from meetings.models import Invitation, Meeting
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{32,}")
SKIPPED_PREFIXES = ("admin/", "api/")


def patterns(resolver=None, prefix="", namespace=""):
    """(route, namespaced name, parameter names) of every URL pattern the portal serves."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name or ''}", list(entry.pattern.regex.groupindex)


def fill(route: str, values: dict[str, list[str]]) -> list[str]:
    """The paths of a route for the values known for its parameters; none if a parameter is unknown."""
    paths = [route]
    for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if name not in values:
            return []
        paths = [re.sub(rf"<(?:\w+:)?{name}>", str(v), p, count=1) for p in paths for v in values[name]]
    return ["/" + p.lstrip("^").rstrip("$").replace("\\Z", "") for p in paths]


@pytest.fixture
def portal(seeded):
    seed_meetings()
    seed_recommendations()
    invited = Invitation.objects.filter(person__isnull=False, person__is_active=True).select_related("person")
    return invited.first().person


def test_no_page_title_holds_markup_or_a_token(client, portal):
    member: User = portal
    client.force_login(member)
    # The objects a parameter names, per page: every meeting, recommendation and body of the demo data.
    values = {
        "meetings:detail": {"pk": list(Meeting.objects.values_list("pk", flat=True))},
        "recommendations:detail": {"pk": list(Recommendation.objects.values_list("pk", flat=True))},
        "council:body": {"code": list(Body.objects.values_list("code", flat=True))},
        "workinggroups:detail": {"code": list(Body.objects.values_list("code", flat=True))},
    }
    walked = []
    for route, name, params in patterns():
        if route.startswith(SKIPPED_PREFIXES) or "(?P<" in route:
            continue
        for path in fill(route, values.get(name, {}) if params else {}):
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            page = response.content.decode()
            match = TITLE.search(page)
            assert match, f"{path} has no <title>"
            title = match.group(1)
            assert "<" not in title and ">" not in title and "&lt;" not in title, (path, title)
            assert member.calendar_token not in title, path
            assert not TOKEN_LIKE.search(title), (path, title)
            walked.append(path)
    assert "/home/" in walked and "/meetings/" in walked and "/" in walked
    assert any(p.startswith("/meetings/") and p.rstrip("/").split("/")[-1].isdigit() for p in walked)
    assert any(p.startswith("/recommendations/") and p.rstrip("/").split("/")[-1].isdigit() for p in walked)
