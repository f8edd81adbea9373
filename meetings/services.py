"""Every change of state of meetings and invitations, and the delivery of their emails.

Invitations and reminders are rows of the outbox (`council.outbox`): a row is committed as `queued` first; a
Celery task, dispatched by name after the commit, claims it, sends it and marks it `sent`, through the
outbox's generic claim, delivery, retry policy and sweep. What is owed to an invitee (invitation, update,
cancellation) is decided here. A task that runs twice finds nothing owed.
"""

import dataclasses
import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.audit import AuditAction, audit_record
from council.models import Membership, User, new_calendar_token
from council.outbox.claim import claim
from council.outbox.delivery import attempt_sent, transmit
from council.outbox.dispatch import dispatch
from council.services import model_update
from council.uploads import display_name
from meetings import emails
from meetings.models import (
    AgendaItem,
    Attendance,
    DeliveryAttempt,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingStatusChange,
    Nomination,
    Reminder,
    SendState,
)
from meetings.permissions import alternate_needs_no_confirmation, rsvp_link_works

logger = logging.getLogger(__name__)

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
TIME_AND_PLACE = {
    "starts_at",
    "ends_at",
    "timezone",
    "format",
    "venue_city",
    "venue_city_ru",
    "venue_city_en",
    "venue_city_uz",
    "venue_country",
    "venue_country_ru",
    "venue_country_en",
    "venue_country_uz",
    "venue_address",
    "online_url",
}
# Answers that a new time or place makes void, as calendar clients do on a new SEQUENCE (a nomination stands).
ANSWERS_RESET_BY_A_CHANGE = (Rsvp.ACCEPTED, Rsvp.DECLINED, Rsvp.TENTATIVE)
EMAIL_MAX_LENGTH = 254


class MeetingError(ValidationError):
    """A change to a meeting or an invitation that the rules do not allow."""


# Status ------------------------------------------------------------------------------------------------


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
        _queue_cancellations(locked, by=by)
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
    ids = list(meeting.invitations.exclude(sent_sequence=None).values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(
        sequence=meeting.sequence, send_state=SendState.QUEUED, queued_at=timezone.now(), last_error=""
    )
    audit_record(
        actor=by,
        action=AuditAction.MEETING_RESCHEDULE,
        target=meeting,
        data={"sequence": meeting.sequence, "updates": len(ids), "answers_reset": reset},
    )
    dispatch_invitations(ids)
    return True


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: User) -> Meeting:
    return meeting_transition(meeting=meeting, to=Status.MINUTES_APPROVED, by=by)


# What the secretariat edits: the meeting, its agenda and documents ----------------------------------------

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


@transaction.atomic
def agenda_item_add(*, item: AgendaItem, by: User | None) -> AgendaItem:
    item.full_clean()
    item.save()
    audit_record(actor=by, action=AuditAction.AGENDA_ITEM_ADD, target=item, data={"meeting": item.meeting_id})
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by: User | None) -> AgendaItem:
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    changed = model_update(instance=locked, fields=list(data), data=data)
    if changed:
        audit_record(actor=by, action=AuditAction.AGENDA_ITEM_UPDATE, target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User | None) -> None:
    audit_record(actor=by, action=AuditAction.AGENDA_ITEM_REMOVE, target=item, data={"meeting": item.meeting_id})
    item.delete()


@transaction.atomic
def document_add(*, document: MeetingDocument, by: User | None) -> MeetingDocument:
    """Attach a document (a checked PDF) to a meeting; its original file name is kept for downloads."""
    document.original_name = display_name(document.file.name, limit=255)
    document.full_clean()
    document.save()
    audit_record(
        actor=by,
        action=AuditAction.DOCUMENT_ADD,
        target=document,
        data={"meeting": document.meeting_id, "access": document.access},
    )
    return document


@transaction.atomic
def document_update(*, document: MeetingDocument, data: dict, by: User | None) -> MeetingDocument:
    """Change a document's title, language, access, agenda item or file."""
    locked = MeetingDocument.objects.select_for_update().get(pk=document.pk)
    if data.get("file"):
        data = {**data, "original_name": display_name(data["file"].name, limit=255)}
    changed = model_update(instance=locked, fields=list(data), data=data)
    if changed:
        audit_record(
            actor=by,
            action=AuditAction.DOCUMENT_UPDATE,
            target=locked,
            data={"fields": changed, "access": locked.access},
        )
    return locked


