"""The reliability tests of invitations, for every other kind of outbox row: a worker killed mid-batch, Redis
down, SMTP down, a rolled-back transaction (issue 8: "for every kind of outbox message, not only invitations").

The kinds: meeting reminders (rows of their own per invitee) and `OutboxMessage`s (consensus notices, account
emails). Everything is real: PostgreSQL, Redis, Celery worker processes and an SMTP server on loopback.
"""

import dataclasses
import datetime
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import transaction
from django.utils import timezone

from council import services as council_services
from council.outbox.delivery import outbox_message_id
from council.outbox.models import OutboxMessage, SendState
from council.outbox.sweep import outbox_sweep
from meetings import emails as meeting_emails
from meetings import services as meeting_services
from meetings.models import Invitation, Reminder
from recommendations import services as recommendation_services
from recommendations.models import ConsensusRound, Recommendation
from tests.factories import MeetingFactory, MembershipFactory, UserFactory
from tests.meetings.reliability.harness import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

COUNT = 12


@dataclasses.dataclass
class Kind:
    """How to queue COUNT messages of one kind through its service, and read back their rows."""

    queue: Callable[[], None]
    rows: Callable[[], object]
    message_id: Callable[[object], str]

    def expected(self) -> set[str]:
        return {self.message_id(row) for row in self.rows()}

    def states(self) -> Counter:
        return Counter(self.rows().values_list("send_state", flat=True))

    def all_sent(self) -> bool:
        return self.states() == Counter({SendState.SENT: COUNT})


def _reminders() -> Kind:
    meeting = MeetingFactory()
    for n in range(COUNT):
        invitation = meeting_services.invitation_add(
            meeting=meeting, email=f"invitee{n}@example.org", language="en", by=None
        )
        Invitation.objects.filter(pk=invitation.pk).update(sent_sequence=0, send_state=SendState.SENT)
    return Kind(
        queue=lambda: meeting_services.reminders_queue_due(meeting=meeting, force_key="start-24h"),
        rows=lambda: Reminder.objects.filter(invitation__meeting=meeting).select_related("invitation__meeting"),
        message_id=meeting_emails.reminder_message_id,
    )


def _consensus_notices(group_b, states) -> Kind:
    for n in range(COUNT):
        person = UserFactory(email=f"member{n}@example.org", preferred_language=["ru", "en", "uz"][n % 3])
        MembershipFactory(person=person, body=group_b, represents_state=states["UZ"])
    recommendation = recommendation_services.recommendation_create(
        working_group=group_b, texts={"title_ru": "Доступ", "text_ru": "Текст."}, by=None
    )
    recommendation_services.recommendation_transition(
        recommendation=recommendation, to=Recommendation.Status.CONSULTATION, by=None
    )
    return Kind(
        queue=lambda: recommendation_services.round_open(
            recommendation=recommendation,
            mode=ConsensusRound.Mode.SILENCE,
            deadline=timezone.now() + datetime.timedelta(days=10),
            by=None,
        ),
        rows=lambda: OutboxMessage.objects.all(),
        message_id=outbox_message_id,
    )


def _set_password_links() -> Kind:
    people = [UserFactory(email=f"person{n}@example.org") for n in range(COUNT)]

    @transaction.atomic
    def queue():
        for person in people:
            council_services.user_send_set_password_link(user=person, by=None)

    return Kind(queue=queue, rows=lambda: OutboxMessage.objects.all(), message_id=outbox_message_id)


@pytest.fixture(params=["meeting reminders", "consensus notices", "set-password links"])
def kind(request, db) -> Kind:
    if request.param == "meeting reminders":
        return _reminders()
    if request.param == "consensus notices":
        return _consensus_notices(request.getfixturevalue("group_b"), request.getfixturevalue("states"))
    return _set_password_links()


