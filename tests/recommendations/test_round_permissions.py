"""Who the page offers a round's position and comment forms to (recommendations.permissions)."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from recommendations import services
from recommendations.permissions import can_comment, can_take_position


def test_members_of_an_open_silence_procedure_take_a_position_until_its_deadline(wg, silence_round, outsider):
    member = wg.members["KZ"]
    assert can_take_position(member, silence_round)
    assert not can_take_position(wg.observer, silence_round)
    assert not can_take_position(outsider, silence_round)
    assert not can_take_position(AnonymousUser(), silence_round)
    after = silence_round.deadline + datetime.timedelta(seconds=1)
    assert not can_take_position(member, silence_round, now=after)


def test_at_a_meeting_the_secretariat_records_positions(wg, meeting_round):
    assert not can_take_position(wg.members["KZ"], meeting_round)


def test_the_comment_form_is_offered_to_signed_in_users_while_the_round_is_open(wg, silence_round, staff):
    assert can_comment(wg.members["KZ"], silence_round)
    assert not can_comment(AnonymousUser(), silence_round)
    services.round_close(round_=silence_round, by=staff, now=silence_round.deadline + datetime.timedelta(seconds=1))
    silence_round.refresh_from_db()
    assert not can_comment(wg.members["KZ"], silence_round)
    assert timezone.now() < silence_round.deadline  # closed by state, not by the clock
