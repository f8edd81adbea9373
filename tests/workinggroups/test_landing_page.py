"""The public landing page: the council, its next meetings and latest recommendations (as the viewer may see
them), the executive committee once, and the working groups."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import MeetingFactory
from tests.workinggroups.fixtures import add_work

pytestmark = pytest.mark.django_db


def landing(client, person=None, language="en") -> str:
    client.logout()
    if person is not None:
        client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("portal:landing"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.find("</section>", start)]


def test_the_executive_committee_is_named_once(client, ec):
    assert landing(client).count("Executive Committee") == 1


def test_the_working_groups_link_to_their_group_pages(client, wga, group_b):
    html = section(landing(client), "groups-heading")
    assert 'href="/groups/"' in html and 'href="/groups/a/"' in html and 'href="/groups/b/"' in html


@pytest.mark.parametrize("kind", ["anonymous", "outsider", "member_of_group_b"])
def test_outsiders_see_only_public_meetings_and_public_published_recommendations(client, work, outsider, wg, kind):
    viewer = {"anonymous": None, "outsider": outsider, "member_of_group_b": wg.members["KZ"]}[kind]
    html = landing(client, viewer)
    meetings, recommendations = section(html, "next-meetings-heading"), section(html, "latest-recommendations-heading")
    assert "Open session" in meetings
    assert "Closed session" not in html and "Draft session" not in html
    assert work.published.code in recommendations
    for hidden in (work.published_body, work.consultation):
        assert hidden.code not in html


def test_members_see_their_groups_meetings_and_published_texts_but_no_draft(client, work, wga):
    html = landing(client, wga.members["KG"])
    meetings, recommendations = section(html, "next-meetings-heading"), section(html, "latest-recommendations-heading")
    assert "Open session" in meetings and "Closed session" in meetings
    assert work.published.code in recommendations and work.published_body.code in recommendations
    assert work.consultation.code not in recommendations  # published ones only


def test_next_meetings_are_the_soonest_five_and_past_ones_are_left_out(client, group_a):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    for days in (9, 3, 7, 1, 5, 11):
        MeetingFactory(
            bodies=[group_a], access="public", title_en=f"In {days} days", starts_at=now + datetime.timedelta(days=days)
        )
    MeetingFactory(
        bodies=[group_a],
        access="public",
        title_en="Last month",
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now - datetime.timedelta(days=30, hours=-2),
    )
    meetings = section(landing(client), "next-meetings-heading")
    shown = [f"In {d} days" for d in (1, 3, 5, 7, 9)]
    assert [meetings.index(t) for t in shown] == sorted(meetings.index(t) for t in shown)
    assert "In 11 days" not in meetings and "Last month" not in meetings


def test_empty_lists_say_so(client, council_body):
    html = landing(client)
    assert "No upcoming meetings." in html and "No recommendations have been published yet." in html


def test_a_title_missing_in_the_readers_language_is_shown_in_the_original_marked(client, group_a):
    MeetingFactory(bodies=[group_a], access="public", title_ru="Только по-русски", title_en="")
    meetings = section(landing(client), "next-meetings-heading")
    assert '<span lang="ru">Только по-русски</span>' in meetings and 'class="original-language"' in meetings


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_landing_pages_queries_do_not_grow(
    client, queries_do_not_grow, work, wga, staff, make_recommendation, advance, signed_in
):
    if signed_in:
        client.force_login(wga.members["KG"])

    def grow():
        for n in range(3):
            add_work(wga.body, staff, make_recommendation, advance, suffix=f" {n}")

    queries_do_not_grow(reverse("portal:landing"), at_most=12, grow=grow)