def test_a_worker_killed_mid_batch_loses_no_message(kind, smtp, workers, live_celery, settings):
    lease, sweep_after, concurrency = 3, 2, 2
    settings.OUTBOX_LEASE_SECONDS, settings.OUTBOX_SWEEP_AFTER_SECONDS = lease, sweep_after
    short = {"OUTBOX_LEASE_SECONDS": str(lease), "OUTBOX_SWEEP_AFTER_SECONDS": str(sweep_after)}
    smtp.slow(0.3)  # so that the kill finds messages sent, on the wire and still to go
    first = workers.start(concurrency=concurrency, **short)
    kind.queue()
    wait_until(lambda: smtp.count >= 2, timeout=60, what=lambda: f"two messages, got {smtp.count}")
    first.kill()
    assert smtp.count < COUNT, "everything went out before the kill; the test proves nothing"
    smtp.slow(0)
    workers.start(concurrency=concurrency, **short)
    swept = [time.monotonic()]

    def delivered_after_sweeps():
        if time.monotonic() - swept[0] >= lease:  # the beat's sweep, every two minutes in production
            outbox_sweep()
            swept[0] = time.monotonic()
        return kind.all_sent() and kind.expected() <= set(smtp.message_ids)

    wait_until(
        delivered_after_sweeps,
        timeout=120,
        interval=0.2,
        what=lambda: f"all sent: rows {dict(kind.states())}, {len(set(smtp.message_ids))} received",
    )
    received = smtp.message_ids
    assert set(received) == kind.expected()
    # A message on the wire at the kill may have been accepted: it can come again, with the same Message-ID.
    assert len(received) - len(set(received)) <= concurrency


def test_with_redis_down_the_sweep_sends_each_message_once(kind, private_redis, smtp, workers, live_celery):
    live_celery.use_broker(private_redis.url)
    private_redis.stop()
    started = time.monotonic()
    kind.queue()
    assert time.monotonic() - started < 5, "the service waited for the broker instead of leaving it to the sweep"
    assert kind.states() == Counter({SendState.QUEUED: COUNT})

    private_redis.start()
    worker = workers.start(OUTBOX_SWEEP_AFTER_SECONDS="1")
    time.sleep(1.2)  # overdue for the sweep
    from council.outbox import tasks as outbox_tasks

    outbox_tasks.outbox_sweep.apply_async()
    wait_until(
        lambda: kind.all_sent() and set(smtp.message_ids) == kind.expected(),
        timeout=60,
        what=lambda: f"the sweep to send them: {dict(kind.states())}; log:\n{worker.log_tail()}",
    )
    outbox_tasks.outbox_sweep.apply_async()  # a later sweep finds nothing owed
    wait_until(lambda: len(worker.finished("council.outbox.tasks.outbox_sweep")) >= 2, timeout=30, what="2 sweeps")
    time.sleep(1)
    assert sorted(smtp.message_ids) == sorted(kind.expected())


def test_with_smtp_down_each_message_is_retried_and_delivered_once_when_it_returns(kind, smtp, workers, live_celery):
    smtp.stop()
    workers.start(OUTBOX_RETRY_DELAYS="1,1,1.5,2,2,2")
    kind.queue()
    wait_until(
        lambda: kind.rows().exclude(last_error="").exists(),
        timeout=30,
        what=lambda: f"a failed attempt recorded: {dict(kind.states())}",
    )
    assert "Connection refused" in kind.rows().exclude(last_error="").first().last_error
    smtp.start()
    wait_until(lambda: kind.all_sent(), timeout=60, what=lambda: f"delivery: {dict(kind.states())}")
    time.sleep(1)
    assert sorted(smtp.message_ids) == sorted(kind.expected())
    assert set(kind.rows().values_list("last_error", flat=True)) == {""}


def test_a_rolled_back_transaction_sends_nothing(kind, smtp, workers, live_celery):
    worker = workers.start()

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        kind.queue()
        raise Refused
    assert not kind.rows().exists()
    outbox_sweep()
    time.sleep(2)
    assert smtp.count == 0, worker.log_tail()
