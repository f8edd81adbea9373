"""Deliver one webhook: claim the row, check where it goes, sign, POST, and record the attempt and its outcome.

Outcomes: a 2xx answer → `sent`; 410 Gone → the endpoint is disabled and its pending deliveries stop; a refused
address → `failed` at once (no connection is made); anything else (another 3xx, 4xx or 5xx answer, a timeout, no
connection, a name that does not resolve) → the row waits WEBHOOK_RETRY_DELAYS[n] in the database
(`queued_at`) and the beat dispatches it when due (`deliveries_dispatch_due`); after the last delay it is `failed`.
Redirects are never followed. Each attempt is one WebhookAttempt row.
"""

import datetime
import json
import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from council.outbox.claim import claim, lease
from council.outbox.dispatch import publish
from council.outbox.models import AttemptOutcome, SendState
from council.outbox.results import SendResult
from council.webhooks import addresses, transport
from council.webhooks.models import WebhookAttempt, WebhookDelivery
from council.webhooks.services import SEND_DELIVERY, endpoint_disable
from council.webhooks.signing import signature_header

logger = logging.getLogger(__name__)

EXCERPT_LENGTH = 500
ERROR_LENGTH = 2000
# Rows handed to the send task per run of the beat, oldest first; the rest go on the next run.
DUE_BATCH = 500
# What a run says besides council.outbox's SendResult: the row waits for its next attempt, or is not due yet.
RETRY_LATER = "retry later"
NOT_DUE = "not due"


def user_agent() -> str:
    return f"REC-Portal-Webhooks/1 (+{settings.SITE_URL})"


def body_of(delivery: WebhookDelivery) -> bytes:
    """The request body: the event's payload as compact JSON, the same bytes on every attempt."""
    return json.dumps(delivery.event.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def request_headers(delivery: WebhookDelivery, body: bytes, *, now: datetime.datetime) -> dict[str, str]:
    """Standard Webhooks headers; the timestamp is the attempt's, so receivers can refuse old replays."""
    timestamp = int(now.timestamp())
    webhook_id = delivery.event.webhook_id
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(
            delivery.endpoint.signing_secrets(now), webhook_id=webhook_id, timestamp=timestamp, body=body
        ),
        "Content-Type": "application/json",
        "User-Agent": user_agent(),
    }


def retry_delay(failures: int) -> float | None:
    """Seconds before the next attempt after `failures` failed ones in a row, or None: give up (`failed`)."""
    delays = settings.WEBHOOK_RETRY_DELAYS
    return delays[failures - 1] if 0 < failures <= len(delays) else None


def _text(raw: bytes) -> str:
    # PostgreSQL text refuses NUL characters; an answer may hold anything.
    return raw.decode("utf-8", "replace").replace("\x00", "\ufffd")[:EXCERPT_LENGTH]


def _finish_attempt(attempt: WebhookAttempt, *, outcome: str, started: float, **fields) -> None:
    WebhookAttempt.objects.filter(pk=attempt.pk).update(
        outcome=outcome,
        finished_at=timezone.now(),
        duration_ms=int((time.monotonic() - started) * 1000),
        **fields,
    )


def _failed_for_now(delivery: WebhookDelivery, attempt: WebhookAttempt, *, error: str, started: float, **fields):
    """Record a failed attempt: the row waits for its next try, or is `failed` after the last one."""
    failures = delivery.failures + 1
    delay = retry_delay(failures)
    now = timezone.now()
    if delay is None:
        state, queued_at, outcome = SendState.FAILED, now, AttemptOutcome.FAILED
    else:
        state, queued_at, outcome = SendState.QUEUED, now + datetime.timedelta(seconds=delay), AttemptOutcome.ERROR
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk, claimed_by=delivery.claimed_by).update(
            send_state=state,
            queued_at=queued_at,
            failures=failures,
            last_error=error[:ERROR_LENGTH],
            last_status_code=fields.get("status_code"),
            claimed_by="",
        )
        _finish_attempt(attempt, outcome=outcome, started=started, error=error[:ERROR_LENGTH], **fields)
    logger.warning("webhook delivery %s failed (%s in a row): %s", delivery.pk, failures, error[:200])
    return SendResult.FAILED if delay is None else RETRY_LATER


