"""Send a claimed row's message and record the attempt: sent, retried later, or failed for good.

The functions here take any `Outbound` row and its attempt log row (anything with `outcome`, `error` and
`finished_at`), so invitations, meeting reminders and `OutboxMessage` are delivered by the same code.
"""

import contextlib
import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from council.outbox.build import message_domain
from council.outbox.claim import claim
from council.outbox.models import AttemptOutcome, OutboxAttempt, OutboxMessage, SendState
from council.outbox.registry import kind_get
from council.outbox.results import SendResult
from council.outbox.retry import TRANSIENT_ERRORS, is_permanent_error, retry_delay

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def records_without_waiting(using: str = "default"):
    """While sending a batch, commit the records of each send (started, sent) without waiting for the disk.

    On PostgreSQL it sets `synchronous_commit` off for this session until the batch ends. A crash of the
    database server (not of the worker) may then forget the last fraction of a second of such records. That can
    only make a message go twice, never be lost: the claim, committed durably before any send, keeps the row
    `sending` until its lease runs out and it goes again with the same Message-ID.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def deliver(message: EmailMessage) -> None:
    """Send one message on this worker's reused session (OUTBOX_EMAIL_BACKEND); errors raise."""
    message.connection = get_connection(settings.OUTBOX_EMAIL_BACKEND, fail_silently=False)
    message.send()


def transmit(model, pk: int, attempt, *, build: Callable[[], EmailMessage], retries: int) -> bool:
    """Build and send a claimed row's message. An error that retrying cannot fix marks the row failed at once
    (returns False); a transient SMTP error is recorded on the row and raised for the retry."""
    try:
        deliver(build())
    except Exception as exc:
        if is_permanent_error(exc):
            record_error(model, pk, attempt, exc, retries=retries)
            return False
        if isinstance(exc, TRANSIENT_ERRORS):
            record_error(model, pk, attempt, exc, retries=retries)
        raise
    return True


def attempt_sent(attempt) -> None:
    type(attempt).objects.filter(pk=attempt.pk).update(outcome=AttemptOutcome.SENT, finished_at=timezone.now())


def record_error(model, pk: int, attempt, exc: Exception, *, retries: int) -> None:
    """Log the failed attempt; the row waits for its retry, or is `failed` after the last one (or at once)."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    delay = retry_delay(exc=exc, retries=retries)
    with transaction.atomic():
        if delay is None:
            state, queued_at, outcome = SendState.FAILED, timezone.now(), AttemptOutcome.FAILED
        else:
            state = SendState.QUEUED
            queued_at = timezone.now() + datetime.timedelta(seconds=delay)
            outcome = AttemptOutcome.ERROR
        model.objects.filter(pk=pk).update(send_state=state, queued_at=queued_at, last_error=error, claimed_by="")
        type(attempt).objects.filter(pk=attempt.pk).update(outcome=outcome, error=error, finished_at=timezone.now())
    logger.warning("sending %s %s failed (retry %s): %s", model.__name__, pk, retries, error)


def run_with_retries(task, send: Callable[..., str], **ids) -> str:
    """Run a send function in a Celery task; a transient error is retried after the policy's delay, and after
    the last one the row has been marked `failed` by `record_error`."""
    try:
        return send(task_id=task.request.id or "", retries=task.request.retries, **ids)
    except TRANSIENT_ERRORS as exc:
        delay = retry_delay(exc=exc, retries=task.request.retries)
        if delay is None:
            return SendResult.FAILED
        raise task.retry(exc=exc, countdown=delay) from exc


def outbox_message_id(row: OutboxMessage) -> str:
    """The same row always carries the same Message-ID, so a resent copy is recognised as the same message."""
    return f"<{row.kind}.{row.pk}@{message_domain()}>"


def message_send(*, message_id: int, task_id: str = "", retries: int = 0) -> str:
    """Send one OutboxMessage at most once. Returns "sent", "nothing owed", "busy" or "failed"; raises on a
    transient error after recording it, so the task retries."""
    now = timezone.now()
    with transaction.atomic():
        row = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if row is None or row.send_state in (SendState.SENT, SendState.FAILED) or row.held_for_digest:
            return SendResult.NOTHING_OWED  # a row held for a digest goes in it (council.outbox.digest)
        kind = kind_get(row.kind)
        reason = kind.not_owed(row)
        if reason:
            row.send_state, row.last_error, row.claimed_by = SendState.FAILED, reason[:2000], ""
            row.save(update_fields=["send_state", "last_error", "claimed_by"])
            OutboxAttempt.objects.create(
                outbox_message=row,
                message_id=row.message_id or outbox_message_id(row),
                task_id=task_id,
                outcome=AttemptOutcome.SKIPPED,
                error=reason[:2000],
                finished_at=now,
            )
            return SendResult.NOTHING_OWED
        if not claim(row, task_id=task_id, now=now):
            return SendResult.BUSY
        if not row.message_id:
            row.message_id = outbox_message_id(row)
            row.save(update_fields=["message_id"])
        attempt = OutboxAttempt.objects.create(outbox_message=row, message_id=row.message_id, task_id=task_id)
    if not transmit(OutboxMessage, row.pk, attempt, build=lambda: kind.build(row), retries=retries):
        return SendResult.FAILED
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=row.pk).update(
            send_state=SendState.SENT, sent_at=timezone.now(), last_error="", claimed_by=""
        )
        attempt_sent(attempt)
    return SendResult.SENT
