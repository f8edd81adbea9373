"""Names on a recommendation's page (issue 7, item 12): who answered or commented in a round is shown to the
secretariat and the current members of the body that held it; who reported, wrote a version or moved the
text along, to the secretariat and the members of the owning working group. Others see counts, not names."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations import services
from recommendations.models import Recommendation
from tests.factories import MembershipFactory, UserFactory
from tests.pdf_samples import plain_pdf
from tests.recommendations.conftest import record_all, submit_report

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
VIEWERS = [
    "anonymous",
    "outsider",
    "staff_without_the_secretariat_group",
    "member_of_group_a",
    "member_of_group_b",
    "observer_of_group_b",
    "executive_committee",
    "secretariat",
]


@pytest.fixture
def published(make_recommendation, advance, wg, staff, council_body, states, media):
    """Group B's round (with a reservation and an observer's comment), the committee's round, and a report."""
    recommendation = advance(make_recommendation(states=("UZ",)), Status.CONSULTATION)
    round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    record_all(round_, [wg.members[c] for c in ("KZ", "KG", "TJ", "TM")], by=staff)
    services.position_record(
        round_=round_, person=wg.members["UZ"], kind="stand_aside", reason="Budget unsettled", by=staff
    )
    services.comment_add(round_=round_, person=wg.observer, text="The UN can help with the budget.")
    services.round_close(round_=round_, by=staff)
    recommendation = advance(recommendation, Status.PUBLISHED)
    focal_point = UserFactory(full_name_latin="Focal Zeta")
    MembershipFactory(person=focal_point, body=council_body, represents_state=states["UZ"], is_focal_point=True)
    submit_report(
        recommendation,
        "UZ",
        by=focal_point,
        narrative="A plan was approved.",
        evidence_file=SimpleUploadedFile("plan.pdf", plain_pdf()),
    )
    return recommendation


@pytest.fixture
def viewers(viewers):
    return {**viewers, "staff_without_the_secretariat_group": UserFactory(is_staff=True)}


GROUP_B_NAMES = {"member_of_group_b", "observer_of_group_b", "secretariat"}
COMMITTEE_NAMES = {"executive_committee", "secretariat"}


@pytest.mark.parametrize("who", VIEWERS)
def test_names_in_rounds_and_reports_follow_the_body(english, signed_in, published, wg, ec, viewers, who):
    response = signed_in(viewers[who]).get(published.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()

    own = viewers[who].full_name_latin if viewers[who] is not None else None  # one's name is in the page header
    for person in [*wg.people, wg.observer]:
        if person.full_name_latin != own:
            assert (person.full_name_latin in html) is (who in GROUP_B_NAMES), person
    for person in ec.people:
        if person.full_name_latin != own:
            assert (person.full_name_latin in html) is (who in COMMITTEE_NAMES), person
    assert ("Focal Zeta" in html) is (who in GROUP_B_NAMES)

    rounds = {r["round"].body_id: r for r in response.context["rounds"]}
    assert rounds[wg.body.pk]["show_names"] is (who in GROUP_B_NAMES)
    assert rounds[ec.body.pk]["show_names"] is (who in COMMITTEE_NAMES)
    # What is not a name stays: how many answered, the reservation's text, the comment, the report.
    assert "5 of 5 members have answered." in html
    assert "Budget unsettled" in html and "The UN can help with the budget." in html
    assert "A plan was approved." in html


def test_a_round_open_in_the_group_names_no_one_to_the_executive_committee(client, english, in_consultation, wg, ec):
    round_ = services.round_open(
        recommendation=in_consultation, mode="meeting", by=UserFactory(is_staff=True, is_superuser=True)
    )
    assert round_.body == wg.body
    client.force_login(wg.members["TJ"])
    assert wg.members["KZ"].full_name_latin in client.get(in_consultation.get_absolute_url()).content.decode()
