"""The secretariat's screens: an endpoint's secret is shown once, at creation and at each rotation, and never
again; deliveries are read with their attempts and retried; every action goes through a service and is audited."""

import pytest
from django.urls import reverse

from council.models import AuditRecord
from council.outbox.models import SendState
from council.webhooks import services
from council.webhooks.delivery import delivery_send
from council.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.helpers import admin_action, messages_of
from tests.html import read_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def add_url():
    return reverse("admin:webhooks_webhookendpoint_add")


def test_the_secretariat_registers_an_endpoint_and_sees_its_secret_once(client, staff, partner, receiver):
    client.force_login(staff)
    data = read_form(client.get(add_url()), "webhookendpoint_form").data
    data.update(organisation=str(partner.pk), url=receiver.url, events=["meeting.scheduled"], description="UNOCT")
    response = client.post(add_url(), data)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in response.content.decode()
    assert endpoint.events == ["meeting.scheduled"] and endpoint.organisation == partner
    assert AuditRecord.objects.filter(action="webhook_endpoint.create", target_id=str(endpoint.pk)).count() == 1
    assert endpoint.secret not in str(AuditRecord.objects.values_list("data", flat=True))

    # Never again: not on its page, not in the list, not in its history.
    for page in (
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]),
        reverse("admin:webhooks_webhookendpoint_changelist"),
        reverse("admin:webhooks_webhookendpoint_history", args=[endpoint.pk]),
    ):
        shown = client.get(page)
        assert shown.status_code == 200
        assert endpoint.secret not in shown.content.decode() and "whsec_" not in shown.content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.0.0.1/hook", "10.0.0.1"),
        ("http://2130706433/hook", "IP address"),
        ("ftp://hooks.example.org/", "https://"),
        ("https://user:pw@hooks.example.org/", "user name"),
    ],
)
def test_a_private_or_malformed_url_is_refused_with_a_message_and_nothing_is_saved(
    client, staff, partner, url, message
):
    client.force_login(staff)
    data = read_form(client.get(add_url()), "webhookendpoint_form").data
    data.update(organisation=str(partner.pk), url=url, events=["meeting.scheduled"])
    response = client.post(add_url(), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors.get("url", [])), errors
    assert not WebhookEndpoint.objects.exists()


def test_loopback_is_refused_in_the_admin_when_the_setting_is_off(client, staff, partner, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    client.force_login(staff)
    data = read_form(client.get(add_url()), "webhookendpoint_form").data
    data.update(organisation=str(partner.pk), url="http://localhost:8080/hook", events=["meeting.scheduled"])
    response = client.post(add_url(), data)
    assert response.status_code == 200 and "url" in response.context["adminform"].form.errors


def test_rotating_shows_the_new_secret_once_and_the_old_one_still_verifies(client, staff, endpoint, receiver):
    old = endpoint.secret
    client.force_login(staff)
    response = admin_action(client, WebhookEndpoint, "rotate_secret", [endpoint])
    endpoint.refresh_from_db()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert endpoint.secret != old and endpoint.secret in response.content.decode()
    assert old not in response.content.decode()
    # The partner still has the old secret for a day: what is sent now verifies with it.
    receiver.secrets = [old]
    delivery = services.endpoint_test_send(endpoint=endpoint, by=staff)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert receiver.accepted == [delivery.event.webhook_id]


def test_disable_and_enable_are_recorded(client, staff, endpoint):
    client.force_login(staff)
    admin_action(client, WebhookEndpoint, "disable_endpoints", [endpoint])
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_reason
    admin_action(client, WebhookEndpoint, "enable_endpoints", [endpoint])
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.disabled_at is None
    assert list(AuditRecord.objects.filter(target_id=str(endpoint.pk)).order_by("pk").values_list("action", flat=True))[
        -2:
    ] == ["webhook_endpoint.disable", "webhook_endpoint.enable"]


def test_a_test_event_goes_to_a_disabled_endpoint_never(client, staff, endpoint):
    services.endpoint_disable(endpoint=endpoint, reason="x", by=staff)
    client.force_login(staff)
    response = admin_action(client, WebhookEndpoint, "send_test_event", [endpoint], follow=True)
    assert any("disabled" in m for m in messages_of(response))
    assert not WebhookDelivery.objects.exists()


def test_a_delivery_shows_its_attempts_and_a_failed_one_is_retried_now(client, staff, endpoint, receiver, settings):
    settings.WEBHOOK_RETRY_DELAYS = []
    receiver.answer = 503
    delivery = services.endpoint_test_send(endpoint=endpoint, by=staff)
    assert delivery_send(delivery_id=delivery.pk) == "failed"
    client.force_login(staff)
    page = client.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "503" in text and delivery.event.webhook_id in text and endpoint.secret not in text
    listing = client.get(reverse("admin:webhooks_webhookdelivery_changelist"), {"send_state__exact": "failed"})
    assert listing.context["cl"].result_count == 1

    receiver.answer = 200
    admin_action(client, WebhookDelivery, "retry_now", [delivery])
    delivery.refresh_from_db()
    assert delivery.send_state == SendState.QUEUED
    assert AuditRecord.objects.filter(action="webhook_delivery.retry", target_id=str(delivery.pk)).exists()
    # A delivery that did not fail is not retried: the action says so and changes nothing.
    response = admin_action(client, WebhookDelivery, "retry_now", [delivery], follow=True)
    assert any("Only a failed delivery" in m for m in messages_of(response))


def test_deliveries_cannot_be_added_changed_or_deleted_by_hand(client, staff, endpoint):
    delivery = services.endpoint_test_send(endpoint=endpoint, by=staff)
    client.force_login(staff)
    assert client.get(reverse("admin:webhooks_webhookdelivery_add")).status_code == 403
    change = reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])
    assert client.post(change, {"send_state": "sent"}).status_code == 403
    delete = reverse("admin:webhooks_webhookdelivery_delete", args=[delivery.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert WebhookDelivery.objects.get(pk=delivery.pk).send_state == SendState.QUEUED
