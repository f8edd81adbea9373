"""Deliveries to a real receiver on loopback, verified there with the `standardwebhooks` library: signed, retried
for a day and more as database rows, never lost and never doubled; 410 disables; redirects are not followed."""

import datetime
import json

import pytest
import time_machine
from django.utils import timezone

from council.models import AuditRecord
from council.outbox.models import AttemptOutcome, SendState
from council.webhooks import services
from council.webhooks.delivery import deliveries_dispatch_due, delivery_send, retry_delay
from council.webhooks.models import WebhookDelivery, WebhookEndpoint
from meetings import services as meetings_services
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2025, 6, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


def schedule_public_meetings(group, n, *, committed):
    """Draft public meetings scheduled through the service: each a meeting.scheduled event, dispatched after
    the commit as in production."""
    meetings = [MeetingFactory(bodies=[group], access="public", status="draft") for _ in range(n)]
    with committed():
        for meeting in meetings:
            meetings_services.meeting_transition(meeting=meeting, to="scheduled", by=None)
    return meetings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def states() -> dict:
    return dict.fromkeys(SendState.values, 0) | {
        state: WebhookDelivery.objects.filter(send_state=state).count() for state in SendState.values
    }


def test_a_delivery_is_signed_as_standard_webhooks_say_and_carries_the_event(
    endpoint, receiver, group_a, committed, clock
):
    (meeting,) = schedule_public_meetings(group_a, 1, committed=committed)

    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.send_state == SendState.SENT
    assert receiver.failures == []
    (request,) = receiver.requests
    assert request.verified_with == [endpoint.secret]
    assert request.headers["webhook-id"] == delivery.event.webhook_id
    assert request.headers["Content-Type"] == "application/json"
    assert "REC-Portal-Webhooks" in request.headers["User-Agent"]
    assert abs(int(request.headers["webhook-timestamp"]) - int(START.timestamp())) < 60
    payload = json.loads(request.body)
    assert payload["type"] == "meeting.scheduled"
    assert payload["timestamp"].endswith("Z")
    data = payload["data"]
    assert data["id"] == meeting.pk
    assert data["url"].endswith(f"/api/v1/meetings/{meeting.pk}/") and data["url"].startswith("http")
    assert data["starts_at"].endswith("Z")
    (attempt,) = delivery.attempts_log.all()
    assert attempt.outcome == AttemptOutcome.SENT and attempt.status_code == 200
    assert attempt.address == "127.0.0.1" and attempt.duration_ms is not None
    assert attempt.response_excerpt == '{"ok": true}'


def test_a_receiver_down_and_back_loses_nothing_and_doubles_nothing(endpoint, receiver, group_a, committed, clock):
    receiver.stop()  # nothing listens: every connection is refused
    schedule_public_meetings(group_a, 4, committed=committed)
    expected = set(WebhookDelivery.objects.values_list("event__webhook_id", flat=True))
    assert len(expected) == 4
    assert states()[SendState.QUEUED] == 4 and WebhookDelivery.objects.filter(attempts=1).count() == 4

    # Still down at the first retry; then it answers 503 for a while.
    clock.shift(datetime.timedelta(seconds=11))
    assert deliveries_dispatch_due() == 4
    receiver.start()
    receiver.answer = 503
    clock.shift(datetime.timedelta(seconds=61))
    assert deliveries_dispatch_due() == 4
    assert receiver.accepted == [] and len(receiver.requests) == 4
    # Nothing is due before its time: the beat hands over nothing, and a stray hand-over sends nothing.
    assert deliveries_dispatch_due() == 0
    for row in WebhookDelivery.objects.all():
        assert delivery_send(delivery_id=row.pk) == "not due"
    assert len(receiver.requests) == 4

    # Back. One row's worker died mid-send (left `sending`): its lease runs out and it goes again.
    receiver.answer = 200
    stuck = WebhookDelivery.objects.order_by("pk").first()
    WebhookDelivery.objects.filter(pk=stuck.pk).update(
        send_state=SendState.SENDING, claimed_by="dead-worker/1", claimed_at=timezone.now()
    )
    clock.shift(datetime.timedelta(seconds=301))
    assert deliveries_dispatch_due() == 4
    assert states()[SendState.SENT] == 4

    # Beats and duplicate hand-overs afterwards send nothing more.
    for _ in range(3):
        clock.shift(datetime.timedelta(hours=1))
        assert deliveries_dispatch_due() == 0
    for row in WebhookDelivery.objects.all():
        assert delivery_send(delivery_id=row.pk) == "nothing owed"

    assert receiver.failures == []
    assert set(receiver.accepted) == expected, "lost"
    assert receiver.doubled() == [], "doubled"
    assert len(receiver.accepted) == 4
    # Every attempt is logged: refused connections, 503 answers, the successes.
    outcomes = sorted(
        WebhookDelivery.objects.get(pk=stuck.pk).attempts_log.values_list("outcome", "status_code"),
        key=lambda pair: (pair[0], pair[1] or 0),
    )
    assert outcomes == [("error", None), ("error", None), ("error", 503), ("sent", 200)]


