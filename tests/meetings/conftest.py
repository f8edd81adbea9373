"""Fixtures of the meetings tests: a member of group B, a meeting of group A, the secretariat in the admin, and
emails sent after commit."""

import contextlib

import pytest

from tests.factories import InvitationFactory, MeetingFactory, MembershipFactory
from tests.meetings.helpers import days_ahead, in_english, local


@pytest.fixture
def member_b(group_b):
    """A current member of group B (a council member, but not of group A)."""
    return MembershipFactory(body=group_b).person


@pytest.fixture
def meeting(group_a):
    """A scheduled meeting of group A in ten days, 10:00–13:00 in Tashkent, answers due three days before."""
    starts = local(days_ahead(10), 10)
    return MeetingFactory(
        bodies=[group_a],
        starts_at=starts,
        ends_at=local(days_ahead(10), 13),
        rsvp_deadline=local(days_ahead(7), 18),
        title_ru="Заседание группы А",
        title_en="Group A session",
        title_uz="A guruhi majlisi",
    )


@pytest.fixture
def invitation(meeting, member_a):
    """Member A's invitation to the meeting, already sent to them."""
    return InvitationFactory(meeting=meeting, person=member_a, sent_sequence=0, send_state="sent")


@pytest.fixture
def secretary(client, staff):
    """Secretariat staff, signed in, reading the admin in English."""
    client.force_login(staff)
    in_english(client)
    return staff


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request or service defers to after its commit (dispatching emails), as production does."""

    @contextlib.contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return run
