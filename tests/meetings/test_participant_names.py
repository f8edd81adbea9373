"""Names of a meeting's participants (issue 7, item 12): presenters on the agenda are named to the secretariat,
the meeting's invitees and the current members of its bodies; others see the agenda without names."""

import pytest

from council.models import Access
from meetings.models import AgendaItem
from meetings.permissions import can_see_participant_names
from tests.factories import InvitationFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(group_a):
    meeting = MeetingFactory(bodies=[group_a], access=Access.PUBLIC)
    item = AgendaItem.objects.create(meeting=meeting, order=1, title_en="Reports", presenters="Presenter Kappa")
    AgendaItem.objects.create(meeting=meeting, parent=item, order=1, title_en="Detail", presenters="Presenter Lambda")
    return meeting


@pytest.fixture
def viewers(meeting, member_a, member_b, outsider, staff):
    invitee = UserFactory()
    InvitationFactory(meeting=meeting, person=invitee)
    return {
        "anonymous": None,
        "outsider": outsider,
        "staff_without_the_secretariat_group": UserFactory(is_staff=True),
        "member_of_another_body": member_b,
        "invitee": invitee,
        "member_of_the_body": member_a,
        "secretariat": staff,
    }


SEES_NAMES = {"invitee", "member_of_the_body", "secretariat"}


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "outsider",
        "staff_without_the_secretariat_group",
        "member_of_another_body",
        "invitee",
        "member_of_the_body",
        "secretariat",
    ],
)
def test_presenters_are_named_only_to_the_meetings_people(signed_in, meeting, viewers, who):
    response = signed_in(viewers[who]).get(meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    allowed = who in SEES_NAMES
    assert ("Presenter Kappa" in html) is allowed
    assert ("Presenter Lambda" in html) is allowed
    assert can_see_participant_names(response.wsgi_request.user, meeting) is allowed
    assert "Reports" in html or "Reports" in [i.title_en for _, i, _ in response.context["agenda"]]
