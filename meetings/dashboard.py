"""The meetings' panels of the admin's front page: the next meetings with their answers, failed invitations."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from meetings.models import Invitation, Meeting, SendState

NEXT_MEETINGS = 6


def next_meetings() -> list[dict]:
    """The next meetings (not cancelled), each with its invitations counted per answer, in one query."""
    answers = [choice for choice, _label in Invitation.Rsvp.choices]
    counts = {f"_rsvp_{answer}": Count("invitations", filter=Q(invitations__rsvp=answer)) for answer in answers}
    meetings = (
        Meeting.objects.filter(ends_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .annotate(
            _invited=Count("invitations"),
            _failed=Count("invitations", filter=Q(invitations__send_state=SendState.FAILED)),
            **counts,
        )
        .order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )
    invitations = reverse("admin:meetings_invitation_changelist")
    return [
        {
            "meeting": meeting,
            "url": reverse("admin:meetings_meeting_change", args=[meeting.pk]),
            "agenda_url": reverse("admin:meetings_meeting_agenda", args=[meeting.pk]),
            "invitations_url": f"{invitations}?meeting__id__exact={meeting.pk}",
            "invited": meeting._invited,
            "failed": meeting._failed,
            "answers": [
                (label, getattr(meeting, f"_rsvp_{answer}"), answer) for answer, label in Invitation.Rsvp.choices
            ],
        }
        for meeting in meetings
    ]


def meetings_panel(request) -> dict | None:
    if not request.user.has_perm("meetings.view_meeting"):
        return None
    return {"rows": next_meetings(), "list_url": reverse("admin:meetings_meeting_changelist")}


def failed_invitations_panel(request) -> dict | None:
    if not request.user.has_perm("meetings.view_invitation"):
        return None
    failed = Invitation.objects.filter(send_state=SendState.FAILED)
    rows = list(failed.select_related("meeting", "person").order_by("-queued_at", "-pk")[:5])
    return {
        "count": failed.count() if rows else 0,
        "rows": [(row, reverse("admin:meetings_invitation_change", args=[row.pk])) for row in rows],
        "list_url": reverse("admin:meetings_invitation_changelist") + f"?send_state__exact={SendState.FAILED}",
    }
