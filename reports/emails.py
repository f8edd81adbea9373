"""The email of the reports app: "your report is ready", to the person who asked for it, through the outbox."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from council.outbox.build import render_email

REPORT_READY = "reports.ready"


def _report(row):
    from reports.models import Report

    return Report.objects.select_related("requested_by").filter(pk=row.context.get("report")).first()


def build_report_ready(row):
    report = _report(row)
    with translation.override(row.language):
        context = {
            "title": report.title or report.get_kind_display(),
            "reference": report.reference,
            "pages": report.pages,
            "url": settings.SITE_URL + reverse("reports:detail", args=[report.pk]),
            "site_url": settings.SITE_URL,
        }
        subject = _("Your PDF report is ready: %(title)s") % {"title": context["title"]}
    return render_email(
        template="report_ready",
        context=context,
        subject=subject,
        to=row.email,
        language=row.language,
        message_id=row.message_id,
    )


def report_ready_not_owed(row) -> str:
    """Nothing to announce for a report gone, not finished, or no longer visible to the person who asked."""
    from reports.models import ReportState
    from reports.permissions import can_view_report

    report = _report(row)
    if report is None or report.state != ReportState.DONE:
        return "The report is not ready."
    if report.requested_by is None or not can_view_report(report.requested_by, report):
        return "The person who asked may no longer see the report."
    return ""
