"""Every kind of outbox message, not only invitations, survives a lost dispatch and goes once, by a real worker.

Real PostgreSQL, Redis, a Celery worker process and an SMTP server on loopback (see the meetings' harness).
"""

import datetime
import time
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import AuditRecord
from council.outbox import tasks as outbox_tasks
from council.outbox.models import OutboxMessage, SendState
from recommendations import emails, services
from recommendations.models import Recommendation
from tests.factories import MembershipFactory, UserFactory
from tests.meetings.reliability.harness import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def states_of(rows) -> Counter:
    return Counter(rows.values_list("send_state", flat=True))


def test_with_redis_down_a_set_password_link_is_sent_once_by_the_sweep(
    private_redis, client, superuser, smtp, workers, live_celery
):
    live_celery.use_broker(private_redis.url)
    person = UserFactory(email="new.member@example.org", preferred_language="en")
    private_redis.stop()

    client.force_login(superuser)
    started = time.monotonic()
    response = client.post(
        reverse("admin:council_user_changelist"),
        {"action": "send_set_password_link", "_selected_action": [person.pk]},
    )
    assert time.monotonic() - started < 5, "the request waited for the broker instead of leaving it to the sweep"
    assert response.status_code == 302
    (row,) = OutboxMessage.objects.filter(recipient=person)
    assert row.send_state == SendState.QUEUED
    assert AuditRecord.objects.filter(action="user.send_set_password_link").count() == 1
    assert smtp.count == 0

    private_redis.start()
    worker = workers.start(OUTBOX_SWEEP_AFTER_SECONDS="1")
    time.sleep(max(0.0, 1.1 - (timezone.now() - row.queued_at).total_seconds()))  # overdue for the sweep
    outbox_tasks.outbox_sweep.apply_async()
    wait_until(
        lambda: smtp.count == 1 and OutboxMessage.objects.get(pk=row.pk).send_state == SendState.SENT,
        timeout=60,
        what=lambda: f"the sweep to send the link; log:\n{worker.log_tail()}",
    )
    outbox_tasks.outbox_sweep.apply_async()
    wait_until(
        lambda: len(worker.finished("council.outbox.tasks.outbox_sweep")) >= 2, timeout=30, what="the second sweep"
    )
    time.sleep(1)
    (received,) = smtp.received
    message = received.parsed()
    assert message["To"] == "new.member@example.org"
    assert "/accounts/password/reset/key/" in message.get_body(("plain",)).get_content()
    row.refresh_from_db()
    assert message["Message-ID"] == row.message_id and row.attempts == 1


@pytest.fixture
def silence_panel(council_body, group_b, states, staff):
    """Group B with five members in three languages and an observer, and a text in consultation."""
    people = []
    for code, language in zip(("KZ", "KG", "TJ", "TM", "UZ"), ("ru", "en", "uz", "en", "ru"), strict=True):
        person = UserFactory(email=f"{code.lower()}@example.org", preferred_language=language)
        MembershipFactory(person=person, body=group_b, represents_state=states[code])
        people.append(person)
    observer = UserFactory(email="observer@example.org", preferred_language="en")
    MembershipFactory(person=observer, body=group_b, role="observer")
    recommendation = services.recommendation_create(
        working_group=group_b, texts={"title_ru": "Доступ", "text_ru": "Текст."}, by=staff
    )
    services.recommendation_transition(recommendation=recommendation, to=Recommendation.Status.CONSULTATION, by=staff)
    return people, observer, recommendation


def test_a_silence_procedure_tells_each_member_once_through_a_real_worker(
    smtp, workers, live_celery, staff, silence_panel
):
    people, observer, recommendation = silence_panel
    worker = workers.start()
    round_ = services.round_open(
        recommendation=recommendation,
        mode="silence",
        deadline=timezone.now() + datetime.timedelta(days=10),
        by=staff,
    )
    rows = OutboxMessage.objects.filter(kind=emails.ROUND_OPENED)
    wait_until(
        lambda: smtp.count == 6 and states_of(rows) == Counter({SendState.SENT: 6}),
        timeout=60,
        what=lambda: f"six opening notices: {dict(states_of(rows))}; log:\n{worker.log_tail()}",
    )
    outbox_tasks.outbox_sweep.apply_async()  # nothing owed: no second copy
    wait_until(lambda: worker.finished("council.outbox.tasks.outbox_sweep"), timeout=30, what="the sweep")
    time.sleep(1)
    by_recipient = Counter(r.parsed()["To"] for r in smtp.received)
    assert by_recipient == Counter([p.email for p in people] + [observer.email])
    url = recommendation.get_absolute_url()
    for received in smtp.received:
        message = received.parsed()
        text = message.get_body(("plain",)).get_content()
        assert (url in text) == (message["To"] != observer.email)
        person = next(p for p in [*people, observer] if p.email == message["To"])
        assert message["Content-Language"] == person.preferred_language
    assert set(smtp.message_ids) == set(rows.values_list("message_id", flat=True))
    assert round_.pk
