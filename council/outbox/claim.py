"""The claim of a row by one run of a task, with a lease that covers a worker that died."""

import datetime
import secrets

from django.conf import settings
from django.db.models import Q

from council.outbox.models import SendState


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def claim(row, *, task_id: str, now) -> bool:
    """Take the row (locked by the caller) for this run of a task, unless a run holds it still.

    A claim names one run, not the task id: a message the broker delivers twice runs twice under the same
    id, and the second run must not take over the claim of a first that may still be sending.
    """
    held = row.send_state == SendState.SENDING and row.claimed_at is not None and row.claimed_at > now - lease()
    if held:
        return False
    row.send_state = SendState.SENDING
    row.claimed_by = f"{task_id[:48]}/{secrets.token_hex(6)}"
    row.claimed_at = now
    row.attempts += 1
    row.save(update_fields=["send_state", "claimed_by", "claimed_at", "attempts"])
    return True


def stuck(now) -> Q:
    """Rows still queued well after they were due, and rows whose sending worker died (lease expired)."""
    overdue = now - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_AFTER_SECONDS)
    return Q(send_state=SendState.QUEUED, queued_at__lte=overdue) | Q(
        send_state=SendState.SENDING, claimed_at__lte=now - lease()
    )
