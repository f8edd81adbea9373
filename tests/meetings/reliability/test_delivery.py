"""Invitation emails reach every invitee once, through crashes and outages of the worker, Redis and SMTP.

Everything is real: PostgreSQL, Redis, a Celery worker process (prefork) and an SMTP server. Each test
asserts on what the SMTP server received (by Message-ID) and on the invitation rows.
"""

import datetime
import itertools
import time
import uuid
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from council.models import AuditRecord
from council.outbox import tasks as outbox_tasks
from council.outbox.sweep import outbox_sweep
from meetings import emails, services, tasks
from meetings.calendar import meeting_uid
from meetings.models import DeliveryAttempt, Invitation, Meeting, SendState
from tests.factories import MeetingFactory
from tests.meetings.reliability.harness import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

SEND_TASK = "meetings.tasks.send_invitation"
Outcome = DeliveryAttempt.Outcome


def invite(meeting: Meeting, count: int, *, language: str = "ru", first: int = 0) -> list[Invitation]:
    return [
        services.invitation_add(
            meeting=meeting, email=f"invitee{n}@example.org", name=f"Invitee {n}", language=language, by=None
        )
        for n in range(first, first + count)
    ]


def expected_message_ids(meeting: Meeting) -> set[str]:
    """The Message-ID each invitee of the meeting is owed at the current sequence."""
    return {emails.invitation_message_id(i, i.sequence) for i in meeting.invitations.select_related("meeting")}


def send_states(meeting: Meeting) -> Counter:
    return Counter(meeting.invitations.values_list("send_state", flat=True))


def all_sent(meeting: Meeting) -> bool:
    return send_states(meeting) == Counter({SendState.SENT: meeting.invitations.count()})


def outcomes(invitation: Invitation) -> list[str]:
    return list(invitation.attempts_log.order_by("started_at", "id").values_list("outcome", flat=True))


def calendar_request(message) -> tuple:
    """The one text/calendar part of a received message, and its VEVENT."""
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_content())
    [event] = calendar.walk("VEVENT")
    return part, calendar, event


# A task that runs twice --------------------------------------------------------------------------------


def test_a_send_task_that_runs_twice_delivers_one_message(smtp, workers, live_celery):
    pressed_twice = MeetingFactory()
    invite(pressed_twice, 5)
    redelivered = MeetingFactory()
    invite(redelivered, 5, first=5)
    worker = workers.start()

    # A message redelivered by the broker runs again under the same task id; here both copies run at once.
    for invitation in redelivered.invitations.all():
        task_id = str(uuid.uuid4())
        tasks.send_invitation.apply_async(args=[invitation.pk], task_id=task_id)
        tasks.send_invitation.apply_async(args=[invitation.pk], task_id=task_id)
    # The secretariat presses "send" twice: the second press dispatches again whatever is not sent yet (one
    # batch a press, unless the first batch had claimed them all by then).
    runs = 10 + 1
    assert services.invitations_send(meeting=pressed_twice, by=None) == 5
    runs += 1 if services.invitations_send(meeting=pressed_twice, by=None) else 0

    wait_until(
        lambda: len(worker.finished(SEND_TASK)) >= runs,
        timeout=60,
        what=lambda: f"{runs} task runs to finish; the worker's log:\n{worker.log_tail()}",
    )
    for meeting in (pressed_twice, redelivered):
        assert all_sent(meeting), send_states(meeting)
        assert {smtp.counts()[mid] for mid in expected_message_ids(meeting)} == {1}, smtp.counts()
    assert smtp.count == 10
    assert DeliveryAttempt.objects.filter(outcome=Outcome.SENT).count() == 10