@transaction.atomic
def document_remove(*, document: MeetingDocument, by: User | None) -> None:
    audit_record(actor=by, action=AuditAction.DOCUMENT_REMOVE, target=document, data={"meeting": document.meeting_id})
    document.delete()


# Invitations -------------------------------------------------------------------------------------------


def check_can_invite(meeting: Meeting) -> None:
    if meeting.status not in (Status.DRAFT, Status.SCHEDULED):
        raise MeetingError(
            _("Invitations cannot be changed for a meeting that is “%(status)s”.")
            % {"status": meeting.get_status_display()}
        )


@transaction.atomic
def invitation_add(
    *,
    meeting: Meeting,
    person: User | None = None,
    email: str = "",
    name: str = "",
    language: str | None = None,
    by: User | None,
    delegated_from: Invitation | None = None,
) -> Invitation:
    """Invite a person with an account, or a bare email address; the same address only once."""
    check_can_invite(meeting)
    if person is not None:
        email, name, language = person.email, name or person.display_name, language or person.preferred_language
    email = _valid_email(email)
    if person is None:
        person = User.objects.filter(email__iexact=email).first()
        language = language or (person.preferred_language if person else "ru")
    if language not in dict(settings.LANGUAGES):
        raise MeetingError(_("This language is not offered."))
    if meeting.invitations.filter(email__iexact=email).exists():
        raise MeetingError(_("%(email)s is already invited to this meeting.") % {"email": email})
    invitation = Invitation.objects.create(
        meeting=meeting,
        person=person,
        email=email,
        name=name.strip(),
        language=language,
        invited_by=by,
        delegated_from=delegated_from,
        sequence=meeting.sequence,
    )
    audit_record(actor=by, action=AuditAction.INVITATION_ADD, target=invitation, data={"email": email})
    return invitation


def _valid_email(email: str) -> str:
    """The address, lower-cased, or a MeetingError that says what is wrong with it."""
    email = (email or "").strip().lower()
    if len(email) > EMAIL_MAX_LENGTH:
        raise MeetingError(_("An email address has at most 254 characters."))
    try:
        validate_email(email)
    except ValidationError as exc:
        raise MeetingError(_("“%(email)s” is not a valid email address.") % {"email": email}) from exc
    return email


@transaction.atomic
def invitation_update(*, invitation: Invitation, data: dict, by: User | None) -> Invitation:
    """Change how an invitee is greeted and in which language they are written to."""
    if data.get("language", "ru") not in dict(settings.LANGUAGES):
        raise MeetingError(_("This language is not offered."))
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    changed = model_update(instance=locked, fields=["name", "language"], data=data)
    if changed:
        audit_record(actor=by, action=AuditAction.INVITATION_UPDATE, target=locked, data={"fields": changed})
    return locked


def invitation_removable(invitation: Invitation) -> bool:
    """An invitation can be deleted until a send may have started; then its delivery log is kept."""
    return (
        invitation.sent_sequence is None
        and invitation.send_state != SendState.SENDING
        and invitation.attempts == 0
        and not invitation.alternates.exists()
    )


