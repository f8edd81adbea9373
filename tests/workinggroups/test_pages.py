"""A working group's page and the list of groups: each section shows the group's work as the viewer may see it."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import hidden_answer
from tests.workinggroups.fixtures import add_work

pytestmark = pytest.mark.django_db


def page(client, person, code="a", language="en"):
    """The group's page as `person` (None: signed out) reads it, in English unless told."""
    client.logout()
    if person is not None:
        client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("workinggroups:detail", args=[code]))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The part of the page under one section's heading, up to the next section's."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<h2 ", start)
    return html[start : end if end != -1 else None]


# One page per body ----------------------------------------------------------------------------------------


def test_a_working_groups_body_page_is_its_group_page(client, group_a):
    response = client.get(reverse("council:body", args=["a"]))
    assert response.status_code == 302 and response["Location"] == "/groups/a/"
    assert group_a.get_absolute_url() == "/groups/a/"


def test_the_other_bodies_keep_their_page_and_have_no_group_page(client, ec, member_a):
    assert client.get("/bodies/ec/").status_code == 200
    for path in ("/groups/ec/", "/groups/council/", "/groups/zz/"):
        assert hidden_answer(client.get(path), signed_in=False), path  # signed out: to sign in, like any missing page
    client.force_login(member_a)
    for path in ("/groups/ec/", "/groups/council/", "/groups/zz/"):
        assert client.get(path).status_code == 404, path


# Mandate and members ----------------------------------------------------------------------------------------


def test_the_page_shows_the_mandate_in_the_readers_language_or_the_original_marked(client, wga):
    assert '<div class="mandate" lang="en"><p>Mandate</p></div>' in page(client, None)
    wga.body.name_uz = ""
    wga.body.save()
    html = page(client, None, language="uz")
    assert '<span lang="ru">Группа a</span>' in html and 'class="original-language"' in html


@pytest.mark.parametrize("kind", ["anonymous", "outsider", "member_of_group_b"])
def test_names_of_members_and_chairs_stay_with_the_group(client, english, wga, wg, outsider, kind):
    viewer = {"anonymous": None, "outsider": outsider, "member_of_group_b": wg.members["KZ"]}[kind]
    html = section(page(english, viewer), "members-heading")
    assert "A Member KZ" not in html and "A Observer" not in html
    assert "chair" in html  # the chairs' seats, without their names
    assert "Names of members are shown to the members of this body" in html
    # How many from which state: for signed-in people only.
    assert ("Current members by state or organisation" in html) is (viewer is not None)


@pytest.mark.parametrize("kind", ["member", "observer", "secretariat"])
def test_the_group_and_the_secretariat_see_members_by_state(client, english, wga, staff, kind):
    viewer = {"member": wga.members["UZ"], "observer": wga.observer, "secretariat": staff}[kind]
    html = section(page(english, viewer), "members-heading")
    assert "<strong>A Member KZ</strong>, chair" in html
    assert "<strong>A Member TJ</strong>, co-chair" in html
    for code in ("KZ", "KG", "TJ", "TM", "UZ"):
        assert f"A Member {code}" in html
    assert "A Observer" in html and "UNX" in html


# Meetings and their papers ----------------------------------------------------------------------------------


def test_outsiders_see_only_the_groups_public_meetings_and_papers(client, english, work, outsider, wg):
    for viewer in (None, outsider, wg.members["KZ"]):
        english.logout()
        html = page(english, viewer)
        meetings, library = section(html, "meetings-heading"), section(html, "library-heading")
        assert "Open session" in meetings
        assert "Closed session" not in html and "Draft session" not in html
        assert "Open brief" in library
        assert "Members&#x27; brief" not in html and "Closed meeting&#x27;s brief" not in html


def test_members_see_the_groups_closed_meetings_and_papers_but_no_draft(client, english, work, wga):
    html = page(english, wga.members["KG"])
    assert "Open session" in html and "Closed session" in html
    assert "Draft session" not in html
    library = section(html, "library-heading")
    assert "Members&#x27; brief" in library and "Closed meeting&#x27;s brief" in library


