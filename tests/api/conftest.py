"""Partner keys and API clients for the API tests."""

import pytest
from django.test import Client

from council.partners import services
from council.partners.scopes import Scope
from tests.factories import OrganisationFactory, UserFactory

EVERY_SCOPE = list(Scope.values)


class ApiClient(Client):
    """A test client that sends a partner key in every request (or none)."""

    def __init__(self, secret: str | None = None, **defaults):
        if secret:
            defaults["HTTP_AUTHORIZATION"] = f"Api-Key {secret}"
        super().__init__(**defaults)


@pytest.fixture
def staff_issuer(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def issue_key(staff_issuer):
    """issue_key(scopes=..., organisation=..., expiry_date=...) -> (key, secret)."""

    def issue(*, scopes=EVERY_SCOPE, organisation=None, expiry_date=None, name="integration"):
        return services.key_issue(
            organisation=organisation or OrganisationFactory(),
            name=name,
            scopes=scopes,
            expiry_date=expiry_date,
            by=staff_issuer,
        )

    return issue


@pytest.fixture
def partner(issue_key):
    """A client holding a key with every scope."""
    _key, secret = issue_key()
    return ApiClient(secret)


@pytest.fixture
def anonymous_api():
    return ApiClient()


# The recommendations API's fixtures (tests/api/recommendation_fixtures.py) and the panels and walks of the
# recommendations tests they build on.
from tests.api.recommendation_fixtures import library, recommendations_reader  # noqa: E402, F401
from tests.recommendations.conftest import advance, ec, make_recommendation, unanimous, wg, wg_a  # noqa: E402, F401