@transaction.atomic
def invitation_remove(*, invitation: Invitation, by: User | None) -> None:
    """Take back an invitation entered by mistake, before anything was sent."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_removable(locked):
        raise MeetingError(_("An invitation that may have been sent cannot be deleted."))
    audit_record(actor=by, action=AuditAction.INVITATION_REMOVE, target=locked, data={"email": locked.email})
    locked.delete()


@transaction.atomic
def invitations_add_members(*, meeting: Meeting, by: User | None) -> int:
    """Invite the current members of the meeting's bodies (on the meeting's date) not yet invited."""
    check_can_invite(meeting)
    day = meeting.local_start.date()
    invited = {e.lower() for e in meeting.invitations.values_list("email", flat=True)}
    people = (
        User.objects.filter(
            is_active=True, memberships__in=Membership.objects.active_on(day).filter(body__in=meeting.bodies.all())
        )
        .distinct()
        .order_by("full_name_latin")
    )
    created = 0
    for person in people:
        if person.email.lower() in invited:
            continue
        Invitation.objects.create(
            meeting=meeting,
            person=person,
            email=person.email.lower(),
            name=person.display_name,
            language=person.preferred_language,
            invited_by=by,
            sequence=meeting.sequence,
        )
        created += 1
    if created:
        audit_record(actor=by, action=AuditAction.INVITATION_ADD_MEMBERS, target=meeting, data={"created": created})
    return created


@transaction.atomic
def invitations_send(*, meeting: Meeting, by: User | None) -> int:
    """Send the invitation to everyone invited who has not been sent it yet; returns how many."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != Status.SCHEDULED:
        raise MeetingError(_("Schedule the meeting before sending invitations."))
    if not locked.invitations.exists():
        invitations_add_members(meeting=locked, by=by)
    pending = locked.invitations.filter(sent_sequence=None).exclude(send_state=SendState.SENDING)
    ids = list(pending.values_list("pk", flat=True))
    pending.update(send_state=SendState.QUEUED, queued_at=timezone.now(), sequence=locked.sequence, last_error="")
    audit_record(actor=by, action=AuditAction.INVITATION_SEND, target=locked, data={"count": len(ids)})
    dispatch_invitations(ids)
    return len(ids)


@transaction.atomic
def invitations_retry_failed(*, invitations: Iterable[Invitation], by: User | None) -> int:
    ids = [i.pk for i in invitations if i.send_state == SendState.FAILED]
    Invitation.objects.filter(pk__in=ids, send_state=SendState.FAILED).update(
        send_state=SendState.QUEUED, queued_at=timezone.now()
    )
    for invitation in Invitation.objects.filter(pk__in=ids):
        audit_record(actor=by, action=AuditAction.INVITATION_RETRY, target=invitation)
    dispatch_invitations(ids)
    return len(ids)


@transaction.atomic
def invitation_respond(*, invitation: Invitation, answer: str, by: User | None) -> Invitation:
    """Record an invitee's answer; answers may change until the deadline, and every change is audited."""
    locked = Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    meeting = locked.meeting
    if answer not in (Rsvp.ACCEPTED, Rsvp.DECLINED, Rsvp.TENTATIVE):
        raise MeetingError(_("Choose one of the answers offered."))
    if meeting.status == Status.CANCELLED:
        raise MeetingError(_("This meeting has been cancelled."))
    if not rsvp_link_works(locked):
        raise MeetingError(_("This invitation belongs to an account that has been deactivated."))
    if locked.rsvp == Rsvp.DELEGATED:
        raise MeetingError(_("You have nominated an alternate for this meeting."))
    if not meeting.rsvp_open():
        raise MeetingError(_("Answers for this meeting are closed."))
    previous = locked.rsvp
    locked.rsvp = answer
    locked.responded_at = timezone.now()
    locked.save(update_fields=["rsvp", "responded_at"])
    audit_record(actor=by, action=AuditAction.INVITATION_RESPOND, target=locked, data={"from": previous, "to": answer})
    return locked


# Nominations of alternates ----------------------------------------------------------------------------


