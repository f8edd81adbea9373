"""Who may see meetings, their documents and online links, and whose nominations need no confirmation."""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from council.access import access_q, can_see_level, levels_for, levels_q
from council.models import Membership, User
from council.permissions import is_secretariat, member_body_ids
from council.reporting import Audience
from meetings.models import Invitation, Meeting, OutcomeDocument


def published_meetings_q() -> Q:
    """Meetings seen outside the secretariat (by those their access level admits): all but drafts."""
    return ~Q(status__in=Meeting.UNPUBLISHED_STATUSES)


def visible_meetings_q(user) -> Q | None:
    """A filter on meetings the user may see; None means every meeting (the secretariat).

    A published meeting is seen by whoever its access level admits (council.access), and by its invitees."""
    if is_secretariat(user):
        return None
    seen = access_q(user, bodies="bodies")
    if user.is_authenticated and user.is_active:
        # An invitee always sees the meeting they are invited to.
        seen |= Q(invitations__person=user)
    return published_meetings_q() & seen


def filter_visible_meetings(queryset: QuerySet, user) -> QuerySet:
    condition = visible_meetings_q(user)
    if condition is None:
        return queryset
    # The joins through bodies and invitations repeat rows: filter by id so that the caller's queryset does not.
    ids = queryset.model.objects.filter(condition).values("pk")
    return queryset.filter(pk__in=ids)


def can_view_meeting(user, meeting) -> bool:
    return filter_visible_meetings(type(meeting).objects.filter(pk=meeting.pk), user).exists()


def _body_ids(meeting):
    """The meeting's bodies own its documents; lazy, so that nobody's membership is compared unless it counts."""
    return (body.pk for body in meeting.bodies.all())


def visible_documents_q(user, meeting) -> Q:
    """A filter on the documents of a (visible) meeting that the user may open."""
    return levels_q(levels_for(user, _body_ids(meeting)))


def documents_level_q(user) -> Q:
    """A filter on documents whose own level the user sees, given the bodies of each one's meeting: with the
    meetings the user sees (`filter_visible_meetings`), the rule of `can_view_document` for many meetings at once.
    It joins the meetings' bodies, which repeats rows: filter by id (see meetings.selectors)."""
    return access_q(user, bodies="meeting__bodies")


def can_view_document(user, document) -> bool:
    """A meeting's document is opened by those who see the meeting and the document's own access level."""
    meeting = document.meeting
    return can_view_meeting(user, meeting) and can_see_level(user, document.access, _body_ids(meeting))


# Outcome documents -----------------------------------------------------------------------------------


def filter_visible_outcomes(queryset: QuerySet, user) -> QuerySet:
    """Outcome documents the user may read: all for the secretariat; for anyone else, published ones of meetings
    they see, at a level they see (owned by the meeting's bodies). A draft is the secretariat's alone."""
    if is_secretariat(user):
        return queryset
    meetings = filter_visible_meetings(Meeting.objects.all(), user).values("pk")
    # The join through the meeting's bodies repeats rows: filter by id so that the caller's queryset does not.
    ids = OutcomeDocument.objects.filter(
        access_q(user, bodies="meeting__bodies"), published_at__isnull=False, meeting__in=meetings
    ).values("pk")
    return queryset.filter(pk__in=ids)


def can_view_outcome(user, document) -> bool:
    return filter_visible_outcomes(OutcomeDocument.objects.filter(pk=document.pk), user).exists()


def outcome_audience(document) -> Audience:
    """Who may read an outcome document's PDF: those who may read the document (its level, owned by the meeting's
    bodies, and no wider than its meeting's); a draft, or one of a draft meeting, is the secretariat's alone.
    Reads `document.meeting.bodies` (prefetch it)."""
    meeting = document.meeting
    if not document.is_published or meeting.status in Meeting.UNPUBLISHED_STATUSES:
        return Audience.secretariat()
    body_ids = {body.pk for body in meeting.bodies.all()}
    return Audience(level=document.access, body_ids=body_ids).with_item(meeting.access, body_ids)


# The online link --------------------------------------------------------------------------------------


def invited_meeting_ids(user, meetings: Iterable) -> set[int]:
    """Of these meetings, those the user is invited to, by account or by address (none for whoever is not an
    active person: a visitor, a deactivated account, a partner key)."""
    ids = {meeting.pk for meeting in meetings}
    if not ids or not (user.is_authenticated and user.is_active):
        return set()
    invited = Invitation.objects.filter(meeting_id__in=ids).filter(Q(person=user) | Q(email__iexact=user.email))
    return set(invited.values_list("meeting_id", flat=True))


