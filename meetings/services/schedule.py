"""The life of a meeting: its status changes, and what the secretariat edits of it (time, place, text)."""

import dataclasses
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from council.models import User
from council.services import model_update
from meetings.models import DeliveryAttempt, Invitation, Meeting, MeetingStatusChange
from meetings.services.errors import MeetingError
from meetings.services.invitations import invitations_queue_cancellation, invitations_queue_update
from meetings.webhooks import meeting_changed_webhook, meeting_status_webhook

Status = Meeting.Status
Rsvp = Invitation.Rsvp

# The only status changes there are; anything else is refused with a message.
TRANSITIONS = {
    Status.DRAFT: {Status.SCHEDULED, Status.CANCELLED},
    Status.SCHEDULED: {Status.HELD, Status.CANCELLED, Status.DRAFT},
    Status.HELD: {Status.MINUTES_APPROVED},
    Status.MINUTES_APPROVED: set(),
    Status.CANCELLED: set(),
}
# Changing any of these changes the calendar entry: invitees get an update.
TIME_AND_PLACE = Meeting.TIME_AND_PLACE
# Answers that a new time or place makes void, as calendar clients do on a new SEQUENCE (a nomination stands).
ANSWERS_RESET_BY_A_CHANGE = (Rsvp.ACCEPTED, Rsvp.DECLINED, Rsvp.TENTATIVE)


@transaction.atomic
def meeting_transition(*, meeting: Meeting, to: str, by: User | None, reason: str = "") -> Meeting:
    """Move a meeting to another status, if that change is allowed, and record who, when and why."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if to not in TRANSITIONS[locked.status]:
        raise MeetingError(
            _("A meeting that is “%(current)s” cannot become “%(target)s”.")
            % {"current": locked.get_status_display(), "target": Status(to).label}
        )
    if to == Status.MINUTES_APPROVED and not locked.minutes.strip():
        raise MeetingError(_("Write the minutes before approving them."))
    if to == Status.HELD and locked.starts_at > timezone.now():
        raise MeetingError(_("A meeting that has not started yet cannot be marked as held."))
    previous = locked.status
    locked.status = to
    fields = ["status", "updated_at"]
    if to == Status.MINUTES_APPROVED:
        locked.minutes_approved_at = timezone.now()
        locked.minutes_approved_by = by
        fields += ["minutes_approved_at", "minutes_approved_by"]
    if to == Status.CANCELLED:
        locked.sequence = F("sequence") + 1
        fields.append("sequence")
    locked.save(update_fields=fields)
    locked.refresh_from_db()
    MeetingStatusChange.objects.create(
        meeting=locked, from_status=previous, to_status=to, changed_by=by, reason=reason[:500]
    )
    audit_record(
        actor=by, action=AuditAction.MEETING_STATUS, target=locked, data={"from": previous, "to": to, "reason": reason}
    )
    if to == Status.CANCELLED:
        invitations_queue_cancellation(locked, by=by)
    meeting_status_webhook(locked, previous=previous)
    meeting.refresh_from_db()
    return locked


def meeting_cancel(*, meeting: Meeting, by: User | None, reason: str = "") -> Meeting:
    """Cancel a meeting; everyone who was sent the invitation gets a cancellation (METHOD:CANCEL)."""
    return meeting_transition(meeting=meeting, to=Status.CANCELLED, by=by, reason=reason)


@transaction.atomic
def meeting_changed(*, meeting: Meeting, changed_fields: Iterable[str], by: User | None) -> bool:
    """After the secretariat saved a meeting: if its time or place changed, invitees get an update."""
    if not TIME_AND_PLACE.intersection(changed_fields) or meeting.status != Status.SCHEDULED:
        return False
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    meeting.refresh_from_db(fields=["sequence"])
    # An answer given for the old time or place no longer holds: everyone is asked again (the update says so).
    reset = meeting.invitations.filter(rsvp__in=ANSWERS_RESET_BY_A_CHANGE).update(rsvp=Rsvp.PENDING, responded_at=None)
    updates = invitations_queue_update(meeting)
    audit_record(
        actor=by,
        action=AuditAction.MEETING_RESCHEDULE,
        target=meeting,
        data={"sequence": meeting.sequence, "updates": updates, "answers_reset": reset},
    )
    return True


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: User) -> Meeting:
    return meeting_transition(meeting=meeting, to=Status.MINUTES_APPROVED, by=by)


# Fields that change only through the status services (or are derived), never through `meeting_update`.
MEETING_FIELDS_NOT_EDITED = {"uid", "status", "sequence", "minutes_approved_at", "minutes_approved_by"}


@dataclasses.dataclass
class MeetingUpdate:
    meeting: Meeting
    changed: list[str]
    rescheduled: bool  # the time or place changed and invitees are being sent an update


def _meeting_fields() -> list[str]:
    return [
        f.name
        for f in [*Meeting._meta.concrete_fields, *Meeting._meta.many_to_many]
        if f.editable and not f.primary_key and f.name not in MEETING_FIELDS_NOT_EDITED
    ]


@transaction.atomic
def meeting_create(
    *, meeting: Meeting, bodies: Iterable, organisers: Iterable = (), co_organisers: Iterable = (), by: User | None
) -> Meeting:
    """Save a new meeting built by a form or a seeder; it starts as a draft (the status services move it on)."""
    meeting.status = Status.DRAFT
    meeting.full_clean()
    meeting.save()
    meeting.bodies.set(bodies)
    meeting.organisers.set(organisers)
    meeting.co_organisers.set(co_organisers)
    audit_record(actor=by, action=AuditAction.MEETING_CREATE, target=meeting, data={"kind": meeting.kind})
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, by: User | None) -> MeetingUpdate:
    """Change what the secretariat edits of a meeting; a new time or place sends invitees an update."""
    refused = set(data) & MEETING_FIELDS_NOT_EDITED
    if refused:
        raise MeetingError(_("The status of a meeting changes through its actions (schedule, cancel, …)."))
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = model_update(instance=locked, fields=_meeting_fields(), data=data)
    if changed:
        locked.full_clean()  # rules that span fields (ends after it starts, a link for online meetings…)
        audit_record(actor=by, action=AuditAction.MEETING_UPDATE, target=locked, data={"fields": changed})
    rescheduled = meeting_changed(meeting=locked, changed_fields=changed, by=by)
    meeting_changed_webhook(locked, changed=changed)
    return MeetingUpdate(meeting=locked, changed=changed, rescheduled=rescheduled)


def meeting_deletable(meeting: Meeting) -> bool:
    """A meeting can be deleted while nothing has been sent for it; after that it is cancelled instead."""
    return meeting.status == Status.DRAFT and not DeliveryAttempt.objects.filter(invitation__meeting=meeting).exists()


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User | None) -> None:
    """Delete a draft meeting entered by mistake (with its agenda, documents and unsent invitations)."""
    if not meeting_deletable(meeting):
        raise MeetingError(_("Only a draft meeting with nothing sent can be deleted: cancel it instead."))
    audit_record(actor=by, action=AuditAction.MEETING_DELETE, target=meeting, data={"title": meeting.title})
    meeting.delete()
