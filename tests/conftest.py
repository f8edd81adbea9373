"""Shared fixtures: a clean cache per test, real services when configured, and the council's people."""

import datetime
import os

import pytest
from django.core.cache import cache
from django.utils import translation

from tests import factories

# CI sets REQUIRE_SERVICES=1: there a test that needs PostgreSQL or Redis fails rather than skips.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _need(service: str, available: bool) -> None:
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{service} is required in CI but is not configured")
    pytest.skip(f"{service} is not configured (set DATABASE_URL / REDIS_URL)")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and other cached state must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches the active language (a page in English, `translation.activate`) leaves the next
    test in the default one, as a new request would be."""
    yield
    translation.deactivate()


@pytest.fixture
def postgres(settings):
    from django.db import connection

    _need("PostgreSQL", connection.vendor == "postgresql")


@pytest.fixture
def redis_url(settings):
    _need("Redis", bool(settings.REDIS_URL))
    return settings.REDIS_URL


@pytest.fixture
def today():
    return datetime.date(2025, 3, 1)


@pytest.fixture
def states(db):
    return {code: factories.MemberStateFactory(code=code) for code in ("KZ", "KG", "TJ", "TM", "UZ")}


@pytest.fixture
def council_body(db):
    return factories.BodyFactory(kind="council", code="council", parent=None, name_en="The council")


@pytest.fixture
def group_a(council_body):
    return factories.BodyFactory(code="a", parent=council_body, name_en="Group A")


@pytest.fixture
def group_b(council_body):
    return factories.BodyFactory(code="b", parent=council_body, name_en="Group B")


@pytest.fixture
def member(db):
    return factories.UserFactory()


@pytest.fixture
def staff(db):
    from council.secretariat import secretariat_group

    user = factories.UserFactory(is_staff=True)
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def member_a(group_a):
    """A current member of working group A (and so of the council), of no other body."""
    person = factories.UserFactory(full_name_latin="Member Of Groupa")
    factories.MembershipFactory(person=person, body=group_a)
    return person


@pytest.fixture
def outsider(db):
    """Someone signed in who belongs to no body (a partner's expert)."""
    return factories.UserFactory(full_name_latin="Partner Expert")


@pytest.fixture
def signed_in(client):
    """Sign the test client in as a person, or leave it anonymous for None."""

    def as_(person):
        if person is not None:
            client.force_login(person)
        return client

    return as_


@pytest.fixture
def english(client, settings):
    """Show the client's pages in English (the cookie wins over a person's preferred language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def queries_do_not_grow(client, django_assert_max_num_queries, django_assert_num_queries):
    """Pages answer with at most `at_most` queries, and with exactly as many again after `grow()` adds rows.

    A target is a URL (the client gets it and it must answer 200) or a callable (called, e.g. a report's gather).
    """

    def visit(target) -> None:
        if callable(target):
            target()
        else:
            assert client.get(target).status_code == 200

    def check(*urls, at_most: int, grow) -> None:
        before = {}
        for url in urls:
            with django_assert_max_num_queries(at_most) as before[url]:
                visit(url)
        grow()
        for url in urls:
            with django_assert_num_queries(len(before[url]), info=f"{url}: as many queries as before the rows grew"):
                visit(url)

    return check


@pytest.fixture
def seeded(settings):
    """The demo council (its bodies, states, organisations and people), with DEBUG off as in production."""
    from demo.council import seed_council

    settings.DEBUG = False
    seed_council()
