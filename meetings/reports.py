"""Report files about meetings: what the secretariat downloads (the participants list)."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from meetings.models import Attendance, Invitation

CSV_UNSAFE_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Make a cell inert for spreadsheets: one that starts like a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_UNSAFE_PREFIXES) else text


def participants_csv(meetings) -> HttpResponse:
    """The invited people of these meetings with their answers and attendance, as a CSV download."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 (Cyrillic) correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("meeting"),
            _("name"),
            _("email address"),
            _("country"),
            _("organisation"),
            _("answer"),
            _("attendance"),
        ]
    )
    invitations = (
        Invitation.objects.filter(meeting__in=meetings)
        .select_related("meeting", "person", "person__country", "person__organisation")
        .order_by("meeting__starts_at", "name")
    )
    attendance = {
        (a.meeting_id, a.person_id): a.get_status_display() for a in Attendance.objects.filter(meeting__in=meetings)
    }
    for inv in invitations:
        person = inv.person
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    inv.meeting.title,
                    inv.display_name,
                    inv.email,
                    person.country.name if person and person.country else "",
                    person.organisation.acronym or person.organisation.name if person and person.organisation else "",
                    inv.get_rsvp_display(),
                    attendance.get((inv.meeting_id, inv.person_id), ""),
                )
            ]
        )
    return response