def test_the_invitation_email_carries_a_calendar_request_in_the_invitees_language(smtp, workers, live_celery):
    meeting = MeetingFactory(title_en="Session on reintegration", title_ru="Заседание о реинтеграции")
    english = services.invitation_add(meeting=meeting, email="en@example.org", language="en", by=None)
    russian = services.invitation_add(meeting=meeting, email="ru@example.org", language="ru", by=None)
    worker = workers.start()
    services.invitations_send(meeting=meeting, by=None)
    wait_until(
        lambda: smtp.count >= 2, timeout=30, what=lambda: f"two messages, got {smtp.count}; log:\n{worker.log_tail()}"
    )

    by_recipient = {r.recipients: r.parsed() for r in smtp.received}
    day = f"{meeting.local_start:%d.%m.%Y}"
    for invitation, prefix, label, title in (
        (english, "[REC] ", "Invitation", "Session on reintegration"),
        (russian, "[РЭС] ", "Приглашение", "Заседание о реинтеграции"),
    ):
        message = by_recipient[(invitation.email,)]
        # A long encoded subject is folded onto the next line; the parser keeps the folding space before it.
        assert message["Subject"].strip() == f"{prefix}{label}: {title} — {day}"
        assert message["Content-Language"] == invitation.language
        assert message["Message-ID"].strip() == emails.invitation_message_id(invitation, 0)
        part, calendar, event = calendar_request(message)
        assert part.get_param("method") == "REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        assert str(event["UID"]) == meeting_uid(meeting)
        assert int(event["SEQUENCE"]) == 0


def test_a_change_of_time_sends_one_update_with_the_next_sequence_under_a_new_message_id(smtp, workers, live_celery):
    meeting = MeetingFactory()
    [invitation] = invite(meeting, 1, language="en")
    worker = workers.start()
    services.invitations_send(meeting=meeting, by=None)
    wait_until(lambda: all_sent(meeting), timeout=30, what=lambda: f"the invitation; log:\n{worker.log_tail()}")

    meeting.starts_at += datetime.timedelta(hours=2)
    meeting.ends_at += datetime.timedelta(hours=2)
    meeting.save()
    assert services.meeting_changed(meeting=meeting, changed_fields=["starts_at", "ends_at"], by=None)
    wait_until(
        lambda: smtp.count >= 2 and all_sent(meeting),
        timeout=30,
        what=lambda: f"the update: {smtp.count} received, rows {dict(send_states(meeting))}",
    )
    # The update's task delivered again finds nothing owed.
    tasks.send_invitation.apply_async(args=[invitation.pk])
    wait_until(lambda: len(worker.finished(SEND_TASK)) >= 3, timeout=30, what="the third run of the task")

    assert smtp.message_ids == [
        emails.invitation_message_id(invitation, 0),
        emails.invitation_message_id(invitation, 1),
    ]
    update = smtp.received[1].parsed()
    assert update["Subject"].strip().startswith("[REC] Updated: ")
    part, calendar, event = calendar_request(update)
    assert part.get_param("method") == "REQUEST" and calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting_uid(meeting)
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == meeting.local_start.replace(microsecond=0)
    invitation.refresh_from_db()
    assert invitation.sent_sequence == 1


# A worker killed mid-batch -----------------------------------------------------------------------------


def test_a_worker_killed_in_the_middle_of_a_batch_loses_no_invitation(smtp, workers, live_celery, settings):
    lease, sweep_after, batch, concurrency = 3, 2, 200, 2
    # The sweep below runs in this process; the worker gets the same short lease through its environment.
    settings.OUTBOX_LEASE_SECONDS = lease
    settings.OUTBOX_SWEEP_AFTER_SECONDS = sweep_after
    short = {"OUTBOX_LEASE_SECONDS": str(lease), "OUTBOX_SWEEP_AFTER_SECONDS": str(sweep_after)}
    meeting = MeetingFactory()
    invite(meeting, batch)
    expected = expected_message_ids(meeting)
    first = workers.start(concurrency=concurrency, **short)

    services.invitations_send(meeting=meeting, by=None)
    wait_until(lambda: smtp.count >= 40, timeout=60, what=lambda: f"40 messages, got {smtp.count}")
    first.kill()
    at_kill = smtp.count
    assert at_kill < batch, "the whole batch went out before the kill; the test proves nothing"

    workers.start(concurrency=concurrency, **short)
    swept = [time.monotonic()]

    def delivered_after_sweeps():
        # The periodic sweep (every two minutes in production) re-dispatches what the dead worker held.
        if time.monotonic() - swept[0] >= lease:
            outbox_sweep()
            swept[0] = time.monotonic()
        return all_sent(meeting) and expected <= set(smtp.message_ids)

    wait_until(
        delivered_after_sweeps,
        timeout=120,
        interval=0.2,
        what=lambda: f"all {batch} sent: rows {dict(send_states(meeting))}, {len(set(smtp.message_ids))} received",
    )
    received = smtp.message_ids
    duplicates = len(received) - len(set(received))
    interrupted = DeliveryAttempt.objects.filter(invitation__meeting=meeting, outcome=Outcome.STARTED).count()
    print(
        f"\nkilled at {at_kill}/{batch} received; {len(received)} deliveries of {len(set(received))} Message-IDs: "
        f"{duplicates} duplicate(s); {interrupted} attempt(s) interrupted by the kill"
    )
    assert set(received) == expected
    # A message on the wire at the kill may have been accepted: it can come again, with the same Message-ID.
    assert duplicates <= concurrency
    assert interrupted <= concurrency
    assert set(meeting.invitations.values_list("sent_sequence", flat=True)) == {0}


