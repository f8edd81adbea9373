"""Reads of the reports app."""

from django.db.models import QuerySet

from reports.models import Report, ReportState
from reports.permissions import filter_visible_reports

LIST_LENGTH = 100


def reports_ready_for(*, user) -> QuerySet[Report]:
    """The finished reports `user` may see, newest first (the latest LIST_LENGTH)."""
    ready = Report.objects.filter(state=ReportState.DONE).select_related("requested_by")
    return filter_visible_reports(ready, user).order_by("-finished_at", "-pk")[:LIST_LENGTH]


def reports_done_for(*, user) -> QuerySet[Report]:
    """Every finished report `user` may see (for a paged list: no order, no slice)."""
    return filter_visible_reports(Report.objects.filter(state=ReportState.DONE), user)


def reports_in_flight_of(*, user) -> QuerySet[Report]:
    """The reports `user` asked for that are still queued, rendering or failed (and that they may still see)."""
    if not (user.is_authenticated and user.is_active):
        return Report.objects.none()
    mine = Report.objects.filter(requested_by=user).exclude(state=ReportState.DONE)
    return filter_visible_reports(mine, user).order_by("-pk")[:20]
