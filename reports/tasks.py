"""Celery tasks of the reports app: rendering, on the `reports` queue with its own time limits, and the sweep."""

from celery import shared_task
from django.conf import settings

from reports import services


@shared_task(
    acks_late=True,
    queue=settings.REPORTS_QUEUE,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_TIME_LIMIT,
)
def report_render(report_id: int) -> str:
    report = services.report_render(report_id=report_id)
    return report.state if report is not None else "skipped"


@shared_task(acks_late=True)
def reports_sweep() -> dict:
    return services.reports_sweep()
