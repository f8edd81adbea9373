"""Celery tasks of meetings: ids in, a service call, safe to run twice."""

from celery import shared_task

from council.outbox.delivery import run_with_retries
from meetings import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_invitation(self, invitation_id: int) -> str:
    """Send what one invitee is owed: the invitation, an update or a cancellation."""
    return run_with_retries(self, services.invitation_send, invitation_id=invitation_id)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_reminder(self, reminder_id: int) -> str:
    return run_with_retries(self, services.reminder_send, reminder_id=reminder_id)


@shared_task(acks_late=True)
def reminders_due() -> int:
    """Beat: queue the reminders that have come due (each goes once)."""
    return services.reminders_queue_due()