@transaction.atomic
def nomination_request(*, invitation: Invitation, email: str, name: str = "", by: User | None) -> Nomination:
    """The invitee asks that an alternate attend in their place.

    The request waits for the secretariat, unless the alternate is an active account of the invitee's
    organisation or delegation (`alternate_needs_no_confirmation`): then it is confirmed at once. Nothing is
    sent before confirmation, and what the invitee typed never goes into a message.
    """
    locked = (
        Invitation.objects.select_for_update(of=("self",)).select_related("meeting", "person").get(pk=invitation.pk)
    )
    meeting = locked.meeting
    if not meeting.rsvp_open():
        raise MeetingError(_("Answers for this meeting are closed."))
    if locked.rsvp == Rsvp.DELEGATED:
        raise MeetingError(_("You have already nominated an alternate."))
    email = _valid_email(email)
    waiting = locked.nominations.filter(state=Nomination.State.REQUESTED).first()
    if waiting is not None:
        raise MeetingError(_("Your nomination of %(email)s is waiting for the secretariat.") % {"email": waiting.email})
    limit = settings.MEETINGS_NOMINATIONS_PER_INVITATION
    if locked.nominations.count() >= limit:
        raise MeetingError(
            ngettext(
                "You have made the %(n)d nomination allowed for this invitation. Please contact the secretariat.",
                "You have made the %(n)d nominations allowed for this invitation. Please contact the secretariat.",
                limit,
            )
            % {"n": limit}
        )
    if meeting.invitations.filter(email__iexact=email).exists():
        raise MeetingError(_("%(email)s is already invited to this meeting.") % {"email": email})
    alternate = User.objects.filter(email__iexact=email).first()
    nomination = Nomination.objects.create(
        invitation=locked, email=email, name=name.strip()[:200], alternate=alternate, requested_by=by
    )
    audit_record(
        actor=by,
        action=AuditAction.NOMINATION_REQUEST,
        target=nomination,
        data={"email": email, "invitation": locked.pk},
    )
    if alternate_needs_no_confirmation(invitee=locked.person, alternate=alternate, on=meeting.local_start.date()):
        _nomination_confirm(nomination, locked, by=by, automatic=True)
    return nomination


@transaction.atomic
def nomination_confirm(*, nomination: Nomination, by: User | None) -> Invitation:
    """The secretariat confirms a nomination: the alternate is invited (and sent the invitation) in the
    invitee's place."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("meeting", "person")
        .get(pk=nomination.invitation_id)
    )
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    return _nomination_confirm(locked, invitation, by=by, automatic=False)


def _nomination_confirm(nomination: Nomination, invitation: Invitation, *, by: User | None, automatic: bool):
    if nomination.state != Nomination.State.REQUESTED:
        raise MeetingError(_("This nomination has already been decided."))
    if invitation.rsvp == Rsvp.DELEGATED:
        raise MeetingError(_("This invitee already has an alternate."))
    account = User.objects.filter(email__iexact=nomination.email).first()
    # The alternate is greeted by their account's name, or by their address: never by the invitee's words.
    alternate = invitation_add(
        meeting=invitation.meeting,
        person=account,
        email=nomination.email,
        language=None if account else invitation.language,
        by=nomination.requested_by,
        delegated_from=invitation,
    )
    now = timezone.now()
    invitation.rsvp, invitation.responded_at = Rsvp.DELEGATED, now
    invitation.save(update_fields=["rsvp", "responded_at"])
    nomination.state, nomination.decided_at = Nomination.State.CONFIRMED, now
    nomination.decided_by = None if automatic else by
    nomination.alternate_invitation = alternate
    nomination.save(update_fields=["state", "decided_at", "decided_by", "alternate_invitation"])
    audit_record(
        actor=by,
        action=AuditAction.NOMINATION_CONFIRM,
        target=nomination,
        data={"email": nomination.email, "automatic": automatic, "alternate_invitation": alternate.pk},
    )
    Invitation.objects.filter(pk=alternate.pk).update(queued_at=now)
    dispatch_invitations([alternate.pk])
    return alternate


@transaction.atomic
def nomination_refuse(*, nomination: Nomination, by: User | None) -> Nomination:
    """The secretariat refuses a nomination: nothing is sent, and the invitee may answer or nominate again."""
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.state != Nomination.State.REQUESTED:
        raise MeetingError(_("This nomination has already been decided."))
    locked.state, locked.decided_at, locked.decided_by = Nomination.State.REFUSED, timezone.now(), by
    locked.save(update_fields=["state", "decided_at", "decided_by"])
    audit_record(actor=by, action=AuditAction.NOMINATION_REFUSE, target=locked, data={"email": locked.email})
    return locked


def _queue_cancellations(meeting: Meeting, *, by: User | None) -> None:
    """Those sent the invitation get a cancellation; invitations never sent are withdrawn."""
    never_sent = meeting.invitations.filter(sent_sequence=None, alternates=None)
    for invitation in never_sent:
        audit_record(
            actor=by, action=AuditAction.INVITATION_WITHDRAW, target=invitation, data={"email": invitation.email}
        )
    never_sent.delete()
    ids = list(meeting.invitations.exclude(sent_sequence=None).values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(
        sequence=meeting.sequence, send_state=SendState.QUEUED, queued_at=timezone.now(), last_error=""
    )
    dispatch_invitations(ids)


# The private calendar feed ----------------------------------------------------------------------------


@transaction.atomic
def user_calendar_token_rotate(*, user: User) -> User:
    """Give a person a new key for their private calendar feed; the old key stops working at once."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.calendar_token = new_calendar_token()
    locked.save(update_fields=["calendar_token"])
    # The key is a credential: the audit row says that it changed, never what it is.
    audit_record(actor=locked, action=AuditAction.USER_CALENDAR_TOKEN_ROTATE, target=locked)
    user.calendar_token = locked.calendar_token
    return locked


