"""The council's structure in the API: states, organisations and bodies, chairs without names for partners, answers
that can be cached (ETag → 304), and a number of queries that does not grow with the rows."""

import pytest

from council.models import Membership
from tests.api.conftest import ApiClient
from tests.factories import BodyFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chaired(group_a, states):
    chair = UserFactory(full_name_latin="Zarina Chairwoman", email="zarina.chair@example.org")
    MembershipFactory(person=chair, body=group_a, role=Membership.Role.CHAIR, represents_state=states["UZ"])
    return chair


def test_partners_see_who_chairs_by_state_never_by_name(partner, chaired, group_a):
    response = partner.get(f"/api/v1/bodies/{group_a.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["chairs"] == [{"role": "chair", "state": "UZ", "organisation": None, "name": None}]
    assert body["members"] == 1 and body["states"] == ["UZ"]
    assert b"Zarina" not in response.content and b"zarina.chair" not in response.content


def test_the_bodys_own_members_see_the_chairs_name_in_the_browser(client, chaired, group_a, member_a, group_b):
    client.force_login(member_a)
    assert client.get(f"/api/v1/bodies/{group_a.pk}/").json()["chairs"][0]["name"] == "Zarina Chairwoman"
    outsider = UserFactory()
    MembershipFactory(person=outsider, body=group_b)
    other = ApiClient()
    other.force_login(outsider)
    assert other.get(f"/api/v1/bodies/{group_a.pk}/").json()["chairs"][0]["name"] is None


def test_no_contact_details_ever(partner, chaired, group_a):
    for url in ("/api/v1/bodies/", "/api/v1/organisations/", "/api/v1/states/"):
        content = partner.get(url).content.decode()
        assert "@" not in content.replace("example.org/", "")


def test_an_unchanged_answer_is_304_with_its_etag(partner, states):
    first = partner.get("/api/v1/states/")
    etag = first["ETag"]
    again = partner.get("/api/v1/states/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert partner.get("/api/v1/states/", headers={"If-None-Match": 'W/"other", ' + etag}).status_code == 304
    assert partner.get("/api/v1/states/", headers={"If-None-Match": '"stale"'}).status_code == 200
    states["KZ"].name_ru = "Республика Казахстан"
    states["KZ"].save()
    changed = partner.get("/api/v1/states/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_etag_differs_by_language(partner, states):
    russian = partner.get("/api/v1/states/", headers={"Accept-Language": "ru"})
    english = partner.get("/api/v1/states/", headers={"Accept-Language": "en"})
    assert russian["ETag"] != english["ETag"]
    assert english["Content-Language"] == "en" and "Accept-Language" in english["Vary"]


def test_filters(partner, states):
    OrganisationFactory(kind="donor", country=states["UZ"], name_en="Donor UZ")
    OrganisationFactory(kind="donor", name_en="Donor abroad")
    OrganisationFactory(kind="academic", country=states["UZ"], name_en="Academy")
    answer = partner.get("/api/v1/organisations/?kind=donor&country=uz", headers={"Accept-Language": "en"})
    assert {row["name"] for row in answer.json()["results"]} == {"Donor UZ"}
    assert partner.get("/api/v1/organisations/?country=XX").json()["results"] == []


def test_queries_do_not_grow_with_the_rows(partner, council_body, states, django_assert_max_num_queries):
    def grow():
        for n in range(15):
            body = BodyFactory(code=f"g{n}", parent=council_body)
            for code in ("KZ", "UZ", "TJ"):
                MembershipFactory(body=body, represents_state=states[code], role="chair" if code == "KZ" else "member")
            OrganisationFactory()

    counts = {}
    for _size in ("small", "large"):
        for url in (
            "/api/v1/bodies/",
            "/api/v1/organisations/",
            "/api/v1/states/",
            f"/api/v1/bodies/{council_body.pk}/",
        ):
            with django_assert_max_num_queries(8) as captured:
                assert partner.get(url).status_code == 200
            counts.setdefault(url, []).append(len(captured))
        grow()
    assert all(small == large for small, large in counts.values()), counts
