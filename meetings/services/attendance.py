"""Who attended a meeting."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from council.models import User
from meetings.models import Attendance, Meeting
from meetings.services.errors import MeetingError

Status = Meeting.Status


@transaction.atomic
def attendance_record(*, meeting: Meeting, person: User, status: str, by: User | None) -> Attendance:
    if meeting.status not in (Status.HELD, Status.MINUTES_APPROVED) and meeting.starts_at > timezone.now():
        raise MeetingError(_("Attendance is recorded once the meeting has started."))
    row, _created = Attendance.objects.update_or_create(
        meeting=meeting, person=person, defaults={"status": status, "recorded_by": by}
    )
    audit_record(actor=by, action=AuditAction.ATTENDANCE_RECORD, target=row, data={"status": status})
    return row


@transaction.atomic
def attendance_update(*, attendance: Attendance, data: dict, by: User | None) -> Attendance:
    """Correct a row of attendance: its status, or the person it names (then it is that person's row)."""
    person = data.get("person", attendance.person)
    if person.pk != attendance.person_id:
        attendance_remove(attendance=Attendance.objects.get(pk=attendance.pk), by=by)
    status = data.get("status", attendance.status)
    return attendance_record(meeting=attendance.meeting, person=person, status=status, by=by)


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by: User | None) -> None:
    """Take a row out of the attendance of a meeting (recorded by mistake)."""
    audit_record(
        actor=by,
        action=AuditAction.ATTENDANCE_REMOVE,
        target=attendance,
        data={"meeting": attendance.meeting_id, "person": attendance.person_id, "status": attendance.status},
    )
    attendance.delete()
