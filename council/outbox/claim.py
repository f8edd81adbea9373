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
    if held(row, now):
        return False
    row.send_state = SendState.SENDING
    row.claimed_by = claim_name(task_id)
    row.claimed_at = now
    row.attempts += 1
    row.save(update_fields=["send_state", "claimed_by", "claimed_at", "attempts"])
    return True


def claim_name(task_id: str) -> str:
    """The name of one run of a task, for `claimed_by`."""
    return f"{task_id[:48]}/{secrets.token_hex(6)}"


def held(row, now) -> bool:
    """Is the row being sent by a run whose lease still holds?"""
    return row.send_state == SendState.SENDING and row.claimed_at is not None and row.claimed_at > now - lease()


def claim_batch(model, rows: list, *, name: str, now) -> list:
    """Take the rows (locked by the caller, none `held`) for the run called `name`, in one statement.

    Unlike `claim`, it counts no attempt: the batch counts each row's attempt when its send starts, so a row
    the batch gives back untouched (the mail server went down first) shows that nothing was tried.
    """
    for row in rows:
        row.send_state, row.claimed_by, row.claimed_at = SendState.SENDING, name, now
    model.objects.filter(pk__in=[row.pk for row in rows]).update(
        send_state=SendState.SENDING, claimed_by=name, claimed_at=now
    )
    return rows


def lease_renew(model, pks: list[int], *, name: str, now) -> None:
    """A long batch renews the lease of the rows it still holds, so that the sweep does not take them."""
    model.objects.filter(pk__in=pks, claimed_by=name, send_state=SendState.SENDING).update(claimed_at=now)


def stuck(now) -> Q:
    """Rows still queued well after they were due, and rows whose sending worker died (lease expired)."""
    overdue = now - datetime.timedelta(seconds=settings.OUTBOX_SWEEP_AFTER_SECONDS)
    return Q(send_state=SendState.QUEUED, queued_at__lte=overdue) | Q(
        send_state=SendState.SENDING, claimed_at__lte=now - lease()
    )