def test_the_library_groups_papers_by_meeting_and_agenda_item_with_their_language(client, english, work, wga):
    library = section(page(english, wga.members["KG"]), "library-heading")
    open_meeting = library.index("Open session")
    item = library.index("1. <span", open_meeting)
    assert library.index("Legal aid", item) < library.index("Open brief", item) < library.index("Papers of the", item)
    assert 'Open brief</a> <span class="meta">English · added on' in library
    assert library.index("Papers of the meeting", item) < library.index("Members&#x27; brief", item)
    assert "Sub-item" not in library  # an item without papers is not listed


def test_the_secretariat_sees_the_draft_meeting_too(client, english, work, staff):
    assert "Draft session" in section(page(english, staff), "meetings-heading")


# Recommendations, rounds and implementation -----------------------------------------------------------------


def test_outsiders_see_only_the_groups_public_published_recommendations(client, english, work, outsider, wg):
    for viewer in (None, outsider, wg.members["KZ"]):
        english.logout()
        html = page(english, viewer)
        recommendations = section(html, "recommendations-heading")
        assert "Published text" in recommendations and "Published (1)" in recommendations.replace(
            ' <span class="meta">', " "
        ).replace("</span>", "")
        assert "Members&#x27; published text" not in html and "Text in consultation" not in html
        assert work.consultation.code not in html and work.published_body.code not in html
        assert "No consensus round is open." in section(html, "rounds-heading")


def test_members_see_the_groups_recommendations_by_stage_and_its_open_round(client, english, work, wga):
    html = page(english, wga.members["KG"])
    recommendations = section(html, "recommendations-heading")
    assert recommendations.index("Consultation in the working group") < recommendations.index("Published")
    assert "Text in consultation" in recommendations and "Members&#x27; published text" in recommendations
    rounds = section(html, "rounds-heading")
    assert f'href="{work.consultation.get_absolute_url()}#round-{work.silence_round.pk}"' in rounds
    assert "silence procedure" in rounds.lower() and "(Asia/Tashkent)" in rounds


def test_the_implementation_summary_counts_only_what_the_viewer_may_read(client, english, work, wga, outsider):
    # Anyone: one public published text, addressed to two states, one report (implemented).
    summary = section(page(english, None), "implementation-heading")
    assert "<dt>Published recommendations</dt><dd>1</dd>" in summary
    assert "<dt>Reports from the states addressed</dt><dd>1 of 2</dd>" in summary
    assert "<dt>Implemented</dt><dd>1</dd>" in summary
    assert 'href="/recommendations/implementation/"' in summary
    # A member also reads the one published for the group's members.
    summary = section(page(english, wga.members["KG"]), "implementation-heading")
    assert "<dt>Published recommendations</dt><dd>2</dd>" in summary
    assert "<dt>Reports from the states addressed</dt><dd>1 of 4</dd>" in summary


# The list of groups ------------------------------------------------------------------------------------------


def test_the_list_links_each_group_and_counts_only_what_the_viewer_sees(client, english, work, wga, group_b):
    html = english.get(reverse("workinggroups:list")).content.decode()
    assert 'href="/groups/a/"' in html and 'href="/groups/b/"' in html
    card_a = html[html.index('id="group-a"') : html.index('id="group-b"')]
    assert "1 upcoming meeting" in card_a and "1 recommendation" in card_a
    english.force_login(wga.members["KG"])
    html = english.get(reverse("workinggroups:list")).content.decode()
    card_a = html[html.index('id="group-a"') : html.index('id="group-b"')]
    assert "2 upcoming meetings" in card_a and "3 recommendations" in card_a


# Queries ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["anonymous", "member", "secretariat"])
def test_the_pages_queries_do_not_grow_with_the_groups_work(
    client, queries_do_not_grow, work, wga, staff, make_recommendation, advance, kind
):
    viewer = {"anonymous": None, "member": wga.members["KG"], "secretariat": staff}[kind]
    if viewer is not None:
        client.force_login(viewer)

    def grow():
        for n in range(2):
            add_work(wga.body, staff, make_recommendation, advance, suffix=f" {n}")

    pages = reverse("workinggroups:detail", args=["a"]), reverse("workinggroups:list")
    queries_do_not_grow(*pages, at_most=25, grow=grow)
