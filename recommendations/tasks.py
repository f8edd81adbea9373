"""Celery tasks of recommendations."""

from celery import shared_task

from recommendations import services


@shared_task(acks_late=True)
def rounds_close_due() -> int:
    """Beat: close silence procedures whose deadline has passed (silence is consent)."""
    return services.rounds_close_due()


@shared_task(acks_late=True)
def report_reminders_due() -> int:
    """Beat: remind focal points of implementation reports due this period."""
    return services.report_reminders_due()


@shared_task(acks_late=True)
def round_reminders_due() -> int:
    """Beat: remind members of open silence procedures who have not answered (each reminder goes once)."""
    return services.round_reminders_queue_due()
