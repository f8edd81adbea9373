"""Reads for the partner API and the admin: an organisation's endpoints and deliveries, with their attempts, in
a constant number of queries; another organisation's never among them."""

import pytest

from council.webhooks import selectors, services
from council.webhooks.delivery import delivery_send
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _read(organisation):
    for delivery in selectors.deliveries_of(organisation):
        assert delivery.event.webhook_id and delivery.endpoint.url
        list(delivery.attempts_log.all())


def test_deliveries_with_their_attempts_are_read_in_constant_queries(
    endpoint, partner, receiver, queries_do_not_grow, settings
):
    settings.WEBHOOK_RETRY_DELAYS = [0, 0]
    receiver.answer = 503

    def deliver_some(n):
        for _ in range(n):
            delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
            delivery_send(delivery_id=delivery.pk)
            delivery_send(delivery_id=delivery.pk)

    deliver_some(2)
    queries_do_not_grow(lambda: _read(partner), at_most=3, grow=lambda: deliver_some(5))
    assert selectors.deliveries_of(partner).count() == 7
    assert all(d.attempts_log.count() == 2 for d in selectors.deliveries_of(partner))


def test_an_organisation_sees_only_its_own(make_endpoint, receiver, partner):
    mine = make_endpoint(receiver.url)
    other_organisation = OrganisationFactory()
    theirs = make_endpoint(receiver.url, organisation=other_organisation)
    services.endpoint_test_send(endpoint=mine, by=None)
    services.endpoint_test_send(endpoint=theirs, by=None)
    assert list(selectors.endpoints_of(partner)) == [mine]
    assert [d.endpoint_id for d in selectors.deliveries_of(partner)] == [mine.pk]
    assert [d.endpoint_id for d in selectors.deliveries_of(other_organisation)] == [theirs.pk]
