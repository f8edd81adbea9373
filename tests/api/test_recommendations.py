"""/api/v1/recommendations/: the published texts a caller may read, with the published version's texts per language,
the adoption history and the meetings, never a person; filters, pages, conditional GET and constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from recommendations import services
from recommendations.models import Recommendation, StatusChange
from tests.api.recommendation_fixtures import BILINGUAL, Library, people_named_in, publish_many, session_of
from tests.factories import MeetingFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:recommendation-list")


def detail(recommendation) -> str:
    return reverse("api:recommendation-detail", args=[recommendation.pk])


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Who sees what ------------------------------------------------------------------------------------------------


def test_a_partner_lists_the_published_texts_at_the_public_and_partners_levels_only(library, partner):
    assert ids(partner.get(LIST)) == library.for_partners


@pytest.mark.parametrize("kind", ["council", "body", "draft", "consultation", "withdrawn"])
def test_a_text_a_partner_may_not_read_answers_404_like_a_missing_one(library, partner, kind):
    response = partner.get(detail(getattr(library, kind)))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert partner.get(reverse("api:recommendation-detail", args=[10**17])).json() == response.json()


def test_a_member_of_the_group_reads_its_body_and_council_texts_but_no_draft(library, wg):
    member = session_of(wg.members["TJ"])
    seen = ids(member.get(LIST))
    assert seen == library.for_partners | {library.council.pk, library.body.pk}
    for hidden in (library.draft, library.consultation, library.withdrawn):
        assert member.get(detail(hidden)).status_code == 404


def test_a_member_of_another_group_reads_council_texts_not_the_group_s_own(library, member_a):
    assert ids(session_of(member_a).get(LIST)) == library.for_partners | {library.council.pk}


def test_the_secretariat_reads_every_published_text_and_still_no_draft(library, staff):
    seen = ids(session_of(staff).get(LIST))
    assert seen == library.for_partners | {library.council.pk, library.body.pk}


def test_someone_signed_in_without_a_seat_reads_what_partners_read(library, outsider):
    assert ids(session_of(outsider).get(LIST)) == library.for_partners


# What a text shows ------------------------------------------------------------------------------------------


def test_the_published_version_carries_each_language_s_text_with_the_authoritative_one_marked(library, partner):
    data = partner.get(detail(library.public)).json()
    version = library.public.current_version
    assert data["code"] == library.public.code
    assert data["working_group"] == "b"
    assert data["status"] == "published"
    assert data["authoritative_language"] == "ru"
    assert sorted(data["addressee_states"]) == ["KZ", "UZ"]
    (published,) = data["versions"]
    assert published["number"] == version.number
    assert published["digest"] == version.digest and len(version.digest) == 64
    assert published["frozen_at"] is not None
    assert published["texts"]["ru"] == {
        "title": BILINGUAL["title_ru"],
        "text": BILINGUAL["text_ru"],
        "authoritative": True,
    }
    assert published["texts"]["en"] == {
        "title": BILINGUAL["title_en"],
        "text": BILINGUAL["text_en"],
        "authoritative": False,
    }
    assert published["texts"]["uz"] is None  # no Uzbek text: not made up from another language


def test_a_text_authoritative_in_english_has_no_russian_passed_off_as_a_translation(
    make_recommendation, advance, partner
):
    english = advance(
        make_recommendation(
            texts={"title_en": "Community reintegration", "text_en": "Involve the mahalla."},
            authoritative_language="en",
        ),
        Recommendation.Status.PUBLISHED,
    )
    texts = partner.get(detail(english)).json()["versions"][0]["texts"]
    assert texts["en"]["authoritative"] is True
    assert texts["ru"] is None and texts["uz"] is None


def test_only_the_published_version_is_shown_never_an_earlier_draft(make_recommendation, advance, staff, partner):
    recommendation = advance(make_recommendation(text="First draft wording."), Recommendation.Status.CONSULTATION)
    services.version_create(
        recommendation=recommendation,
        texts={"title_ru": "Доступ к образованию", "text_ru": "Final wording."},
        reason="Wording agreed in the group",
        by=staff,
    )
    recommendation = advance(recommendation, Recommendation.Status.PUBLISHED)
    response = partner.get(detail(recommendation))
    assert [v["number"] for v in response.json()["versions"]] == [2]
    assert "Final wording." in response.content.decode()
    assert "First draft wording." not in response.content.decode()
    assert "Wording agreed in the group" not in response.content.decode()  # the drafts' notes stay on the portal


def test_the_adoption_history_gives_its_milestones_with_dates_and_no_one_s_name(library, partner):
    history = partner.get(detail(library.public)).json()["history"]
    assert [(step["from"], step["to"]) for step in history] == [
        ("consultation", "adopted"),
        ("adopted", "endorsed"),
        ("endorsed", "published"),
    ]
    assert all(set(step) == {"from", "to", "at"} for step in history)


def test_a_superseded_text_and_its_replacement_point_at_each_other(library, partner):
    old = partner.get(detail(library.superseded)).json()
    new = partner.get(detail(library.public_newer)).json()
    assert old["status"] == "superseded"
    assert old["superseded_by"] == {"id": library.public_newer.pk, "code": library.public_newer.code}
    assert new["replaces"] == {"id": library.superseded.pk, "code": library.superseded.code}
    assert [step["to"] for step in old["history"]][-1] == "superseded"


def test_a_replacement_the_caller_may_not_read_is_not_named(make_recommendation, advance, partner, wg):
    old = advance(make_recommendation(title="Public text", access="public"), Recommendation.Status.PUBLISHED)
    newer = advance(
        make_recommendation(title="Group text", access="body", replaces=old), Recommendation.Status.PUBLISHED
    )
    seen_by_partner = partner.get(detail(old)).json()
    assert seen_by_partner["status"] == "superseded"
    assert seen_by_partner["superseded_by"] is None
    assert newer.code not in partner.get(detail(old)).content.decode()
    assert session_of(wg.members["KZ"]).get(detail(old)).json()["superseded_by"]["id"] == newer.pk


def test_only_the_meetings_the_caller_may_see_are_listed(library, partner, wg, staff):
    public = MeetingFactory(bodies=[wg.body], access="public")
    for_the_group = MeetingFactory(bodies=[wg.body], access="body")
    services.recommendation_update(recommendation=library.body, data={"meetings": [public, for_the_group]}, by=staff)
    services.recommendation_update(recommendation=library.public, data={"meetings": [public, for_the_group]}, by=staff)
    assert partner.get(detail(library.public)).json()["meetings"] == [public.pk]
    member = session_of(wg.members["KZ"])
    assert sorted(member.get(detail(library.body)).json()["meetings"]) == sorted([public.pk, for_the_group.pk])
    assert Meeting.objects.count() == 2


def test_no_answer_names_a_person(library, partner, wg, staff):
    MembershipFactory(person=UserFactory(full_name_latin="Zarina Secretary"), body=wg.body, role="secretary")
    answers = [partner.get(LIST), session_of(wg.members["UZ"]).get(LIST), session_of(staff).get(LIST)]
    answers += [partner.get(detail(library.public)), session_of(wg.members["UZ"]).get(detail(library.body))]
    for response in answers:
        assert response.status_code == 200
        assert people_named_in(response.content) == []
    assert people_named_in(b'{"x": "B Member KZ"}') == ["B Member KZ"]  # the search itself finds names


# Filters, order and pages -----------------------------------------------------------------------------------


def test_filters_narrow_the_list(library, partner, make_recommendation, advance, wg_a):
    from recommendations.models import Tag

    education = Tag.objects.create(slug="education", name="Education")
    services.recommendation_update(recommendation=library.partners, data={"tags": [education]}, by=None)
    of_a = advance(
        make_recommendation(group=wg_a.body, title="Group A text", states=("TJ",)), Recommendation.Status.PUBLISHED
    )
    assert ids(partner.get(LIST, {"working_group": "a"})) == {of_a.pk}
    assert ids(partner.get(LIST, {"working_group": "b"})) == library.for_partners
    assert ids(partner.get(LIST, {"status": "superseded"})) == {library.superseded.pk}
    assert ids(partner.get(LIST, {"state": "TJ"})) == {of_a.pk}
    assert ids(partner.get(LIST, {"state": "tj"})) == {of_a.pk}
    assert ids(partner.get(LIST, {"tag": "education"})) == {library.partners.pk}
    assert ids(partner.get(LIST, {"working_group": "c"})) == set()
    assert ids(partner.get(LIST, {"working_group": "A"})) == {of_a.pk}
    assert ids(partner.get(LIST, {"state": "XX"})) == set()  # a well-formed code that names nothing: nothing


def test_date_filters_take_iso_8601(library, partner):
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Recommendation.objects.filter(pk=library.public.pk).update(published_at=month_ago)
    StatusChange.objects.filter(recommendation=library.public).update(changed_at=month_ago)
    cut = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert library.public.pk not in ids(partner.get(LIST, {"published_since": cut}))
    assert ids(partner.get(LIST, {"published_before": cut})) == {library.public.pk}
    assert ids(partner.get(LIST, {"updated_since": cut})) == library.for_partners - {library.public.pk}
    # A status change counts as an update: the superseded text changed when its replacement was published.
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert ids(partner.get(LIST, {"updated_since": later})) == set()


@pytest.mark.parametrize(
    "query",
    [
        {"status": "draft"},
        {"status": "withdrawn"},
        {"status": ""},
        {"working_group": "a b"},
        {"working_group": "x" * 300},
        {"state": "UZB"},
        {"state": "1"},
        {"tag": "no such tag!"},
        {"published_since": "yesterday"},
        {"published_before": "2025-13-01T00:00:00Z"},
        {"updated_since": "9" * 30},
        {"page_size": "0"},
        {"page_size": "1000"},
        {"page_size": "ten"},
    ],
)
def test_a_bad_filter_value_answers_400_with_the_problem_per_parameter(library, partner, query):
    response = partner.get(LIST, query)
    assert response.status_code == 400, response.content
    problem = response.json()
    assert problem["code"] == "invalid"
    assert set(problem["errors"]) == set(query)


@pytest.mark.parametrize(
    "value", ["0649-11-20T19:41:16.53-16:21", "2025-06-01T12:00:00+23:59", "2025-06-01", "0001-01-01T00:00:00Z"]
)
@pytest.mark.parametrize("name", ["published_since", "published_before", "updated_since"])
def test_any_offset_iso_8601_allows_is_taken_in_utc(library, partner, name, value):
    assert partner.get(LIST, {name: value}).status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        "2025-01-01T00:00:00\u202e",
        "2025-02-30",
        "2025-06-01T25:00:00Z",
        "-1",
        "0001-01-01T00:00:00+14:00",  # before the year 1 in UTC
        "9999-12-31T23:59:59-14:00",  # after the year 9999 in UTC
    ],
)
def test_a_time_that_is_none_answers_400(library, partner, value):
    assert partner.get(LIST, {"published_since": value}).status_code == 400


def test_a_time_far_in_the_past_or_future_bounds_the_list_as_it_should(library, partner):
    assert ids(partner.get(LIST, {"published_since": "0001-01-02T00:00:00Z"})) == library.for_partners
    assert ids(partner.get(LIST, {"published_before": "0001-01-02T00:00:00+14:00"})) == set()
    assert ids(partner.get(LIST, {"published_before": "9999-12-30T23:59:59-14:00"})) == library.for_partners


def test_the_list_is_ordered_as_asked(library, partner):
    codes = [row["code"] for row in partner.get(LIST, {"ordering": "code"}).json()["results"]]
    assert codes == sorted(codes)
    published = [row["published_at"] for row in partner.get(LIST).json()["results"]]
    assert published == sorted(published, reverse=True)  # by publication, the newest first, by default
    oldest_first = [row["id"] for row in partner.get(LIST, {"ordering": "published_at"}).json()["results"]]
    assert oldest_first[0] == library.public.pk


def test_pages_follow_their_cursor_through_every_row_once(library, partner):
    seen, url, pages = [], LIST + "?page_size=2", 0
    while url:
        page = partner.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 2
    assert sorted(seen) == sorted(library.for_partners)


# Conditional GET ----------------------------------------------------------------------------------------------


def test_an_unchanged_answer_is_304_and_a_change_gives_a_new_etag(library, partner, wg, staff):
    first = partner.get(LIST)
    assert first["ETag"] and first["Last-Modified"]
    assert partner.get(LIST, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert partner.get(LIST, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    one = partner.get(detail(library.public))
    assert partner.get(detail(library.public), headers={"If-None-Match": one["ETag"]}).status_code == 304
    services.recommendation_update(recommendation=library.body, data={"access": "public"}, by=staff)
    changed = partner.get(LIST, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


# Queries ------------------------------------------------------------------------------------------------------


def test_the_list_of_50_with_versions_and_texts_and_a_detail_take_at_most_8_queries_whatever_their_size(
    library, partner, make_recommendation, advance, queries_do_not_grow, staff
):
    meeting = MeetingFactory(bodies=[library.public.working_group], access="public")
    services.recommendation_update(recommendation=library.public, data={"meetings": [meeting]}, by=staff)

    def page():
        response = partner.get(LIST)
        assert response.status_code == 200
        return response

    def one():
        assert partner.get(detail(library.public)).status_code == 200

    queries_do_not_grow(page, one, at_most=8, grow=lambda: publish_many(make_recommendation, advance, 50))
    rows = page().json()["results"]
    assert len(rows) == 50
    assert all(row["versions"][0]["texts"]["en"]["text"] for row in rows)


def test_a_member_s_session_lists_in_a_constant_number_of_queries(
    library, wg, make_recommendation, advance, queries_do_not_grow
):
    member = session_of(wg.members["KZ"])
    queries_do_not_grow(
        lambda: member.get(LIST), at_most=12, grow=lambda: publish_many(make_recommendation, advance, 5, access="body")
    )


def test_a_key_without_the_scope_is_refused_and_the_scope_alone_is_enough(library, issue_key, recommendations_reader):
    _key, secret = issue_key(scopes=["meetings:read"])
    from tests.api.conftest import ApiClient

    assert ApiClient(secret).get(LIST).status_code == 403
    assert recommendations_reader.get(LIST).status_code == 200


def test_library_is_what_the_tests_think(library: Library):
    assert {r.status for r in library.never_for_partners} == {"published", "draft", "consultation", "withdrawn"}
