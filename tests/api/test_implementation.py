"""/api/v1/implementation/: the implementation matrix aggregated per member state and per working group, over the
published texts the caller may read; figures only (no narrative, no person), never suppressed (they count
governments' reports, not people); filters, conditional GET and constant queries."""

import pytest
from django.urls import reverse

from council.models import MemberState
from recommendations import services
from recommendations.models import Recommendation
from tests.api.recommendation_fixtures import people_named_in, publish_many, session_of
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("api:implementation")
Status = Recommendation.Status
NARRATIVE = "Centres opened in Nukus; the director, Farrukh Reporter, leads them."


@pytest.fixture
def focal_points(council_body, states):
    people = {}
    for code in ("KZ", "UZ"):
        person = UserFactory(full_name_latin=f"Farrukh Reporter {code}", email=f"focal.{code.lower()}@example.org")
        MembershipFactory(person=person, body=council_body, represents_state=states[code], is_focal_point=True)
        people[code] = person
    return people


def report(recommendation, code, *, by, period, status, progress):
    return services.report_submit(
        recommendation=recommendation,
        state=MemberState.objects.get(code=code),
        period=period,
        status=status,
        progress=progress,
        narrative=NARRATIVE,
        by=by,
    )


@pytest.fixture
def reported(make_recommendation, advance, focal_points, wg_a):
    """Group B: a public text (KZ, UZ) and a body-level one (KZ, UZ); group A: a public text (UZ). Reports:
    - public B: KZ planned 10 (2024-H2) then implemented 100 (2025-H1); UZ in progress 40 (2024-H2);
    - body B: KZ implemented 100; group A's: UZ not started 0."""
    public_b = advance(make_recommendation(title="Public B", states=("KZ", "UZ")), Status.PUBLISHED)
    body_b = advance(make_recommendation(title="Body B", states=("KZ", "UZ"), access="body"), Status.PUBLISHED)
    public_a = advance(make_recommendation(group=wg_a.body, title="Public A", states=("UZ",)), Status.PUBLISHED)
    kz, uz = focal_points["KZ"], focal_points["UZ"]
    report(public_b, "KZ", by=kz, period="2024-H2", status="planned", progress=10)
    report(public_b, "KZ", by=kz, period="2025-H1", status="implemented", progress=100)
    report(public_b, "UZ", by=uz, period="2024-H2", status="in_progress", progress=40)
    report(body_b, "KZ", by=kz, period="2025-H1", status="implemented", progress=100)
    report(public_a, "UZ", by=uz, period="2025-H1", status="not_started", progress=0)
    return {"public_b": public_b, "body_b": body_b, "public_a": public_a}


def by_code(rows, key):
    return {row[key]: row for row in rows}


def test_a_partner_gets_figures_per_state_per_group_and_in_all_over_the_texts_it_may_read(reported, partner):
    data = partner.get(URL).json()
    total = data["total"]
    # Public B addresses KZ and UZ, public A addresses UZ: three pairs; the body-level text is not counted.
    assert total["recommendations"] == 2
    assert (total["addressed"], total["reported"], total["not_reported"], total["implemented"]) == (3, 3, 0, 1)
    assert total["statuses"] == {
        "not_started": 1,
        "planned": 0,
        "in_progress": 1,
        "implemented": 1,
        "not_applicable": 0,
    }
    assert total["average_progress"] == round((100 + 40 + 0) / 3)
    states = by_code(data["per_state"], "state")
    assert set(states) == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert (states["KZ"]["addressed"], states["KZ"]["implemented"], states["KZ"]["average_progress"]) == (1, 1, 100)
    assert (states["UZ"]["addressed"], states["UZ"]["average_progress"]) == (2, 20)
    assert states["TJ"]["addressed"] == 0 and states["TJ"]["average_progress"] is None
    groups = by_code(data["per_working_group"], "working_group")
    assert set(groups) == {"a", "b"}
    assert groups["b"]["recommendations"] == 1 and groups["b"]["addressed"] == 2
    assert groups["a"]["statuses"]["not_started"] == 1


def test_the_group_s_members_count_its_body_level_texts_too(reported, wg):
    total = session_of(wg.members["TJ"]).get(URL).json()["total"]
    assert total["recommendations"] == 3
    assert total["implemented"] == 2


