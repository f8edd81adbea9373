"""Celery tasks of meetings: ids in, a service call, safe to run twice."""

from celery import shared_task

from meetings import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_invitation(self, invitation_id: int) -> str:
    """Send what one invitee is owed; SMTP errors are retried after the configured delays."""
    try:
        return services.invitation_send(
            invitation_id=invitation_id, task_id=self.request.id or "", retries=self.request.retries
        )
    except services.TRANSIENT_ERRORS as exc:
        delay = services.next_delay(self.request.retries)
        if delay is None:
            return "failed"
        raise self.retry(exc=exc, countdown=delay) from exc


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_reminder(self, reminder_id: int) -> str:
    try:
        return services.reminder_send(
            reminder_id=reminder_id, task_id=self.request.id or "", retries=self.request.retries
        )
    except services.TRANSIENT_ERRORS as exc:
        delay = services.next_delay(self.request.retries)
        if delay is None:
            return "failed"
        raise self.retry(exc=exc, countdown=delay) from exc


@shared_task(acks_late=True)
def reminders_due() -> int:
    """Beat: queue the reminders that have come due (each goes once)."""
    return services.reminders_queue_due()


@shared_task(acks_late=True)
def outbox_sweep() -> dict:
    """Beat: re-dispatch emails whose hand-over to the broker was lost or whose worker died."""
    return services.outbox_sweep()