# Attendance --------------------------------------------------------------------------------------------


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


# Dispatch ----------------------------------------------------------------------------------------------


SEND_INVITATION = "meetings.tasks.send_invitation"
SEND_REMINDER = "meetings.tasks.send_reminder"


def dispatch_invitations(ids: Iterable[int]) -> None:
    """After the commit, hand each invitation to Celery; a failed hand-over leaves it for the sweep."""
    dispatch(SEND_INVITATION, ids)


def dispatch_reminders(ids: Iterable[int]) -> None:
    dispatch(SEND_REMINDER, ids)


# Delivery ----------------------------------------------------------------------------------------------


def _owed_invitation(invitation: Invitation) -> str | None:
    """Which message the invitee is owed now, if any."""
    if not invitation.needs_sending:
        return None
    if invitation.meeting.status == Status.CANCELLED:
        return emails.Kind.CANCELLATION if invitation.sent_sequence is not None else None
    if invitation.meeting.status != Status.SCHEDULED:
        return None
    return emails.Kind.INVITATION if invitation.sent_sequence is None else emails.Kind.UPDATE


def invitation_send(*, invitation_id: int, task_id: str = "", retries: int = 0) -> str:
    """Send what the invitee is owed (invitation, update or cancellation), at most once per sequence.

    Returns "sent", "nothing owed", "busy" or "failed" (an error that retrying cannot fix, recorded on the row);
    raises on a transient SMTP error after recording it, so the task retries.
    """
    now = timezone.now()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("meeting", "person")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return "nothing owed"
        kind = _owed_invitation(invitation)
        if kind is None:
            if invitation.send_state in (SendState.QUEUED, SendState.SENDING):
                if invitation.sent_sequence is not None:
                    invitation.send_state = SendState.SENT
                else:
                    # Not owed now (e.g. the meeting went back to draft): it waits for "send invitations".
                    invitation.send_state, invitation.queued_at = SendState.QUEUED, None
                invitation.save(update_fields=["send_state", "queued_at"])
            return "nothing owed"
        if not claim(invitation, task_id=task_id, now=now):
            return "busy"
        sequence = invitation.sequence
        message_id = emails.invitation_message_id(invitation, sequence)
        attempt = DeliveryAttempt.objects.create(
            invitation=invitation, message=kind, sequence=sequence, message_id=message_id, task_id=task_id
        )
    build = lambda: emails.build_message(invitation=invitation, kind=kind, message_id=attempt.message_id)  # noqa: E731
    if not transmit(Invitation, invitation_id, attempt, build=build, retries=retries):
        return "failed"
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation_id).update(
            sent_sequence=sequence,
            send_state=SendState.SENT,
            sent_at=timezone.now(),
            last_error="",
            claimed_by="",
        )
        # A newer sequence may have been queued while this one was on the wire: it stays owed.
        Invitation.objects.filter(pk=invitation_id, sequence__gt=sequence).update(send_state=SendState.QUEUED)
        attempt_sent(attempt)
    return "sent"


# Reminders ---------------------------------------------------------------------------------------------