def _claim(delivery_id: int, *, task_id: str, now) -> tuple[WebhookDelivery | None, WebhookAttempt | None, str]:
    with transaction.atomic():
        row = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint", "event")
            .filter(pk=delivery_id)
            .first()
        )
        if row is None or row.send_state in (SendState.SENT, SendState.FAILED):
            return None, None, SendResult.NOTHING_OWED
        if row.send_state == SendState.QUEUED and row.queued_at > now:
            return None, None, NOT_DUE  # not due yet: a duplicate hand-over, or one before a retry's time
        if not row.endpoint.is_active:
            row.send_state, row.last_error, row.claimed_by = SendState.FAILED, _("The endpoint is disabled."), ""
            row.save(update_fields=["send_state", "last_error", "claimed_by"])
            return None, None, SendResult.NOTHING_OWED
        if not claim(row, task_id=task_id, now=now):
            return None, None, SendResult.BUSY
        attempt = WebhookAttempt.objects.create(delivery=row, started_at=now, task_id=task_id[:64])
    return row, attempt, ""


def delivery_send(*, delivery_id: int, task_id: str = "") -> str:
    """Make one attempt at a delivery that is due; safe to run twice (the claim lets one run through)."""
    now = timezone.now()
    delivery, attempt, result = _claim(delivery_id, task_id=task_id, now=now)
    if delivery is None:
        return result
    started = time.monotonic()
    endpoint = delivery.endpoint
    try:
        target = addresses.target_parse(endpoint.url)
        resolved = addresses.addresses_resolve(target)
    except addresses.UnsafeTarget as refusal:
        return _refused(delivery, attempt, " ".join(refusal.messages), started=started)
    except (OSError, UnicodeError) as error:
        return _failed_for_now(
            delivery, attempt, error=_("The host name does not resolve: %s") % error, started=started
        )
    body = body_of(delivery)
    try:
        answer = transport.post(
            target,
            resolved,
            body=body,
            headers=request_headers(delivery, body, now=timezone.now()),
            connect_timeout=settings.WEBHOOK_CONNECT_TIMEOUT_SECONDS,
            total_timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            max_bytes=settings.WEBHOOK_RESPONSE_MAX_BYTES,
        )
    except Exception as error:  # noqa: BLE001 - every failure to get an answer is an attempt to record and retry
        return _failed_for_now(delivery, attempt, error=f"{type(error).__name__}: {error}", started=started)
    fields = {"status_code": answer.status, "address": answer.address, "response_excerpt": _text(answer.body)}
    if 200 <= answer.status < 300:
        return _sent(delivery, attempt, started=started, **fields)
    if answer.status == 410:
        return _gone(delivery, attempt, started=started, **fields)
    return _failed_for_now(delivery, attempt, error=_status_error(answer.status), started=started, **fields)


def _status_error(status: int) -> str:
    if 300 <= status < 400:
        return _("The receiver answered %(status)s, a redirect: redirects are not followed.") % {"status": status}
    return _("The receiver answered %(status)s.") % {"status": status}


def _sent(delivery: WebhookDelivery, attempt: WebhookAttempt, *, started: float, **fields) -> str:
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            send_state=SendState.SENT,
            sent_at=timezone.now(),
            last_error="",
            last_status_code=fields["status_code"],
            claimed_by="",
        )
        _finish_attempt(attempt, outcome=AttemptOutcome.SENT, started=started, **fields)
    return SendResult.SENT


def _refused(delivery: WebhookDelivery, attempt: WebhookAttempt, reason: str, *, started: float) -> str:
    """The URL or an address of its host is refused: no connection was made, and none will be for this row."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            send_state=SendState.FAILED, last_error=reason[:ERROR_LENGTH], claimed_by=""
        )
        _finish_attempt(attempt, outcome=AttemptOutcome.FAILED, started=started, error=reason[:ERROR_LENGTH])
    logger.warning("webhook delivery %s refused: %s", delivery.pk, reason)
    return SendResult.FAILED


def _gone(delivery: WebhookDelivery, attempt: WebhookAttempt, *, started: float, **fields) -> str:
    """410 Gone: the partner removed the receiver. The endpoint is disabled, with why and when."""
    reason = _("The receiver answered 410 Gone.")
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            send_state=SendState.FAILED,
            last_error=reason,
            last_status_code=fields["status_code"],
            claimed_by="",
        )
        _finish_attempt(attempt, outcome=AttemptOutcome.FAILED, started=started, error=reason, **fields)
        endpoint_disable(endpoint=delivery.endpoint, reason=reason, by=None)
    return SendResult.FAILED


def due_q(now: datetime.datetime) -> Q:
    """Deliveries to hand to the send task now: queued and due, or sending by a worker whose lease ran out."""
    return Q(endpoint__is_active=True) & (
        Q(send_state=SendState.QUEUED, queued_at__lte=now)
        | Q(send_state=SendState.SENDING, claimed_at__lte=now - lease())
    )


def deliveries_dispatch_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: hand every due delivery (a retry whose time came, a lost hand-over, a dead worker's) to the task."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(due_q(now)).order_by("queued_at", "pk").values_list("pk", flat=True)[:DUE_BATCH]
    )
    publish(SEND_DELIVERY, ids)
    return len(ids)
