"""Celery tasks of the partner API."""

from celery import shared_task

from council.partners import services


@shared_task(acks_late=True)
def usage_flush() -> int:
    """Beat: write the keys' request counters and last use from the cache to the database."""
    return services.usage_flush()