def reminder_keys_due(meeting: Meeting, now) -> list[tuple[str, set[str], datetime.datetime]]:
    """The reminders of a meeting due by `now`: (key, answers of those who get it, when it fell due).

    Of the reminders before the start only the latest due one counts, so a beat that was down, or an invitation
    sent late, never brings two at once.
    """
    due = []
    if meeting.status != Status.SCHEDULED or meeting.starts_at <= now:
        return due
    passed = [h for h in meeting.reminder_hours if now >= meeting.starts_at - datetime.timedelta(hours=h)]
    if passed:
        hours = min(passed)
        due.append(
            (
                f"start-{hours}h",
                {Rsvp.ACCEPTED, Rsvp.PENDING, Rsvp.TENTATIVE},
                meeting.starts_at - datetime.timedelta(hours=hours),
            )
        )
    if meeting.rsvp_deadline:
        falls_due = meeting.rsvp_deadline - datetime.timedelta(hours=meeting.rsvp_reminder_hours)
        if falls_due <= now <= meeting.rsvp_deadline:
            due.append(("rsvp", {Rsvp.PENDING}, falls_due))
    return due


@transaction.atomic
def reminders_queue_due(*, now=None, meeting: Meeting | None = None, force_key: str | None = None) -> int:
    """Create (once each) the reminder rows that are due, and dispatch them.

    Someone first sent the invitation after a reminder fell due does not get that reminder: the invitation
    itself was the news.
    """
    now = now or timezone.now()
    meetings = Meeting.objects.filter(status=Status.SCHEDULED, starts_at__gt=now)
    if meeting is not None:
        meetings = meetings.filter(pk=meeting.pk)
    created_ids = []
    for m in meetings:
        due = reminder_keys_due(m, now)
        if force_key:
            due = [(force_key, {Rsvp.ACCEPTED, Rsvp.PENDING, Rsvp.TENTATIVE}, None)]
        for key, answers, falls_due in due:
            targets = m.invitations.filter(rsvp__in=answers).exclude(sent_sequence=None).exclude(reminders__key=key)
            if falls_due is not None:
                first_sent = (
                    DeliveryAttempt.objects.filter(
                        invitation=OuterRef("pk"), outcome=DeliveryAttempt.Outcome.SENT, reminder=None
                    )
                    .order_by("started_at")
                    .values("started_at")[:1]
                )
                targets = targets.annotate(first_sent=Subquery(first_sent)).filter(
                    Q(first_sent__isnull=True) | Q(first_sent__lte=falls_due)
                )
            for invitation in targets:
                created_ids.append(Reminder.objects.create(invitation=invitation, key=key, queued_at=now).pk)
    dispatch_reminders(created_ids)
    return len(created_ids)


def reminder_send(*, reminder_id: int, task_id: str = "", retries: int = 0) -> str:
    now = timezone.now()
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("invitation", "invitation__meeting", "invitation__person")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.send_state in (SendState.SENT, SendState.FAILED):
            return "nothing owed"
        invitation = reminder.invitation
        if invitation.meeting.status != Status.SCHEDULED or invitation.meeting.starts_at <= now:
            reminder.send_state = SendState.FAILED
            reminder.last_error = _("The meeting is no longer scheduled.")
            reminder.save(update_fields=["send_state", "last_error"])
            return "nothing owed"
        if not claim(reminder, task_id=task_id, now=now):
            return "busy"
        kind = emails.Kind.RSVP_REMINDER if reminder.key == "rsvp" else emails.Kind.REMINDER
        message_id = emails.reminder_message_id(reminder)
        attempt = DeliveryAttempt.objects.create(
            invitation=invitation,
            reminder=reminder,
            message=kind,
            sequence=invitation.sequence,
            message_id=message_id,
            task_id=task_id,
        )
    build = lambda: emails.build_message(invitation=invitation, kind=kind, message_id=attempt.message_id)  # noqa: E731
    if not transmit(Reminder, reminder_id, attempt, build=build, retries=retries):
        return "failed"
    with transaction.atomic():
        Reminder.objects.filter(pk=reminder_id).update(send_state=SendState.SENT, sent_at=timezone.now(), claimed_by="")
        attempt_sent(attempt)
    return "sent"
