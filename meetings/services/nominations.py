"""Nominations of alternates: an invitee asks that someone attend in their place."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.audit import AuditAction, audit_record
from council.models import User
from meetings.models import Invitation, Nomination
from meetings.permissions import alternate_needs_no_confirmation
from meetings.services.delivery import dispatch_invitations
from meetings.services.errors import MeetingError
from meetings.services.invitations import invitation_add, valid_email

Rsvp = Invitation.Rsvp


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
    email = valid_email(email)
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
