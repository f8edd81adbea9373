"""Celery tasks of meetings: ids in, a service call, safe to run twice."""

from celery import shared_task

from council.outbox.delivery import run_with_retries
from meetings import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_invitation(self, invitation_ids: list[int] | int) -> dict:
    """Send what each invitee of a batch is owed: the invitation, an update or a cancellation.

    Takes a list of ids (a batch); a single id, as queued before batches, is a batch of one.
    """
    ids = [invitation_ids] if isinstance(invitation_ids, int) else list(invitation_ids)
    return run_with_retries(self, services.invitations_send_batch, ids=ids)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_reminder(self, reminder_id: int) -> str:
    return run_with_retries(self, services.reminder_send, reminder_id=reminder_id)


@shared_task(acks_late=True)
def reminders_due() -> int:
    """Beat: queue the reminders that have come due (each goes once)."""
    return services.reminders_queue_due()