def test_retries_last_more_than_a_day_then_the_delivery_fails(endpoint, receiver, settings, clock):
    receiver.answer = 503
    delays = settings.WEBHOOK_RETRY_DELAYS
    assert sum(delays) >= 24 * 3600
    delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "retry later"
    for number, delay in enumerate(delays, start=1):
        delivery.refresh_from_db()
        assert delivery.send_state == SendState.QUEUED
        waited = (delivery.queued_at - timezone.now()).total_seconds()
        assert delay - 2 <= waited <= delay, (number, waited)
        clock.shift(datetime.timedelta(seconds=delay - 1))
        assert deliveries_dispatch_due() == 0, "dispatched before its time"
        clock.shift(datetime.timedelta(seconds=2))
        assert deliveries_dispatch_due() == 1
    delivery.refresh_from_db()
    assert delivery.send_state == SendState.FAILED
    assert delivery.attempts == len(delays) + 1 == delivery.attempts_log.count()
    assert delivery.last_status_code == 503 and "503" in delivery.last_error
    assert (timezone.now() - delivery.created_at) >= datetime.timedelta(hours=24)
    assert len(receiver.requests) == len(delays) + 1 and receiver.accepted == []
    clock.shift(datetime.timedelta(days=2))
    assert deliveries_dispatch_due() == 0


def test_the_schedule_gives_up_after_its_last_delay(settings):
    settings.WEBHOOK_RETRY_DELAYS = [1, 2]
    assert [retry_delay(n) for n in (1, 2, 3)] == [1, 2, None]


