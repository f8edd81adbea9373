"""Errors that retrying cannot fix, through a real Celery worker, PostgreSQL, Redis and SMTP server (issue 7, 15).

A recipient the server refuses for good (550) is `failed` at once, with its error, and is not tried again;
the rest of the batch is delivered; a newline in the meeting's title changes nothing of that.
"""

import time
from collections import Counter

import pytest

from meetings import emails, services
from meetings.models import DeliveryAttempt, Invitation, SendState
from tests.factories import MeetingFactory
from tests.meetings.reliability.harness import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

SEND_TASK = "meetings.tasks.send_invitation"


def test_a_refused_recipient_fails_at_once_in_the_worker_and_the_rest_of_the_batch_is_delivered(
    smtp, workers, live_celery
):
    meeting = MeetingFactory(title_ru="Заседание\nBcc: victim@example.org", title_en="Session\r\nBcc: x@example.org")
    invitations = [
        services.invitation_add(meeting=meeting, email=f"invitee{n}@example.org", language="ru", by=None)
        for n in range(6)
    ]
    refused = invitations[2]

    async def handle_RCPT(server, session, envelope, address, rcpt_options):  # aiosmtpd's hook name
        if address == refused.email:
            return "550 5.1.1 <invitee2@example.org>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp.handler.handle_RCPT = handle_RCPT
    worker = workers.start(OUTBOX_RETRY_DELAYS="0.3,0.3,0.3")

    services.invitations_send(meeting=meeting, by=None)

    def settled():
        return Counter(meeting.invitations.values_list("send_state", flat=True)) == Counter(
            {SendState.SENT: 5, SendState.FAILED: 1}
        )

    wait_until(settled, timeout=60, what=lambda: f"5 sent and 1 failed; the worker's log:\n{worker.log_tail()}")
    time.sleep(2)  # longer than every retry delay: a retry, had one been scheduled, would have run by now

    refused.refresh_from_db()
    assert refused.send_state == SendState.FAILED and refused.attempts == 1
    assert "550" in refused.last_error and "User unknown" in refused.last_error
    assert list(refused.attempts_log.values_list("outcome", flat=True)) == [DeliveryAttempt.Outcome.FAILED]
    delivered = {i.pk for i in invitations} - {refused.pk}
    expected = {emails.invitation_message_id(i, 0) for i in Invitation.objects.filter(pk__in=delivered)}
    assert sorted(smtp.message_ids) == sorted(expected)
    for received in smtp.received:
        message = received.parsed()
        assert message["Bcc"] is None and "\n" not in str(message["Subject"])
    assert len(worker.finished(SEND_TASK)) == 1  # one batch sent all six, the refusal did not stop it