# Redis down --------------------------------------------------------------------------------------------


def test_with_redis_down_sending_succeeds_and_the_sweep_sends_each_invitation_once(
    private_redis, client, staff, smtp, workers, live_celery
):
    live_celery.use_broker(private_redis.url)
    meeting = MeetingFactory()
    invite(meeting, 3)
    expected = expected_message_ids(meeting)
    private_redis.stop()

    client.force_login(staff)
    started = time.monotonic()
    response = client.post(
        reverse("admin:meetings_meeting_changelist"), {"action": "send_invitations", "_selected_action": [meeting.pk]}
    )
    took = time.monotonic() - started
    print(f"\nthe secretariat's request with Redis down took {took:.2f} s")
    assert response.status_code == 302
    assert took < 5, "the request waited for the broker instead of leaving the invitations to the sweep"
    assert client.get(response["Location"]).status_code == 200
    assert send_states(meeting) == Counter({SendState.QUEUED: 3})
    assert AuditRecord.objects.filter(action="invitation.send").count() == 1
    assert smtp.count == 0

    private_redis.start()
    worker = workers.start(OUTBOX_SWEEP_AFTER_SECONDS="1")
    queued_at = max(meeting.invitations.values_list("queued_at", flat=True))
    time.sleep(max(0.0, 1.1 - (timezone.now() - queued_at).total_seconds()))  # overdue for the sweep
    outbox_tasks.outbox_sweep.apply_async()
    wait_until(
        lambda: all_sent(meeting) and set(smtp.message_ids) == expected,
        timeout=60,
        what=lambda: f"the sweep to send all three: {dict(send_states(meeting))}; log:\n{worker.log_tail()}",
    )
    # A later sweep finds nothing owed.
    outbox_tasks.outbox_sweep.apply_async()
    wait_until(
        lambda: len(worker.finished("council.outbox.tasks.outbox_sweep")) >= 2, timeout=30, what="the second sweep"
    )
    time.sleep(1)
    assert sorted(smtp.message_ids) == sorted(expected)


# SMTP down ---------------------------------------------------------------------------------------------


def test_with_smtp_down_sending_is_retried_with_backoff_and_delivered_when_it_returns(smtp, workers, live_celery):
    delays = [1.0, 1.5, 2.0, 2.0, 2.0, 2.0]
    meeting = MeetingFactory()
    [invitation] = invite(meeting, 1)
    smtp.stop()
    workers.start(OUTBOX_RETRY_DELAYS=",".join(map(str, delays)))

    services.invitations_send(meeting=meeting, by=None)
    wait_until(
        lambda: outcomes(invitation).count(Outcome.ERROR) >= 2,
        timeout=30,
        what=lambda: f"two failed attempts, got {outcomes(invitation)}",
    )
    invitation.refresh_from_db()
    assert invitation.send_state in (SendState.QUEUED, SendState.SENDING)
    assert "Connection refused" in invitation.last_error

    smtp.start()
    wait_until(lambda: all_sent(meeting), timeout=30, what=lambda: f"delivery, attempts {outcomes(invitation)}")
    assert smtp.message_ids == [emails.invitation_message_id(invitation, 0)]
    invitation.refresh_from_db()
    assert invitation.last_error == ""
    assert invitation.sent_sequence == 0

    # Every attempt is logged: when it started and finished, its outcome and its error.
    attempts = list(invitation.attempts_log.order_by("started_at", "id"))
    *failures, success = attempts
    assert len(failures) >= 2
    assert [a.outcome for a in failures] == [Outcome.ERROR] * len(failures)
    assert all("Connection refused" in a.error for a in failures)
    assert success.outcome == Outcome.SENT and success.error == ""
    assert all(a.finished_at and a.finished_at >= a.started_at for a in attempts)
    assert {a.message_id for a in attempts} == {emails.invitation_message_id(invitation, 0)}
    assert invitation.attempts == len(attempts)
    for n, (earlier, later) in enumerate(itertools.pairwise(attempts)):
        waited = (later.started_at - earlier.finished_at).total_seconds()
        assert waited >= delays[n] - 0.05, f"retry {n + 1} came {waited:.2f} s after the failure, not {delays[n]} s"


