"""A real Celery worker delivers webhooks through Redis to a receiver that goes down and comes back: the beat's
dispatch of due rows (run here, twice each time, as overlapping beats would) loses nothing and doubles nothing.

Real PostgreSQL, Redis and a worker process (the delivery harness of tests/meetings/reliability)."""

import time

import pytest

from council.outbox.models import SendState
from council.webhooks.delivery import deliveries_dispatch_due
from council.webhooks.models import WebhookDelivery
from meetings import services as meetings_services
from tests.factories import MeetingFactory
from tests.meetings.reliability.harness import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_a_worker_delivers_every_event_once_after_the_receiver_comes_back(
    workers, live_celery, endpoint, receiver, group_a
):
    worker = workers.start(WEBHOOK_RETRY_DELAYS=",".join(["1"] * 30))
    receiver.stop()
    meetings = [MeetingFactory(bodies=[group_a], access="public", status="draft") for _ in range(6)]
    for meeting in meetings:  # each commits, then hands its delivery to the worker through Redis
        meetings_services.meeting_transition(meeting=meeting, to="scheduled", by=None)
    rows = WebhookDelivery.objects.all()
    expected = set(rows.values_list("event__webhook_id", flat=True))
    assert len(expected) == 6

    wait_until(
        lambda: rows.filter(failures__gte=1).count() == 6,
        timeout=60,
        what=lambda: f"a failed first attempt of each; log:\n{worker.log_tail()}",
    )
    assert rows.filter(send_state=SendState.SENT).count() == 0

    receiver.start()

    def beat():
        deliveries_dispatch_due()
        deliveries_dispatch_due()
        return rows.filter(send_state=SendState.SENT).count() == 6

    wait_until(beat, timeout=90, interval=0.5, what=lambda: f"every delivery sent; log:\n{worker.log_tail()}")
    for _ in range(4):  # later beats find nothing due
        assert deliveries_dispatch_due() == 0
    time.sleep(2)

    assert receiver.failures == []
    assert set(receiver.accepted) == expected, "lost"
    assert receiver.doubled() == [], "doubled"
