"""Notices at once or in a daily digest (issue 11, item 6): a member who chose the digest gets the notices that may
wait (consensus rounds, report reminders) in one e-mail a day, through the outbox; account e-mails and invitations
always go at once. Sent through a real SMTP server on loopback."""

import datetime

import pytest
from django.utils import timezone

from council import services as council_services
from council.outbox.digest import DIGEST
from council.outbox.models import OutboxMessage, SendState
from council.outbox.sweep import outbox_sweep
from council.outbox.tasks import digests_send
from recommendations import services
from tests.meetings.reliability.harness import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1, and the portal sending to it."""
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield server
    server.stop()


def received_by(server, person) -> list:
    return [r.parsed() for r in server.received if person.email in r.recipients]


@pytest.fixture
def digest_reader(wg):
    """Group B's member for Uzbekistan, who takes notices once a day, in English."""
    person = wg.members["UZ"]
    council_services.user_profile_update(
        user=person, data={"notice_delivery": "daily_digest", "preferred_language": "en"}
    )
    return person


@pytest.fixture
def opened(in_consultation, staff, digest_reader, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.round_open(
            recommendation=in_consultation,
            mode="silence",
            deadline=timezone.now() + datetime.timedelta(days=14),
            by=staff,
        )


def test_a_member_at_once_gets_the_notice_and_a_digest_reader_gets_it_in_one_daily_email(
    wg, opened, digest_reader, smtp, django_capture_on_commit_callbacks
):
    at_once = wg.members["TJ"]
    assert len(received_by(smtp, at_once)) == 1
    assert received_by(smtp, digest_reader) == []
    held = OutboxMessage.objects.get(recipient=digest_reader)
    assert held.held_for_digest and held.send_state == SendState.QUEUED

    # The sweep does not send a held notice on its own.
    outbox_sweep(now=timezone.now() + datetime.timedelta(days=1))
    assert received_by(smtp, digest_reader) == []

    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send.apply().get() == 1

    (digest,) = received_by(smtp, digest_reader)
    assert "1 notice from the Regional Expert Council" in digest["Subject"]
    body = digest.get_body(preferencelist=("plain",)).get_content()
    assert opened.recommendation.code in body and "Silence means consent" in body
    row = OutboxMessage.objects.get(kind=DIGEST)
    assert row.send_state == SendState.SENT and row.recipient == digest_reader
    assert list(row.digested.all()) == [held]
    assert len(received_by(smtp, at_once)) == 1  # the digest is for those who chose it

    # Run again (the beat twice): nothing new is held, nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send.apply().get() == 0
    assert len(received_by(smtp, digest_reader)) == 1


def test_several_notices_go_in_one_digest(
    opened, digest_reader, staff, make_recommendation, advance, smtp, django_capture_on_commit_callbacks
):
    other = advance(make_recommendation(title="A second text"), "consultation")
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(
            recommendation=other, mode="silence", deadline=timezone.now() + datetime.timedelta(days=10), by=staff
        )
        digests_send.apply()
    (digest,) = received_by(smtp, digest_reader)
    assert "2 notices from the Regional Expert Council" in digest["Subject"]
    body = digest.get_body(preferencelist=("plain",)).get_content()
    assert opened.recommendation.code in body and other.code in body


def test_a_round_closed_before_the_digest_leaves_only_its_outcome(
    opened, digest_reader, staff, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(round_=opened, by=staff, now=opened.deadline + datetime.timedelta(minutes=1))
        digests_send.apply()
    (digest,) = received_by(smtp, digest_reader)
    assert "1 notice from the Regional Expert Council" in digest["Subject"]
    assert "Outcome of the consensus round" in digest.get_body(preferencelist=("plain",)).get_content()


def test_a_notice_no_longer_owed_is_left_out_and_an_empty_digest_is_not_sent(
    wg, opened, digest_reader, staff, smtp, django_capture_on_commit_callbacks
):
    # The round is closed (its outcome notice held too), then the outcome row is dropped: the opening notice of a
    # closed round is no longer owed, so nothing is left to tell.
    services.round_close(round_=opened, by=staff, now=opened.deadline + datetime.timedelta(minutes=1))
    OutboxMessage.objects.filter(recipient=digest_reader, kind="recommendations.round_outcome").delete()
    with django_capture_on_commit_callbacks(execute=True):
        digests_send.apply()
    assert received_by(smtp, digest_reader) == []
    assert OutboxMessage.objects.get(kind=DIGEST).send_state == SendState.FAILED


def test_account_emails_go_at_once_to_a_digest_reader(digest_reader, staff, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        council_services.user_send_set_password_link(user=digest_reader, by=staff)
    assert len(received_by(smtp, digest_reader)) == 1
    assert not OutboxMessage.objects.filter(held_for_digest=True).exists()