def test_during_a_rotation_both_secrets_sign_and_either_verifies(endpoint, receiver, clock):
    old = endpoint.secret
    rotated = services.endpoint_secret_rotate(endpoint=endpoint, by=None)
    assert rotated.secret != old and rotated.secret.startswith("whsec_")
    receiver.secrets = [old, rotated.secret]
    delivery = services.endpoint_test_send(endpoint=rotated, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    (request,) = receiver.requests
    assert set(request.verified_with) == {old, rotated.secret}
    signatures = request.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2 and all(s.startswith("v1,") for s in signatures)

    # A day later the old secret no longer signs.
    clock.shift(datetime.timedelta(hours=24, minutes=1))
    delivery = services.endpoint_test_send(endpoint=rotated, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert receiver.requests[-1].verified_with == [rotated.secret]
    assert len(receiver.requests[-1].headers["webhook-signature"].split(" ")) == 1


def test_a_wrong_secret_does_not_verify(endpoint, receiver):
    """The receiver's check can fail: with another secret, nothing is accepted."""
    receiver.secrets = [services.endpoint_secret_rotate(endpoint=endpoint, by=None).secret]
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(previous_secret="", previous_secret_expires_at=None)
    services.endpoint_secret_rotate(endpoint=endpoint, by=None)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(previous_secret="", previous_secret_expires_at=None)
    delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "retry later"
    assert receiver.accepted == [] and len(receiver.failures) == 1


def test_410_gone_disables_the_endpoint_and_stops_its_pending_deliveries(endpoint, receiver):
    waiting = services.endpoint_test_send(endpoint=endpoint, by=None)
    receiver.answer = 410
    delivery = services.endpoint_test_send(endpoint=endpoint, by=None)

    assert delivery_send(delivery_id=delivery.pk) == "failed"

    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None
    assert "410" in endpoint.disabled_reason
    delivery.refresh_from_db()
    waiting.refresh_from_db()
    assert delivery.send_state == SendState.FAILED and delivery.last_status_code == 410
    assert waiting.send_state == SendState.FAILED and waiting.attempts == 0
    audit = AuditRecord.objects.get(action="webhook_endpoint.disable")
    assert audit.actor is None and audit.target_id == str(endpoint.pk)
    # Nothing more goes there: neither the pending one nor new events.
    receiver.answer = 200
    assert delivery_send(delivery_id=waiting.pk) == "nothing owed"
    assert deliveries_dispatch_due() == 0
    assert (
        services.webhook_event_queue(
            event="meeting.scheduled", subject=None, level="public", body_ids=[], data={"id": 1}
        )
        is None
    )
    assert len(receiver.requests) == 1


def test_a_redirect_is_not_followed(endpoint, receiver):
    receiver.answer = "redirect"
    delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "retry later"
    assert [r.path for r in receiver.requests] == [receiver.RECORDING_PATH]  # never the redirect's target
    assert receiver.accepted == []
    delivery.refresh_from_db()
    assert delivery.last_status_code == 302 and "302" in delivery.last_error  # in the language of the worker
    (attempt,) = delivery.attempts_log.all()
    assert attempt.outcome == AttemptOutcome.ERROR and attempt.status_code == 302


def test_a_slow_receiver_is_given_up_on_after_the_timeout(endpoint, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.5
    receiver.answer = "slow"
    receiver.slow_seconds = 2
    delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "retry later"
    (attempt,) = WebhookDelivery.objects.get(pk=delivery.pk).attempts_log.all()
    assert attempt.outcome == AttemptOutcome.ERROR and "Timeout" in attempt.error
    assert attempt.duration_ms < 1900


def test_only_the_start_of_a_long_answer_is_kept(endpoint, receiver, monkeypatch):
    from tests.webhooks import receiver as receiver_module

    original = receiver_module.Receiver._reply

    def long_reply(handler, status, body, headers=None):
        original(handler, status, body + b"\x00" + "я".encode() * 50_000, headers)

    monkeypatch.setattr(receiver_module.Receiver, "_reply", staticmethod(long_reply))
    delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    (attempt,) = WebhookDelivery.objects.get(pk=delivery.pk).attempts_log.all()
    assert 0 < len(attempt.response_excerpt) <= 500 and "\x00" not in attempt.response_excerpt


def test_a_failed_delivery_retried_by_the_secretariat_gets_the_whole_schedule_again(endpoint, receiver, settings):
    settings.WEBHOOK_RETRY_DELAYS = []
    receiver.answer = 500
    delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
    assert delivery_send(delivery_id=delivery.pk) == "failed"
    receiver.answer = 200
    settings.WEBHOOK_RETRY_DELAYS = [10]
    services.delivery_retry(delivery=delivery, by=None)
    assert deliveries_dispatch_due() == 1
    delivery.refresh_from_db()
    assert delivery.send_state == SendState.SENT and delivery.attempts == 2
    assert receiver.accepted == [delivery.event.webhook_id]


def test_https_names_the_host_in_sni_and_refuses_a_certificate_nobody_vouches_for(make_endpoint, tmp_path, settings):
    from tests.webhooks.receiver import Receiver, self_signed_certificate

    tls = Receiver()
    tls.use_tls(*self_signed_certificate(tmp_path, "localhost"))
    tls.start()
    try:
        endpoint = make_endpoint(f"https://localhost:{tls.port}/hook")
        tls.secrets = [endpoint.secret]
        delivery = services.endpoint_test_send(endpoint=endpoint, by=None)
        assert delivery_send(delivery_id=delivery.pk) == "retry later"
    finally:
        tls.stop()
    assert tls.server_names == ["localhost"]  # SNI names the host, though the connection went to its address
    assert tls.requests == [] and tls.accepted == []
    (attempt,) = WebhookDelivery.objects.get(pk=delivery.pk).attempts_log.all()
    assert attempt.outcome == AttemptOutcome.ERROR and "CERTIFICATE_VERIFY_FAILED" in attempt.error
