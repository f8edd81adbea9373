"""Rows of webhooks: partner keys with `webhooks:manage` only (a session never holds it), each organisation its own
endpoints and deliveries; another's answer 404."""

from django.db import transaction

from council.models import Organisation
from council.partners.scopes import Scope
from council.webhooks import services
from council.webhooks.models import WebhookDelivery
from tests.security.api_matrix import CREATED, FORBIDDEN, HIDDEN, NO_CONTENT, ApiCase, expect

SCOPE = Scope.WEBHOOKS_MANAGE
RECEIVER = "http://127.0.0.1:9999/hook"  # loopback: admitted by the test settings; nothing is sent here


def _owned_by_a():
    return expect(partner_b=HIDDEN, member=FORBIDDEN, staff=FORBIDDEN)


def _endpoint_of_a():
    """An endpoint of partner A's organisation (made on first use: the organisations come with the callers)."""
    organisation = Organisation.objects.get(acronym_en="PARTA")
    endpoint = organisation.webhook_endpoints.order_by("pk").first()
    if endpoint is None:
        endpoint = services.endpoint_create(
            organisation=organisation, url=RECEIVER, events=["meeting.scheduled"], by=None
        )
    return endpoint


def _delivery_of_a():
    endpoint = _endpoint_of_a()
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint).first()
    if delivery is None:
        with transaction.atomic():
            delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
    return delivery


def _fresh_endpoint_of_a():
    organisation = Organisation.objects.get(acronym_en="PARTA")
    return services.endpoint_create(organisation=organisation, url=RECEIVER, events=["meeting.scheduled"], by=None)


def rows(world, extra) -> list[ApiCase]:
    new = {"url": RECEIVER, "events": ["recommendation.published"]}
    return [
        ApiCase(
            "api:webhook-endpoint-list",
            lambda: "/api/v1/webhooks/endpoints/",
            expect(member=FORBIDDEN, staff=FORBIDDEN),
            SCOPE,
        ),
        ApiCase(
            "api:webhook-endpoint-list",
            lambda: "/api/v1/webhooks/endpoints/",
            expect(CREATED, member=FORBIDDEN, staff=FORBIDDEN),
            SCOPE,
            method="post",
            data=lambda: new,
            label="register",
        ),
        ApiCase(
            "api:webhook-endpoint-detail",
            lambda: f"/api/v1/webhooks/endpoints/{_endpoint_of_a().pk}/",
            _owned_by_a(),
            SCOPE,
        ),
        ApiCase(
            "api:webhook-endpoint-detail",
            lambda: f"/api/v1/webhooks/endpoints/{_endpoint_of_a().pk}/",
            _owned_by_a(),
            SCOPE,
            method="patch",
            data=lambda: {"description": "changed"},
            label="change",
        ),
        ApiCase(
            "api:webhook-endpoint-detail",
            lambda: "/api/v1/webhooks/endpoints/999999999/",
            expect(HIDDEN, member=FORBIDDEN, staff=FORBIDDEN),
            SCOPE,
            label="missing",
        ),
        ApiCase(
            "api:webhook-endpoint-rotate-secret",
            lambda: f"/api/v1/webhooks/endpoints/{_endpoint_of_a().pk}/rotate-secret/",
            _owned_by_a(),
            SCOPE,
            method="post",
        ),
        ApiCase(
            "api:webhook-endpoint-test",
            lambda: f"/api/v1/webhooks/endpoints/{_endpoint_of_a().pk}/test/",
            expect("202", partner_b=HIDDEN, member=FORBIDDEN, staff=FORBIDDEN),
            SCOPE,
            method="post",
        ),
        ApiCase(
            "api:webhook-delivery-list",
            lambda: "/api/v1/webhooks/deliveries/",
            expect(member=FORBIDDEN, staff=FORBIDDEN),
            SCOPE,
        ),
        ApiCase(
            "api:webhook-delivery-detail",
            lambda: f"/api/v1/webhooks/deliveries/{_delivery_of_a().pk}/",
            _owned_by_a(),
            SCOPE,
        ),
        ApiCase(
            "api:webhook-endpoint-detail",
            lambda: f"/api/v1/webhooks/endpoints/{_fresh_endpoint_of_a().pk}/",
            expect(NO_CONTENT, partner_b=HIDDEN, member=FORBIDDEN, staff=FORBIDDEN),
            SCOPE,
            method="delete",
            label="remove",
        ),
    ]
