"""Meeting reminders: which are due, queuing them once each, sending them."""

import datetime

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from council.outbox.claim import claim
from council.outbox.delivery import attempt_sent, transmit
from council.outbox.results import SendResult
from meetings import emails
from meetings.models import DeliveryAttempt, Invitation, Meeting, Reminder, SendState
from meetings.services.delivery import dispatch_reminders

# The key of the reminder to answer before the RSVP deadline (the others are `start-<hours>h`).
RSVP_REMINDER_KEY = "rsvp"
Status = Meeting.Status
Rsvp = Invitation.Rsvp


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
            due.append((RSVP_REMINDER_KEY, {Rsvp.PENDING}, falls_due))
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
            return SendResult.NOTHING_OWED
        invitation = reminder.invitation
        if invitation.meeting.status != Status.SCHEDULED or invitation.meeting.starts_at <= now:
            reminder.send_state = SendState.FAILED
            reminder.last_error = _("The meeting is no longer scheduled.")
            reminder.save(update_fields=["send_state", "last_error"])
            return SendResult.NOTHING_OWED
        if not claim(reminder, task_id=task_id, now=now):
            return SendResult.BUSY
        kind = emails.Kind.RSVP_REMINDER if reminder.key == RSVP_REMINDER_KEY else emails.Kind.REMINDER
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
        return SendResult.FAILED
    with transaction.atomic():
        Reminder.objects.filter(pk=reminder_id).update(
            send_state=SendState.SENT, sent_at=timezone.now(), last_error="", claimed_by=""
        )
        attempt_sent(attempt)
    return SendResult.SENT