def online_link_meeting_ids(user, meetings: Iterable, *, invited: set[int] | None = None) -> set[int]:
    """Of these meetings, those whose online link the user may see: the ones they are invited to (all of them
    for the secretariat). Whoever else may see a meeting sees its time and place, never the link.

    `invited` is `invited_meeting_ids(user, meetings)` when the caller has read it already."""
    meetings = list(meetings)
    ids = {meeting.pk for meeting in meetings}
    if not ids or is_secretariat(user):
        return ids
    return (invited_meeting_ids(user, meetings) if invited is None else set(invited)) & ids


def can_see_online_link(user, meeting, *, invitation=None) -> bool:
    """May `user` see the meeting's online link, on its page, in its calendar file or feed?

    An email about an `invitation` goes to its invitee, who may (unless their account has been deactivated).
    """
    if invitation is not None:
        return invitation.meeting_id == meeting.pk and (invitation.person_id is None or invitation.person.is_active)
    return meeting.pk in online_link_meeting_ids(user, [meeting])


# Names of participants --------------------------------------------------------------------------------


def participant_names_meeting_ids(user, meetings: Iterable, *, invited: set[int] | None = None) -> set[int]:
    """Of these meetings, those whose participants' names (presenters included) the user may see: all of them for
    the secretariat; those of the bodies they are a current member of, and those they are invited to. Everyone
    else may see a meeting, never who takes part in it. Reads each meeting's `bodies` (prefetch them).

    `invited` is `invited_meeting_ids(user, meetings)` when the caller has read it already."""
    meetings = list(meetings)
    ids = {meeting.pk for meeting in meetings}
    if not ids or is_secretariat(user):
        return ids
    if not (user.is_authenticated and user.is_active):
        return set()
    seats = member_body_ids(user)
    of_bodies = {meeting.pk for meeting in meetings if seats & {body.pk for body in meeting.bodies.all()}}
    if of_bodies == ids:
        return ids
    rest = [meeting for meeting in meetings if meeting.pk not in of_bodies]
    invited = invited_meeting_ids(user, rest) if invited is None else set(invited)
    return of_bodies | (invited & ids)


def can_see_participant_names(user, meeting) -> bool:
    """May `user` see the names of a meeting's participants (`participant_names_meeting_ids`)?"""
    return meeting.pk in participant_names_meeting_ids(user, [meeting])


def participant_names_audience(meeting) -> Audience:
    """Who may read a document that names a meeting's participants, as `can_see_participant_names` says: the
    secretariat, the meeting's invitees and the members of its bodies, and of those only people who may see the
    meeting at all (the stricter of its own access level and its bodies' members). A draft meeting is the
    secretariat's alone. Reads `meeting.bodies` (prefetch it)."""
    if meeting.status in Meeting.UNPUBLISHED_STATUSES:
        return Audience.secretariat()
    body_ids = {body.pk for body in meeting.bodies.all()}
    return Audience(level=meeting.access, body_ids=body_ids, meeting_id=meeting.pk).with_members_of(body_ids)


# Answer links and alternates --------------------------------------------------------------------------


def rsvp_link_works(invitation) -> bool:
    """An invitation's answer link stops working once the person it was sent to has been deactivated."""
    if invitation.person_id is not None:
        return invitation.person.is_active
    return not User.objects.filter(email__iexact=invitation.email, is_active=False).exists()


def alternate_needs_no_confirmation(*, invitee: User | None, alternate: User | None, on: datetime.date) -> bool:
    """A nominated alternate is invited without the secretariat's confirmation only when they have an active
    account and belong to the invitee's organisation or to the same member state's delegation (both counted on
    the meeting's date, from the people's organisation and the memberships they hold)."""
    if invitee is None or alternate is None or not (invitee.is_active and alternate.is_active):
        return False
    if alternate.pk == invitee.pk:
        return False
    seats = Membership.objects.active_on(on)
    mine = seats.filter(person=invitee)
    organisations = set(mine.exclude(represents_organisation=None).values_list("represents_organisation", flat=True))
    if invitee.organisation_id:
        organisations.add(invitee.organisation_id)
    states = set(mine.exclude(represents_state=None).values_list("represents_state", flat=True))
    if alternate.organisation_id in organisations:
        return True
    return (
        seats.filter(person=alternate)
        .filter(Q(represents_organisation__in=organisations) | Q(represents_state__in=states))
        .exists()
    )
