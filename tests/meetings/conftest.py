"""Fixtures of the meetings tests: people of two groups, a meeting of group A, and emails sent after commit."""

import contextlib

import pytest

from tests.factories import InvitationFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.meetings.helpers import days_ahead, local


@pytest.fixture
def member_a(group_a):
    """A current member of group A."""
    return MembershipFactory(body=group_a).person


@pytest.fixture
def member_b(group_b):
    """A current member of group B (a council member, but not of group A)."""
    return MembershipFactory(body=group_b).person


@pytest.fixture
def signed_in_guest(db):
    """Someone with an account who belongs to no body (e.g. a partner's expert)."""
    return UserFactory()


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
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request or service defers to after its commit (dispatching emails), as production does."""

    @contextlib.contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return run
