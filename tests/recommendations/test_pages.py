"""The recommendation pages: who sees what, the text and its changes, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from council.models import Membership
from recommendations import services
from recommendations.models import Recommendation
from tests.helpers import shown_or_hidden
from tests.recommendations.conftest import record_all, submit_report, texts

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
PUBLISHED = {Status.PUBLISHED, Status.SUPERSEDED}


def sees(viewer: str, status: str, access: str) -> bool:
    """DESIGN.md, "Access levels" and "Recommendation life", for a recommendation of working group B."""
    if viewer == "secretariat":
        return True
    if status in PUBLISHED:
        return {
            "public": True,
            "partners": viewer != "anonymous",
            "council": viewer
            in ("member_of_group_a", "member_of_group_b", "observer_of_group_b", "executive_committee"),
            "body": viewer in ("member_of_group_b", "observer_of_group_b"),
            "secretariat": False,
        }[access]
    if viewer in ("member_of_group_b", "observer_of_group_b"):
        return True  # drafts stay within their group
    return viewer == "executive_committee" and status in (Status.ADOPTED, Status.ENDORSED)


def listed(response) -> set[int]:
    return {r.pk for r in response.context["recommendations"]}


@pytest.mark.parametrize("access", ["public", "partners", "council", "body", "secretariat"])
@pytest.mark.parametrize("status", Status.values)
def test_who_sees_a_recommendation(client, make_recommendation, viewers, status, access):
    recommendation = make_recommendation(title="Visible or not")
    # Arrange the status directly: who sees it depends on status, access level and group alone.
    Recommendation.objects.filter(pk=recommendation.pk).update(status=status, access=access)
    for viewer, person in viewers.items():
        client.logout()
        if person is not None:
            client.force_login(person)
        allowed = sees(viewer, status, access)
        detail = client.get(recommendation.get_absolute_url())
        assert shown_or_hidden(detail, allowed, signed_in=person is not None), viewer
        assert (recommendation.pk in listed(client.get(reverse("recommendations:list")))) is allowed, viewer


def test_a_member_of_group_a_cannot_see_a_draft_of_group_b(client, make_recommendation, member_a):
    draft = make_recommendation(title="Internal draft of B")
    client.force_login(member_a)
    assert client.get(draft.get_absolute_url()).status_code == 404
    page = client.get(reverse("recommendations:list"))
    assert draft.pk not in listed(page) and "Internal draft of B" not in page.content.decode()


def test_a_missing_recommendation_answers_like_a_hidden_one(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("recommendations:detail", args=[987654])).status_code == 404


def test_a_member_whose_term_ended_no_longer_sees_the_groups_drafts(client, make_recommendation, wg):
    draft = make_recommendation()
    person = wg.members["UZ"]
    Membership.objects.filter(person=person).update(
        term_start=datetime.date(2024, 5, 14), term_end=datetime.date(2024, 12, 31)
    )
    client.force_login(person)
    assert client.get(draft.get_absolute_url()).status_code == 404


# The text ----------------------------------------------------------------------------------------------


def test_the_page_shows_the_text_in_the_chosen_language_or_the_authoritative_one(client, make_recommendation, advance):
    recommendation = make_recommendation(
        texts={**texts("Школы", "Русский текст."), "title_en": "Schools", "text_en": "English text."}
    )
    advance(recommendation, Status.PUBLISHED)
    assert "English text." in client.get(recommendation.get_absolute_url() + "?lang=en").content.decode()
    assert "Русский текст." in client.get(recommendation.get_absolute_url() + "?lang=ru").content.decode()
    # No Uzbek text: the authoritative Russian one is shown.
    assert "Русский текст." in client.get(recommendation.get_absolute_url() + "?lang=uz").content.decode()
    assert "Русский текст." in client.get(recommendation.get_absolute_url() + "?lang=xx").content.decode()


def test_the_page_shows_the_digest_of_a_frozen_text(client, make_recommendation, advance):
    recommendation = advance(make_recommendation(), Status.PUBLISHED)
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert recommendation.current_version.digest in html


def test_markdown_in_a_text_cannot_run_scripts(client, make_recommendation, advance):
    recommendation = make_recommendation(
        text="**Bold** [click](javascript:alert(1)) <img src=x onerror=alert(2)> <script>alert(3)</script>"
    )
    advance(recommendation, Status.PUBLISHED)
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "<strong>Bold</strong>" in html
    assert "javascript:alert" not in html and "onerror" not in html and "<script>alert(3)" not in html


def test_the_diff_of_two_versions_shows_inserted_and_deleted_words_escaped(client, english, make_recommendation, wg):
    recommendation = make_recommendation(title="Schools", text="Schools shall admit children.")
    services.version_create(
        recommendation=recommendation,
        texts=texts("Schools and clinics", "Schools must admit all children <script>alert(1)</script>."),
        reason="Wording of the March meeting",
        by=wg.members["KZ"],
    )
    client.force_login(wg.members["TJ"])
    html = client.get(recommendation.get_absolute_url() + "?from=1&to=2").content.decode()
    diff = html[html.index('class="diff"') :]
    diff = diff[: diff.index("</section>")]
    assert "v1 → v2" in diff
    assert "<p>Schools<ins> and clinics</ins></p>" in diff
    assert "Schools <del>shall</del><ins>must</ins> admit <del>children.</del><ins>all children " in diff
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in diff
    assert "<script>alert(1)" not in html

    backwards = client.get(recommendation.get_absolute_url() + "?from=2&to=1").content.decode()
    assert "<ins>shall</ins>" in backwards and "<del>must</del>" in backwards


@pytest.mark.parametrize("query", ["?from=1&to=1", "?from=1&to=9", "?from=one&to=2", "?from=&to="])
def test_a_diff_of_versions_that_do_not_exist_is_just_not_shown(client, make_recommendation, wg, query):
    recommendation = make_recommendation()
    services.version_create(recommendation=recommendation, texts=texts(text="Other"), reason="r", by=wg.members["KZ"])
    client.force_login(wg.members["TJ"])
    response = client.get(recommendation.get_absolute_url() + query)
    assert response.status_code == 200 and response.context["diff"] is None


def test_the_page_lists_versions_and_history(client, english, make_recommendation, advance, wg, staff):
    recommendation = make_recommendation()
    services.version_create(
        recommendation=recommendation, texts=texts(text="v2"), reason="Comments of Tajikistan", by=wg.members["KZ"]
    )
    services.recommendation_transition(recommendation=recommendation, to=Status.CONSULTATION, by=staff)
    client.force_login(wg.members["TJ"])
    html = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Comments of Tajikistan" in html
    assert "draft → consultation in the working group" in html


def test_names_of_members_are_not_shown_to_anonymous_visitors(client, make_recommendation, advance, wg, staff):
    recommendation = advance(make_recommendation(), Status.CONSULTATION)
    round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
    record_all(round_, [wg.members[c] for c in ("KZ", "KG", "TJ", "TM")], by=staff)
    services.position_record(
        round_=round_, person=wg.members["UZ"], kind="stand_aside", reason="Budget not settled", by=staff
    )
    services.round_close(round_=round_, by=staff)
    advance(recommendation, Status.PUBLISHED)

    public = client.get(recommendation.get_absolute_url() + "?lang=en").content.decode()
    assert "Budget not settled" in public  # the reservation is annexed to the published text…
    for person in [*wg.people, staff]:  # …but no one who took part is named to the public
        assert person.full_name_latin not in public and person.full_name_cyrillic not in public, person

    client.force_login(wg.members["KZ"])
    signed_in = client.get(recommendation.get_absolute_url()).content.decode()
    assert wg.members["UZ"].full_name_cyrillic in signed_in


# Queries ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_list_page_does_not_issue_more_queries_as_recommendations_grow(
    client, settings, make_recommendation, advance, wg, language, queries_do_not_grow
):
    def add(n):
        for i in range(n):
            make_recommendation(title=f"Draft {i}", states=("KZ", "KG", "UZ"))  # titles in Russian only
        advance(make_recommendation(title="Published"), Status.CONSULTATION)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(wg.members["TJ"])
    url = reverse("recommendations:list")
    add(2)
    queries_do_not_grow(url, at_most=10, grow=lambda: add(10))
    assert len(client.get(url).context["recommendations"]) == 14


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_detail_page_does_not_issue_more_queries_as_rounds_and_versions_grow(
    client, settings, make_recommendation, advance, wg, staff, language, queries_do_not_grow
):
    recommendation = advance(make_recommendation(), Status.CONSULTATION)
    viewer = wg.members["TJ"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(viewer)

    def add(n):
        for i in range(n):
            round_ = services.round_open(recommendation=recommendation, mode="meeting", by=staff)
            record_all(round_, wg.people[:3], by=staff)
            services.comment_add(round_=round_, person=wg.observer, text=f"Comment {i}")
            services.version_create(
                recommendation=recommendation, texts=texts(text=f"Text {i}"), reason=f"Edit {i}", by=wg.members["KZ"]
            )
        services.recommendation_transition(recommendation=recommendation, to=Status.DRAFT, by=staff, reason="Back")
        services.recommendation_transition(recommendation=recommendation, to=Status.CONSULTATION, by=staff)

    url = recommendation.get_absolute_url() + "?from=1&to=2"
    add(1)
    queries_do_not_grow(url, at_most=25, grow=lambda: add(5))
    assert len(client.get(url).context["rounds"]) == 6


def test_the_matrix_page_does_not_issue_more_queries_as_recommendations_grow(
    client, make_recommendation, advance, wg, staff, queries_do_not_grow
):
    def add(n):
        for i in range(n):
            recommendation = advance(make_recommendation(title=f"Published {i}", states=("KZ", "UZ")), Status.PUBLISHED)
            for code in ("KZ", "UZ"):
                submit_report(recommendation, code, by=staff, status="in_progress", progress=40)

    client.force_login(wg.members["TJ"])
    url = reverse("recommendations:matrix")
    add(1)
    queries_do_not_grow(url, at_most=15, grow=lambda: add(4))
    assert len(client.get(url).context["rows"]) == 5
