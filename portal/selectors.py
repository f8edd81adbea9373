"""Reads of the member's home page ("what needs me"), built on the selectors and access rules of the apps below.

Each function answers one question of the page in a fixed number of queries, whatever the number of rows.
"""

import datetime

from allauth.mfa.models import Authenticator
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from council.models import User
from council.permissions import member_body_ids
from meetings import selectors as meeting_selectors
from meetings.models import Invitation, Meeting, MeetingDocument
from meetings.permissions import filter_visible_meetings, published_meetings_q
from recommendations import selectors as recommendation_selectors
from recommendations.emails import round_time_zone
from recommendations.models import ConsensusRound, Position, Recommendation
from recommendations.permissions import filter_visible_recommendations, reportable_state_ids
from recommendations.services import current_period

# How far back "new documents" reach for someone who has never visited before.
FIRST_VISIT_WINDOW = datetime.timedelta(days=30)
NEXT_MEETINGS = 5
NEW_DOCUMENTS = 20


def rounds_open_for(*, user: User) -> list[ConsensusRound]:
    """Open consensus rounds the person holds a position in, soonest deadline first, each with `my_position` (their
    current one, None if they have not answered) and `zone` (the round's own time zone)."""
    visible = filter_visible_recommendations(Recommendation.objects.all(), user).values("pk")
    mine = Position.objects.filter(person=user).order_by("recorded_at", "id")
    rounds = list(
        ConsensusRound.objects.filter(state=ConsensusRound.State.OPEN, members__person=user, recommendation__in=visible)
        .select_related("version__recommendation", "body", "meeting")
        .prefetch_related(Prefetch("positions", queryset=mine, to_attr="my_positions"))
        .order_by(F("deadline").asc(nulls_last=True), "opened_at", "id")
    )
    for round_ in rounds:
        round_.my_position = round_.my_positions[-1] if round_.my_positions else None
        round_.zone = round_time_zone(round_).key
    return rounds


def invitations_unanswered(*, user: User) -> QuerySet[Invitation]:
    """The person's invitations to published meetings still ahead that they have not answered, soonest first."""
    return (
        Invitation.objects.filter(person=user, rsvp=Invitation.Rsvp.PENDING, meeting__ends_at__gte=timezone.now())
        .filter(meeting__in=Meeting.objects.filter(published_meetings_q()).exclude(status=Meeting.Status.CANCELLED))
        .select_related("meeting")
        .order_by("meeting__starts_at", "id")
    )


def focal_point_state_ids(user: User) -> set[int]:
    """The states the person reports for as national focal point (the secretariat reports for all but owes none)."""
    return reportable_state_ids(user) or set()


def reports_due_for(*, user: User, state_ids: set[int] | None = None) -> list[dict]:
    """What the person's state(s) owe this period as their national focal point: the rows of the reports-due page
    (recommendations.selectors.reports_due_for) not reported yet. Nothing for those who are not a focal point."""
    state_ids = focal_point_state_ids(user) if state_ids is None else state_ids
    if not state_ids:
        return []
    period = current_period()
    return [
        {**row, "period": period}
        for row in recommendation_selectors.reports_due_for(user=user, period=period)
        if not row["reported"] and row["state"].pk in state_ids
    ]


def _my_meetings(user: User) -> QuerySet[Meeting]:
    """Published meetings the person is invited to or whose body they sit on, as far as they may see them."""
    mine = Meeting.objects.filter(Q(invitations__person=user) | Q(bodies__in=member_body_ids(user))).values("pk")
    return filter_visible_meetings(Meeting.objects.filter(published_meetings_q(), pk__in=mine), user)


def documents_new_for(*, user: User, since: datetime.datetime | None) -> list[MeetingDocument]:
    """Documents added to the person's meetings after `since` (their previous visit; the last 30 days for a first
    visit) that they may open, newest first."""
    since = since or timezone.now() - FIRST_VISIT_WINDOW
    return list(
        meeting_selectors.documents_seen_by(user=user)
        .filter(meeting__in=_my_meetings(user).values("pk"), uploaded_at__gt=since)
        .select_related("meeting", "agenda_item")
        .order_by("-uploaded_at", "-id")[:NEW_DOCUMENTS]
    )


def meetings_next_for(*, user: User) -> list[Meeting]:
    """The person's next meetings (invited to or of their bodies), each with `my_invitation` (None if not invited)."""
    mine = Invitation.objects.filter(person=user).order_by("id")
    meetings = list(
        meeting_selectors.meetings_upcoming_for(user=user)
        .filter(pk__in=_my_meetings(user).values("pk"))
        .prefetch_related(Prefetch("invitations", queryset=mine, to_attr="my_invitations"))[:NEXT_MEETINGS]
    )
    for meeting in meetings:
        meeting.my_invitation = meeting.my_invitations[0] if meeting.my_invitations else None
    return meetings


def home_for(*, user: User, since: datetime.datetime | None) -> dict:
    """Everything the home page shows of what needs the person."""
    state_ids = focal_point_state_ids(user)
    return {
        "rounds": rounds_open_for(user=user),
        "invitations": list(invitations_unanswered(user=user)),
        "is_focal_point": bool(state_ids),
        "reports_due": reports_due_for(user=user, state_ids=state_ids),
        "documents": documents_new_for(user=user, since=since),
        "since": since,
        "next_meetings": meetings_next_for(user=user),
    }


def second_factor_of(*, user: User) -> dict:
    """Which second factors the person has set up (never their secrets)."""
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    return {
        "totp": Authenticator.Type.TOTP in types,
        "webauthn": Authenticator.Type.WEBAUTHN in types,
        "recovery_codes": Authenticator.Type.RECOVERY_CODES in types,
        "any": bool(types & {Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN}),
    }
