"""Fixtures of the webhook tests: a real receiver on loopback, a partner organisation and its endpoints."""

import pytest

from council.webhooks import services
from council.webhooks.models import SUBSCRIBABLE
from tests.factories import OrganisationFactory

# A real Celery worker, Redis and PostgreSQL (the delivery harness of tests/meetings/reliability).
from tests.meetings.reliability.conftest import (  # noqa: F401 - fixtures
    delivery_queue,
    live_celery,
    smtp,
    workers,
)

# The recommendations' walk along a text's life, and the reports' test document, for the events of those apps.
from tests.recommendations.conftest import (  # noqa: F401 - fixtures
    advance,
    ec,
    make_recommendation,
    unanimous,
    wg,
)
from tests.reports.conftest import rendered, test_document  # noqa: F401 - fixtures
from tests.webhooks.receiver import Receiver

ALL_EVENTS = [value for value, _label in SUBSCRIBABLE]


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def partner(db):
    return OrganisationFactory(acronym_en="UNOCT", name_en="UN Office of Counter-Terrorism")


@pytest.fixture
def make_endpoint(partner, staff):
    """Register an endpoint through the service (URL checked, secret made) for the partner, or another."""

    def make(url, *, events=None, organisation=None, description=""):
        return services.endpoint_create(
            organisation=organisation or partner,
            url=url,
            events=ALL_EVENTS if events is None else events,
            description=description,
            by=staff,
        )

    return make


@pytest.fixture
def endpoint(make_endpoint, receiver):
    """An endpoint of the partner on the test's receiver, subscribed to every event; the receiver holds its secret."""
    created = make_endpoint(receiver.url)
    receiver.secrets = [created.secret]
    return created
