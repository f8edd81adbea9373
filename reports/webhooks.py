"""What partners are told of PDF reports (council.webhooks): a report they may read is ready.

A report is published when it first reaches `done`, if it is addressed to nobody in person and its audience (the
strictest level of what it holds, council.access) admits partners. The payload holds its kind, title, reference,
language, times and API address; the file itself is fetched through the API.
"""

from council.webhooks.models import EventType
from council.webhooks.payloads import api_url, iso
from council.webhooks.services import webhook_event_queue
from reports.models import Report, ReportState


def report_data(report: Report) -> dict:
    return {
        "id": report.pk,
        "kind": report.kind,
        "title": report.title,
        "reference": report.reference,
        "language": report.language,
        "variant": report.variant,
        "pages": report.pages,
        "sha256": report.sha256,
        "published_at": iso(report.finished_at),
        "url": api_url("reports", report.pk),
    }


def report_done_webhook(report: Report) -> None:
    """After a report is stored: partners who may read it hear of it (once per report)."""
    if report.state != ReportState.DONE or report.addressee_id is not None:
        return
    webhook_event_queue(
        event=EventType.REPORT_PUBLISHED,
        subject=report,
        level=report.access,
        body_ids=(body.pk for body in report.bodies.all()),
        data=lambda: report_data(report),
        key=f"{EventType.REPORT_PUBLISHED}:{report.pk}",
    )
