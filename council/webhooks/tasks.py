"""Celery tasks of webhooks: ids in, a service call, safe to run twice. Retries wait as rows, not countdowns."""

from celery import shared_task

from council.webhooks import delivery
from council.webhooks.services import SEND_DELIVERY

__all__ = ["SEND_DELIVERY", "deliver", "deliveries_dispatch_due"]


@shared_task(bind=True, acks_late=True, ignore_result=True)
def deliver(self, delivery_id: int) -> str:
    """Make one attempt at a webhook delivery; a failure is recorded on the row, which the beat sends again."""
    return delivery.delivery_send(delivery_id=delivery_id, task_id=self.request.id or "")


@shared_task(acks_late=True)
def deliveries_dispatch_due() -> int:
    """Beat, every minute: hand the deliveries whose time has come to `deliver`."""
    return delivery.deliveries_dispatch_due()