def test_an_smtp_server_restarted_between_two_messages_costs_no_failed_attempt(smtp, workers, live_celery):
    meeting = MeetingFactory()
    first, second = invite(meeting, 2)
    workers.start(concurrency=1)  # one process: the second message meets the session the first one opened
    tasks.send_invitation.apply_async(args=[first.pk])
    wait_until(lambda: smtp.count == 1, timeout=30, what="the first message")

    smtp.stop()
    smtp.start()
    time.sleep(1.5)  # the kept session is idle long enough to be checked before use
    tasks.send_invitation.apply_async(args=[second.pk])
    wait_until(lambda: all_sent(meeting), timeout=30, what=lambda: f"the second message, {outcomes(second)}")
    assert outcomes(second) == [Outcome.SENT]
    assert sorted(smtp.message_ids) == sorted(expected_message_ids(meeting))


def test_an_invitation_failed_after_the_last_retry_shows_its_error_and_can_be_retried(
    client, staff, smtp, workers, live_celery
):
    meeting = MeetingFactory()
    [invitation] = invite(meeting, 1)
    smtp.refuse("451 4.3.0 Mailbox server busy, try again later")
    workers.start(OUTBOX_RETRY_DELAYS="0.3,0.3")

    services.invitations_send(meeting=meeting, by=None)
    wait_until(
        lambda: Invitation.objects.filter(pk=invitation.pk, send_state=SendState.FAILED).exists(),
        timeout=30,
        what=lambda: f"the invitation to fail, attempts {outcomes(invitation)}",
    )
    invitation.refresh_from_db()
    assert "451" in invitation.last_error and "Mailbox server busy" in invitation.last_error
    assert outcomes(invitation) == [Outcome.ERROR, Outcome.ERROR, Outcome.FAILED]
    assert all("Mailbox server busy" in e for e in invitation.attempts_log.values_list("error", flat=True))
    assert smtp.count == 0

    client.force_login(staff)
    changelist = reverse("admin:meetings_invitation_changelist")
    page = client.get(changelist, {"send_state__exact": SendState.FAILED})
    assert page.status_code == 200
    assert invitation.email in page.text and "Mailbox server busy" in page.text

    smtp.accept()
    response = client.post(changelist, {"action": "retry_failed", "_selected_action": [invitation.pk]})
    assert response.status_code == 302
    wait_until(lambda: all_sent(meeting), timeout=30, what=lambda: f"delivery, attempts {outcomes(invitation)}")
    assert smtp.message_ids == [emails.invitation_message_id(invitation, 0)]
    assert outcomes(invitation) == [Outcome.ERROR, Outcome.ERROR, Outcome.FAILED, Outcome.SENT]
    invitation.refresh_from_db()
    assert invitation.last_error == ""


# A rolled-back transaction -----------------------------------------------------------------------------


def test_a_rolled_back_transaction_sends_nothing(smtp, workers, live_celery):
    meeting = MeetingFactory()
    invite(meeting, 3)
    fields = ["pk", "send_state", "queued_at", "sequence", "sent_sequence", "attempts", "last_error"]
    before = list(meeting.invitations.order_by("pk").values(*fields))
    worker = workers.start()

    with pytest.raises(RuntimeError), transaction.atomic():
        assert services.invitations_send(meeting=meeting, by=None) == 3
        raise RuntimeError("the request failed after the invitations were queued")

    # A control sent afterwards on the same queue: once it is through, anything dispatched before it would be too.
    control = MeetingFactory()
    invite(control, 1, first=100)
    services.invitations_send(meeting=control, by=None)
    wait_until(lambda: all_sent(control), timeout=30, what=lambda: f"the control message; log:\n{worker.log_tail()}")
    time.sleep(1)

    assert smtp.message_ids == list(expected_message_ids(control))
    assert list(meeting.invitations.order_by("pk").values(*fields)) == before
    assert not DeliveryAttempt.objects.filter(invitation__meeting=meeting).exists()
    assert AuditRecord.objects.filter(action="invitation.send").count() == 1  # the control's
    assert len(worker.finished(SEND_TASK)) == 1
