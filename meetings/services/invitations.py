"""Who is invited, their answers, and what a change of the meeting owes them (an update, a cancellation)."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.audit import AuditAction, audit_record
from council.models import Membership, User
from council.services import model_update
from meetings.models import RSVP_NOTE_MAX_LENGTH, Invitation, Meeting, SendState
from meetings.permissions import rsvp_link_works
from meetings.services.delivery import dispatch_invitations, may_have_been_sent, may_have_been_sent_q
from meetings.services.errors import MeetingError

Status = Meeting.Status
Rsvp = Invitation.Rsvp
EMAIL_MAX_LENGTH = 254


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
    email = valid_email(email)
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


def valid_email(email: str) -> str:
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
    return not may_have_been_sent(invitation) and not invitation.alternates.exists()


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
def invitation_respond(*, invitation: Invitation, answer: str, by: User | None, note: str | None = None) -> Invitation:
    """Record an invitee's answer (and, when given, the note that goes with it for the secretariat: interpretation,
    accessibility, travel; "" clears it); answers may change until the deadline, and every change is audited."""
    if note is not None:
        note = note.strip()
        if len(note) > RSVP_NOTE_MAX_LENGTH:
            raise MeetingError(
                _("The note has at most %(limit)d characters (it has %(length)d).")
                % {"limit": RSVP_NOTE_MAX_LENGTH, "length": len(note)}
            )
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
    fields = ["rsvp", "responded_at"]
    data = {"from": previous, "to": answer}
    if note is not None and note != locked.rsvp_note:
        locked.rsvp_note = note
        fields.append("rsvp_note")
        data["note"] = note
    locked.save(update_fields=fields)
    audit_record(actor=by, action=AuditAction.INVITATION_RESPOND, target=locked, data=data)
    return locked


def _requeue_for(meeting: Meeting) -> list[int]:
    """Bring every invitation of the meeting to its new sequence, and queue again those that may have been sent.

    A row being sent right now keeps its claim: its worker, when it marks the row sent at the old sequence,
    finds the newer one owed and sends again, so what its invitee was sent last matches the meeting. A row
    still queued is built from the meeting as it is when it goes, and its Message-ID follows the new sequence.
    """
    invitations = Invitation.objects.filter(meeting=meeting)
    invitations.update(sequence=meeting.sequence)
    again = invitations.filter(may_have_been_sent_q()).exclude(send_state=SendState.SENDING)
    ids = list(again.values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=ids).update(send_state=SendState.QUEUED, queued_at=timezone.now(), last_error="")
    return ids


def invitations_queue_update(meeting: Meeting) -> int:
    """The meeting's time or place changed (its sequence is new): everyone who may have been sent the invitation
    gets the update; those not sent it yet get the invitation with the new time. Returns how many updates."""
    ids = _requeue_for(meeting)
    dispatch_invitations(ids)
    return len(ids)


def invitations_queue_cancellation(meeting: Meeting, *, by: User | None) -> int:
    """The meeting is cancelled: everyone who may have been sent the invitation gets the cancellation
    (METHOD:CANCEL); invitations that nothing was ever sent for are withdrawn. Returns how many cancellations."""
    never_sent = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, alternates=None)
        .exclude(may_have_been_sent_q())
    )
    for invitation in never_sent:  # locked: a worker that would claim one now waits, then finds it gone
        audit_record(
            actor=by, action=AuditAction.INVITATION_WITHDRAW, target=invitation, data={"email": invitation.email}
        )
        invitation.delete()
    ids = _requeue_for(meeting)
    dispatch_invitations(ids)
    return len(ids)
