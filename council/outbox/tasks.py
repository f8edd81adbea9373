"""Celery tasks of the outbox: ids in, a service call, safe to run twice."""

from celery import shared_task

from council.outbox import delivery, digest, sweep
from council.outbox.services import SEND_MESSAGE

__all__ = ["SEND_MESSAGE", "digests_send", "outbox_sweep", "send_message"]


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_message(self, message_id: int) -> str:
    """Send one OutboxMessage (a consensus notice, a report reminder, an account email)."""
    return delivery.run_with_retries(self, delivery.message_send, message_id=message_id)


@shared_task(acks_late=True)
def digests_send() -> int:
    """Beat, once a day: each person who takes a daily digest gets the notices held for them in one e-mail."""
    return digest.digests_queue()


@shared_task(acks_late=True)
def outbox_sweep() -> dict:
    """Beat: re-dispatch every kind of outgoing message whose hand-over was lost or whose worker died."""
    return sweep.outbox_sweep()
