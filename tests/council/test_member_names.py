"""Names of a body's members (issue 7, item 12): the secretariat and the body's own current members see them;
other signed-in people see counts by state and organisation; visitors see the public summary only."""

import datetime

import pytest

from council.models import Body
from council.permissions import can_see_member_names
from tests.factories import BodyFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def person(name):
    return UserFactory(full_name_latin=name, full_name_cyrillic="")  # shown by that name in every language


@pytest.fixture
def body(group_a, states):
    """Group A: a chair (KZ), a member (UZ), an observer from an organisation and a secretary."""
    group_a.people = {
        "chair": MembershipFactory(
            body=group_a, role="chair", represents_state=states["KZ"], person=person("Chair Alpha")
        ).person,
        "member": MembershipFactory(
            body=group_a, role="member", represents_state=states["UZ"], person=person("Member Beta")
        ).person,
        "observer": MembershipFactory(
            body=group_a,
            role="observer",
            represents_organisation=OrganisationFactory(acronym_en="UNX"),
            person=person("Observer Gamma"),
        ).person,
        "secretary": MembershipFactory(body=group_a, role="secretary", person=person("Secretary Delta")).person,
    }
    return group_a


NAMES = ["Chair Alpha", "Member Beta", "Observer Gamma", "Secretary Delta"]


@pytest.fixture
def viewers(body, group_b, council_body, staff, superuser):
    def member_of(b, **kwargs):
        return MembershipFactory(body=b, **kwargs).person

    past = member_of(
        body, term_start=datetime.date(2023, 1, 1), term_end=datetime.date(2024, 1, 1)
    )  # a member whose term ended
    return {
        "anonymous": None,
        "signed_in_without_membership": UserFactory(),
        "staff_without_the_secretariat_group": UserFactory(is_staff=True),
        "member_of_another_group": member_of(group_b),
        "member_of_the_council_only": member_of(council_body),
        "former_member": past,
        "observer_of_the_body": body.people["observer"],
        "secretary_of_the_body": body.people["secretary"],
        "member_of_the_body": body.people["member"],
        "secretariat": staff,
        "superuser": superuser,
    }


SEES_NAMES = {"observer_of_the_body", "secretary_of_the_body", "member_of_the_body", "secretariat", "superuser"}


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "signed_in_without_membership",
        "staff_without_the_secretariat_group",
        "member_of_another_group",
        "member_of_the_council_only",
        "former_member",
        "observer_of_the_body",
        "secretary_of_the_body",
        "member_of_the_body",
        "secretariat",
        "superuser",
    ],
)
def test_the_names_of_a_body_are_shown_to_its_members_and_the_secretariat_only(english, signed_in, body, viewers, who):
    response = signed_in(viewers[who]).get(body.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    allowed = who in SEES_NAMES

    for name in NAMES:
        assert (name in html) is allowed, name
    assert response.context["show_names"] is allowed
    assert can_see_member_names(response.wsgi_request.user, body) is allowed
    # The counts stay for everyone: totals for visitors, by state and organisation for signed-in people.
    assert response.context["summary"]["members"] == 2 and response.context["summary"]["observers"] == 1
    composition = response.context["composition"]
    if allowed or who == "anonymous":
        assert composition is None
    else:
        assert {row["label"]: (row["members"], row["observers"]) for row in composition} == {
            "State KZ": (1, 0),
            "State UZ": (1, 0),
            "UNX": (0, 1),
        }  # the secretary, who represents no one, is counted as neither member nor observer


def test_names_never_reach_the_landing_page(client, body, staff):
    for viewer in (None, body.people["member"], staff):
        if viewer is not None:
            client.force_login(viewer)
        html = client.get("/").content.decode()
        for name in NAMES:
            if viewer is None or name != viewer.full_name_latin:  # one's own name is in the page header
                assert name not in html


def test_names_are_not_in_the_title_of_a_body_page(client, body):
    client.force_login(body.people["member"])
    html = client.get(body.get_absolute_url()).content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    for name in NAMES:
        assert name not in title


def test_members_of_the_executive_committee_see_its_names_not_a_groups(client, body, council_body):
    ec = BodyFactory(kind=Body.Kind.EXECUTIVE_COMMITTEE, code="ec", parent=council_body, name_en="EC")
    chair = MembershipFactory(body=ec, person=person("Committee Epsilon")).person
    client.force_login(chair)
    assert "Committee Epsilon" in client.get(ec.get_absolute_url()).content.decode()
    assert "Member Beta" not in client.get(body.get_absolute_url()).content.decode()
