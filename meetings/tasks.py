"""Celery tasks of meetings: ids in, a service call, safe to run twice."""

from celery import shared_task

from meetings import services


def _send_with_retries(task, send, **ids) -> str:
    """Run a send service; an SMTP error is retried after the configured delay, and after the last one the row
    has been marked `failed` by the service."""
    try:
        return send(task_id=task.request.id or "", retries=task.request.retries, **ids)
    except services.TRANSIENT_ERRORS as exc:
        delay = services.next_delay(task.request.retries)
        if delay is None:
            return "failed"
        raise task.retry(exc=exc, countdown=delay) from exc


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_invitation(self, invitation_id: int) -> str:
    """Send what one invitee is owed: the invitation, an update or a cancellation."""
    return _send_with_retries(self, services.invitation_send, invitation_id=invitation_id)


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_reminder(self, reminder_id: int) -> str:
    return _send_with_retries(self, services.reminder_send, reminder_id=reminder_id)


@shared_task(acks_late=True)
def reminders_due() -> int:
    """Beat: queue the reminders that have come due (each goes once)."""
    return services.reminders_queue_due()


@shared_task(acks_late=True)
def outbox_sweep() -> dict:
    """Beat: re-dispatch emails whose hand-over to the broker was lost or whose worker died."""
    return services.outbox_sweep()
