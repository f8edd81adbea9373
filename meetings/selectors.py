"""Reads of meetings, with the joins each page needs."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from meetings.models import AgendaItem, Invitation, Meeting, MeetingDocument, Nomination, OutcomeDocument, Signatory
from meetings.permissions import (
    documents_level_q,
    filter_visible_meetings,
    filter_visible_outcomes,
    published_meetings_q,
    visible_documents_q,
)


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    return filter_visible_meetings(Meeting.objects.all(), user).prefetch_related("bodies")


def meetings_upcoming_for(*, user) -> QuerySet[Meeting]:
    return meetings_visible_to(user=user).filter(ends_at__gte=timezone.now()).order_by("starts_at")


def meetings_past_for(*, user) -> QuerySet[Meeting]:
    return meetings_visible_to(user=user).filter(ends_at__lt=timezone.now()).order_by("-starts_at")


def meeting_for_page(*, user, pk: int) -> Meeting:
    """The meeting with its agenda (items and sub-items), organisers and bodies; raises DoesNotExist."""
    items = AgendaItem.objects.order_by("order", "id").prefetch_related("documents")
    return (
        meetings_visible_to(user=user)
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            "organisers",
            "co_organisers",
        )
        .get(pk=pk)
    )


def documents_seen_by(*, user) -> QuerySet[MeetingDocument]:
    """Documents whose own level the user sees (of any meeting: take them through the meetings the user sees)."""
    condition = documents_level_q(user)
    if not condition:
        return MeetingDocument.objects.all()
    return MeetingDocument.objects.filter(pk__in=MeetingDocument.objects.filter(condition).values("pk"))


def meetings_described_for(*, user) -> QuerySet[Meeting]:
    """The meetings the user sees, each with all that describes it in full: bodies, organisers, the agenda (items
    and sub-items) and the documents the user may open. A fixed number of queries, whatever the number of rows."""
    items = AgendaItem.objects.order_by("order", "id")
    documents = documents_seen_by(user=user).order_by(F("agenda_item__order").asc(nulls_last=True), "title", "id")
    return meetings_visible_to(user=user).prefetch_related(
        "organisers",
        "co_organisers",
        Prefetch("agenda_items", queryset=items),
        Prefetch("documents", queryset=documents, to_attr="documents_seen"),
    )


def agenda_numbered(meeting: Meeting) -> list[tuple[int, AgendaItem, list[tuple[str, AgendaItem]]]]:
    """The agenda as it is numbered everywhere: (n, item, [("n.m", sub-item), ...]) for each top-level item, in order.

    Reads `meeting.agenda_items` (prefetched by `meeting_for_page`, or queried in the model's order).
    """
    items = list(meeting.agenda_items.all())
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item)
    top = [item for item in items if item.parent_id is None]
    return [
        (n, item, [(f"{n}.{m}", sub) for m, sub in enumerate(children.get(item.pk, []), 1)])
        for n, item in enumerate(top, 1)
    ]


def documents_for(*, user, meeting: Meeting) -> QuerySet[MeetingDocument]:
    return meeting.documents.filter(visible_documents_q(user, meeting)).select_related("agenda_item")


def invitation_of(*, user, meeting: Meeting) -> Invitation | None:
    if not user.is_authenticated:
        return None
    return (
        meeting.invitations.filter(Q(person=user) | Q(email__iexact=user.email))
        .select_related("delegated_from")
        .first()
    )


def nominations_of(*, invitation: Invitation) -> QuerySet[Nomination]:
    """The alternates an invitee has nominated, newest first, for their own page."""
    return invitation.nominations.order_by("-requested_at", "-id")


def meetings_of_invitee(*, user) -> QuerySet[Meeting]:
    """The meetings in a person's calendar feed: those they are invited to, cancelled ones included."""
    return Meeting.objects.filter(published_meetings_q(), invitations__person=user).distinct().order_by("starts_at")


def rsvp_summary(*, meeting: Meeting) -> dict:
    """Answers per state and per organisation (for the secretariat)."""
    rows = meeting.invitations.values(
        "rsvp", "person__country__code", "person__organisation__acronym_en", "person__organisation__name_en"
    ).annotate(n=Count("id"))
    answers = [choice for choice, _label in Invitation.Rsvp.choices]
    by_state: dict[str, dict[str, int]] = {}
    by_org: dict[str, dict[str, int]] = {}
    totals = dict.fromkeys(answers, 0)
    for row in rows:
        state = row["person__country__code"] or "—"
        org = row["person__organisation__acronym_en"] or row["person__organisation__name_en"] or "—"
        by_state.setdefault(state, dict.fromkeys(answers, 0))[row["rsvp"]] += row["n"]
        by_org.setdefault(org, dict.fromkeys(answers, 0))[row["rsvp"]] += row["n"]
        totals[row["rsvp"]] += row["n"]
    return {
        "answers": answers,
        "labels": [label for _choice, label in Invitation.Rsvp.choices],
        "by_state": dict(sorted(by_state.items())),
        "by_org": dict(sorted(by_org.items())),
        "totals": totals,
    }


# Outcome documents ------------------------------------------------------------------------------------


def _signatories() -> Prefetch:
    return Prefetch(
        "signatories",
        queryset=Signatory.objects.select_related("for_state", "for_organisation").order_by("order", "id"),
    )


def outcomes_visible_to(*, user) -> QuerySet[OutcomeDocument]:
    """The outcome documents the user may read, newest first, each with its meeting."""
    return (
        filter_visible_outcomes(OutcomeDocument.objects.all(), user)
        .select_related("meeting")
        .order_by("-adopted_on", "-id")
    )


def outcomes_described_for(*, user) -> QuerySet[OutcomeDocument]:
    """The outcome documents the user may read with their meeting and signatories (in order): a fixed number of
    queries, whatever the number of rows."""
    return outcomes_visible_to(user=user).prefetch_related(_signatories())


def outcome_for_page(*, user, pk: int) -> OutcomeDocument:
    """One outcome document with its meeting (and its bodies) and its signatories; raises DoesNotExist."""
    return outcomes_described_for(user=user).prefetch_related("meeting__bodies").get(pk=pk)


def outcomes_for(*, user, meeting: Meeting) -> QuerySet[OutcomeDocument]:
    """The outcome documents of one (visible) meeting that the user may read, for its page."""
    return outcomes_visible_to(user=user).filter(meeting=meeting)


def outcomes_latest_for(*, user, limit: int = 5) -> list[OutcomeDocument]:
    """The latest published outcome documents the user may read (the landing page's panel)."""
    return list(outcomes_visible_to(user=user).filter(published_at__isnull=False)[:limit])
