"""A meeting changed or cancelled while its invitations are on the wire (issue 8, item 2).

The rule: whatever an invitee was sent last matches the meeting as it is now, and a row is never deleted once
a send may have started. Everything is real: a slow SMTP server (about a second a message), Celery worker
processes, Redis and PostgreSQL; the change comes while rows are `sending` and messages are on the wire.
"""

import datetime
import re
from collections import defaultdict

import pytest
from django.db.models import Q
from icalendar import Calendar

from council.audit import AuditAction
from council.models import AuditRecord
from meetings import services
from meetings.models import DeliveryAttempt, Invitation, Meeting, SendState
from tests.factories import MeetingFactory
from tests.meetings.reliability.harness import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

INVITEES = 8
BATCH = 3  # three batches or so, over two worker processes: some rows sending, some still queued
SECONDS_A_MESSAGE = 1.0
ON_THE_WIRE = Q(send_state__in=[SendState.QUEUED, SendState.SENDING])


def received_by_invitee(smtp) -> dict[str, list[dict]]:
    """Every message the server accepted, in the order it accepted them, per recipient: its Message-ID's
    sequence, and its calendar entry's METHOD, SEQUENCE and start."""
    messages = defaultdict(list)
    for received in smtp.received:
        message = received.parsed()
        [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        calendar = Calendar.from_ical(part.get_content())
        [event] = calendar.walk("VEVENT")
        [recipient] = received.recipients
        messages[recipient].append(
            {
                "message_id_sequence": int(re.search(r"\.seq(\d+)\.", received.message_id).group(1)),
                "method": str(calendar["METHOD"]),
                "sequence": int(event["SEQUENCE"]),
                "starts": event.decoded("DTSTART"),
            }
        )
    return messages


def start_sending(meeting, smtp, workers, settings) -> None:
    """Send the invitations through a slow server and return once some are sent and others on the wire."""
    settings.OUTBOX_BATCH_SIZE = BATCH
    smtp.slow(SECONDS_A_MESSAGE)
    workers.start(concurrency=2, OUTBOX_BATCH_SIZE=str(BATCH))
    for n in range(INVITEES):
        services.invitation_add(meeting=meeting, email=f"invitee{n}@example.org", language="en", by=None)
    services.invitations_send(meeting=meeting, by=None)
    wait_until(
        lambda: smtp.count >= 1 and smtp.receiving >= 1,
        timeout=60,
        what=lambda: f"one message accepted and another on the wire ({smtp.count} accepted, {smtp.receiving})",
    )
    states = set(meeting.invitations.values_list("send_state", flat=True))
    assert SendState.SENDING in states, f"nothing is being sent at the change; the test proves nothing ({states})"


def settled(meeting) -> bool:
    return not meeting.invitations.filter(ON_THE_WIRE).exclude(queued_at=None).exists()


def test_a_change_of_time_while_invitations_are_on_the_wire_leaves_everyone_with_the_new_time(
    smtp, workers, live_celery, settings
):
    meeting = MeetingFactory()
    start_sending(meeting, smtp, workers, settings)

    later = (meeting.starts_at + datetime.timedelta(days=2)).replace(microsecond=0)  # ICS has whole seconds
    services.meeting_update(
        meeting=meeting, data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=3)}, by=None
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 1

    wait_until(
        lambda: set(meeting.invitations.values_list("sent_sequence", flat=True)) == {1} and settled(meeting),
        timeout=120,
        interval=0.2,
        what=lambda: (
            f"every invitee sent sequence 1: {list(meeting.invitations.values('sent_sequence', 'send_state'))}"
        ),
    )
    messages = received_by_invitee(smtp)
    assert len(messages) == INVITEES
    for recipient, sent in messages.items():
        last = sent[-1]
        assert last["sequence"] == meeting.sequence == last["message_id_sequence"], (recipient, sent)
        assert last["starts"] == later, (recipient, sent)
        assert last["method"] == "REQUEST"
        # Every message's Message-ID names the sequence its calendar entry carries, queued ones included.
        assert all(m["message_id_sequence"] == m["sequence"] for m in sent), (recipient, sent)
        # The old time went out only to those it was on the wire to, or already sent to.
        assert all(m["starts"] == later for m in sent if m["sequence"] == 1)
    assert Invitation.objects.filter(meeting=meeting).count() == INVITEES
    # Both cases happened: invitees sent the old time (before or during the change) got the update, and
    # invitees still queued at the change got only the new time, under the new sequence's Message-ID.
    assert any([m["sequence"] for m in sent] == [0, 1] for sent in messages.values()), messages
    assert any([m["sequence"] for m in sent] == [1] for sent in messages.values()), messages


def test_a_cancellation_while_invitations_are_on_the_wire_reaches_everyone_who_got_the_invitation(
    smtp, workers, live_celery, settings
):
    meeting = MeetingFactory()
    start_sending(meeting, smtp, workers, settings)
    started = set(
        DeliveryAttempt.objects.filter(invitation__meeting=meeting).values_list("invitation__email", flat=True)
    )

    services.meeting_cancel(meeting=meeting, by=None, reason="postponed")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED

    def cancelled_for_all():
        # Each remaining row was sent the cancellation, or nothing was ever started for it (a row claimed by a
        # batch at the moment of the cancellation is kept, and then owed nothing).
        rows = meeting.invitations.values_list("sent_sequence", "attempts")
        return settled(meeting) and all(sent == meeting.sequence or (sent, tried) == (None, 0) for sent, tried in rows)

    wait_until(
        cancelled_for_all,
        timeout=120,
        interval=0.2,
        what=lambda: f"every remaining invitee sent the cancellation: {list(meeting.invitations.values())}",
    )
    messages = received_by_invitee(smtp)
    requested = {r for r, sent in messages.items() if any(m["method"] == "REQUEST" for m in sent)}
    assert requested, "no invitation went out before the cancellation; the test proves nothing"
    for recipient in requested:
        last = messages[recipient][-1]
        assert last["method"] == "CANCEL" and last["sequence"] == meeting.sequence, (recipient, messages[recipient])
    # Every row a send was started for is still there, with its delivery log; only the rest were withdrawn.
    remaining = set(meeting.invitations.values_list("email", flat=True))
    assert started <= remaining
    assert requested <= remaining
    withdrawn = AuditRecord.objects.filter(action=AuditAction.INVITATION_WITHDRAW).count()
    assert withdrawn == INVITEES - len(remaining)
    # Nobody is sent a request after the cancellation, and those sent nothing before it are sent nothing.
    never_sent = set(meeting.invitations.filter(attempts=0).values_list("email", flat=True))
    assert not never_sent & set(messages)
    for recipient, sent in messages.items():
        assert sent[-1]["method"] == "CANCEL", (recipient, sent)
    assert not meeting.invitations.filter(ON_THE_WIRE).exclude(queued_at=None).exists()
