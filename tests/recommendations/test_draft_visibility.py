"""Earlier drafts of a published recommendation (issue 7, item 11): their texts, the changes between them and
the "why this version" notes are for those who could see the drafts; the public reads the published text."""

import pytest
from django.urls import reverse

from recommendations import services
from recommendations.models import Recommendation
from recommendations.permissions import can_see_drafts
from tests.helpers import hidden_answer
from tests.html import read_controls
from tests.recommendations.conftest import texts

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
DRAFT_TEXT = "Draft wording that named the Nukus centre."
DRAFT_NOTE = "Internal: softened after the objection of the delegation"
PUBLISHED_TEXT = "States should open reintegration centres."
PUBLISHED_NOTE = "Wording agreed at the March session"
RETURN_NOTE = "Returned: budget lines still disputed"


@pytest.fixture
def published(make_recommendation, advance, wg, staff):
    """A public recommendation of group B: v1 and v2 drafts, v3 published; once returned to draft on the way."""
    recommendation = make_recommendation(title="Reintegration centres", text=DRAFT_TEXT)
    services.version_create(
        recommendation=recommendation,
        texts=texts("Reintegration centres", "Second draft."),
        reason=DRAFT_NOTE,
        by=staff,
    )
    services.recommendation_transition(recommendation=recommendation, to=Status.CONSULTATION, by=staff)
    services.recommendation_transition(recommendation=recommendation, to=Status.DRAFT, by=staff, reason=RETURN_NOTE)
    services.version_create(
        recommendation=recommendation,
        texts=texts("Reintegration centres", PUBLISHED_TEXT),
        reason=PUBLISHED_NOTE,
        by=staff,
    )
    return advance(recommendation, Status.PUBLISHED)


SEES_DRAFTS = {"member_of_group_b", "observer_of_group_b", "executive_committee", "secretariat"}


def page(client, person, recommendation, query=""):
    client.logout()
    if person is not None:
        client.force_login(person)
    return client.get(recommendation.get_absolute_url() + query)


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "outsider",
        "member_of_group_a",
        "member_of_group_b",
        "observer_of_group_b",
        "executive_committee",
        "secretariat",
    ],
)
def test_earlier_drafts_and_their_notes_are_shown_only_to_those_who_saw_the_drafts(
    client, english, published, viewers, who
):
    response = page(client, viewers[who], published, "?from=1&to=3")
    assert response.status_code == 200
    html = response.content.decode()
    allowed = who in SEES_DRAFTS

    assert PUBLISHED_TEXT in html  # everyone who sees the recommendation reads its published text
    assert can_see_drafts(response.wsgi_request.user, published) is allowed
    assert (response.context["diff"] is not None) is allowed
    assert ("Nukus" in html) is allowed  # a word of the first draft, shown deleted in the diff
    assert (DRAFT_NOTE in html) is allowed
    assert (PUBLISHED_NOTE in html) is allowed
    assert (RETURN_NOTE in html) is allowed
    shown = [v.number for v in response.context["versions"]]
    assert shown == ([1, 2, 3] if allowed else [3])
    assert ("from" in {c.name for c in read_controls(response)}) is allowed  # the compare form


@pytest.mark.parametrize("query", ["?from=1&to=2", "?from=2&to=1", "?from=3&to=1"])
def test_the_public_cannot_reach_a_draft_by_its_number(client, published, query):
    response = client.get(published.get_absolute_url() + query)
    assert response.status_code == 200
    assert response.context["diff"] is None
    assert "Nukus" not in response.content.decode()
    assert "Second draft." not in response.content.decode()


def test_a_superseded_text_shows_the_public_its_published_version_only(client, published, make_recommendation, advance):
    newer = make_recommendation(title="Corrected")
    Recommendation.objects.filter(pk=newer.pk).update(replaces=published)
    advance(newer, Status.PUBLISHED)
    published.refresh_from_db()
    assert published.status == Status.SUPERSEDED
    response = client.get(published.get_absolute_url() + "?from=1&to=3")
    assert [v.number for v in response.context["versions"]] == [3]
    assert response.context["diff"] is None and "Nukus" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?from=1&to=1",
        "?from=1&to=9",
        "?from=one&to=2",
        "?from=&to=",
        "?from=1",
        "?from=99999999999999999999999999&to=1",
        "?from=-1&to=2",
        "?from=1.5&to=2",
        "?from=%D9%A1&to=2",  # an Arabic-Indic digit one
        "?from=" + "9" * 5000 + "&to=1",
    ],
)
def test_bad_version_numbers_get_a_clear_message_never_an_error(client, english, published, wg, query):
    client.force_login(wg.members["TJ"])
    response = client.get(published.get_absolute_url() + query)
    assert response.status_code == 200
    assert response.context["diff"] is None or query.startswith("?from=%D9%A1")
    if response.context["diff"] is None:
        assert "Choose two different versions to compare." in response.content.decode()


def test_bad_version_numbers_from_the_public_are_ignored(client, published):
    for query in ["?from=x&to=y", "?from=1&to=99999999999999999999999999", "?from=" + "1" * 5000]:
        response = client.get(published.get_absolute_url() + query)
        assert response.status_code == 200 and response.context["diff"] is None


def test_a_nul_byte_in_a_version_number_never_reaches_the_database(client, published, wg):
    client.force_login(wg.members["TJ"])
    response = client.get(published.get_absolute_url() + "?from=%00&to=1")
    assert response.status_code in (200, 400)


def test_the_executive_committee_reads_drafts_only_once_the_group_adopted_the_text(client, make_recommendation, ec):
    draft = make_recommendation(title="Not yet adopted")
    assert hidden_answer(client.get(reverse("recommendations:detail", args=[draft.pk])), signed_in=False)
    client.force_login(ec.members["KZ"])
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert can_see_drafts(ec.members["KZ"], draft) is False