def test_drafts_withdrawn_and_superseded_texts_are_never_counted(reported, partner, make_recommendation, advance):
    before = partner.get(URL).json()["total"]
    make_recommendation(title="A draft")
    advance(make_recommendation(title="In consultation"), Status.CONSULTATION)
    advance(make_recommendation(title="Withdrawn"), Status.WITHDRAWN)
    newer = make_recommendation(title="Corrected", states=("KZ", "UZ"), replaces=reported["public_b"])
    advance(newer, Status.PUBLISHED)  # public B is superseded: its reports give way to the new text's (none yet)
    after = partner.get(URL).json()["total"]
    assert after["recommendations"] == before["recommendations"]
    assert (after["addressed"], after["reported"]) == (3, 1)


def test_small_figures_are_given_as_they_are_for_they_count_no_person(reported, partner):
    text = partner.get(URL).content.decode()
    assert "<5" not in text
    assert partner.get(URL).json()["total"]["addressed"] == 3


def test_figures_only_no_narrative_and_no_one_s_name(reported, partner, wg, staff):
    for client in (partner, session_of(wg.members["KZ"]), session_of(staff)):
        response = client.get(URL)
        assert response.status_code == 200
        assert NARRATIVE not in response.content.decode()
        assert people_named_in(response.content) == []
        assert "Farrukh" not in response.content.decode()


def test_filters_narrow_the_figures(reported, partner):
    group_a = partner.get(URL, {"working_group": "a"}).json()
    assert group_a["working_group"] == "a"
    assert group_a["total"]["recommendations"] == 1 and group_a["total"]["addressed"] == 1
    assert [row["working_group"] for row in group_a["per_working_group"]] == ["a"]

    uz = partner.get(URL, {"state": "uz"}).json()
    assert uz["state"] == "UZ"
    assert [row["state"] for row in uz["per_state"]] == ["UZ"]
    assert (uz["total"]["addressed"], uz["total"]["average_progress"]) == (2, 20)


def test_a_period_takes_each_state_s_latest_report_up_to_it(reported, partner):
    earlier = by_code(partner.get(URL, {"period": "2024-H2"}).json()["per_state"], "state")
    assert earlier["KZ"]["statuses"]["planned"] == 1 and earlier["KZ"]["average_progress"] == 10
    assert earlier["UZ"]["reported"] == 1  # group A's report is of 2025-H1
    latest = by_code(partner.get(URL).json()["per_state"], "state")
    assert latest["KZ"]["statuses"]["implemented"] == 1


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2025-H3"},
        {"period": "2025"},
        {"period": "2999-H1"},
        {"period": ""},
        {"period": "٢٠٢٥-H1"},
        {"state": "Uzbekistan"},
        {"state": ""},
        {"working_group": "a b"},
        {"working_group": "\u202eevil"},
    ],
)
def test_a_parameter_of_the_wrong_form_answers_400_with_its_problem(reported, partner, query):
    response = partner.get(URL, query)
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == set(query)


@pytest.mark.parametrize("query", [{"state": "XX"}, {"working_group": "zz"}, {"working_group": "ec"}])
def test_a_well_formed_code_that_names_nothing_counts_nothing(reported, partner, query):
    data = partner.get(URL, query).json()
    assert data["total"]["addressed"] == 0 and data["total"]["average_progress"] is None
    assert data["working_group"] == query.get("working_group") and data["state"] == query.get("state")


def test_codes_are_taken_in_either_case(reported, partner):
    assert partner.get(URL, {"state": "uz", "working_group": "B"}).json()["total"]["addressed"] == 1


def test_an_unchanged_answer_is_304(reported, partner, focal_points):
    first = partner.get(URL)
    assert first["ETag"] and first["Last-Modified"]
    assert partner.get(URL, headers={"If-None-Match": first["ETag"]}).status_code == 304
    report(reported["public_a"], "UZ", by=focal_points["UZ"], period="2025-H2", status="planned", progress=5)
    assert partner.get(URL, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_the_figures_take_a_constant_number_of_queries(
    reported, partner, make_recommendation, advance, focal_points, queries_do_not_grow
):
    def grow():
        for recommendation in publish_many(make_recommendation, advance, 6, states=("KZ", "UZ")):
            report(recommendation, "UZ", by=focal_points["UZ"], period="2025-H1", status="planned", progress=20)

    def figures(query):
        def hit():
            assert partner.get(URL, query).status_code == 200

        return hit

    queries_do_not_grow(
        figures({}),
        figures({"working_group": "b", "state": "UZ", "period": "2025-H1"}),
        at_most=8,
        grow=grow,
    )


def test_a_key_without_the_scope_gets_403(reported, issue_key):
    from tests.api.conftest import ApiClient

    _key, secret = issue_key(scopes=["recommendations:read"])
    assert ApiClient(secret).get(URL).status_code == 403
