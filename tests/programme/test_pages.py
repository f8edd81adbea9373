"""The programme's pages: who sees which roadmap, the timeline and the table, progress, links only to what the
viewer may see, the signed text, and a number of queries that does not grow with the rows."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from programme import services
from recommendations import services as recommendation_services
from tests.factories import MeetingFactory, OrganisationFactory
from tests.programme.conftest import D, make_activity, make_roadmap
from tests.security.conftest import small_pdf

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)


def detail(roadmap):
    return reverse("programme:detail", args=[roadmap.pk])


def test_a_public_roadmap_shows_its_timeline_table_and_progress_to_anyone(client, english, roadmap, activity, staff):
    services.activity_status_change(activity=activity, status="done", actual_start=D(2024, 9, 16), by=staff)
    make_activity(roadmap, by=staff, lead=activity.lead, title="Second", title_en="Second activity")
    response = client.get(detail(roadmap))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'role="img"' in page
    assert page.count("<title>") >= 3  # the chart's own and one per bar
    assert "1 of 2 activities done (50 %)" in page
    assert f'id="activity-{activity.pk}"' in page
    listed = client.get(reverse("programme:list")).content.decode()
    assert "A roadmap" in listed and "1 of 2 activities done" in listed


def test_the_timeline_writes_the_status_in_words_and_marks_today(client, english, roadmap, activity, staff):
    services.activity_status_change(activity=activity, status="postponed", reason="No venue.", by=staff)
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        page = client.get(detail(roadmap)).content.decode()
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert ">postponed</text>" in chart
    assert "Today: 1 March 2025" in chart and 'stroke-dasharray="4 3"' in chart
    assert "No venue." in page


def test_a_draft_roadmap_is_the_secretariats_alone(client, english, staff, member_a, outsider):
    draft = make_roadmap(by=staff, status="draft", title_en="Draft roadmap")
    for person in (None, member_a, outsider):
        client.logout()  # drops the language cookie too
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if person:
            client.force_login(person)
        assert client.get(detail(draft)).status_code in (404, 302)
        assert "Draft roadmap" not in client.get(reverse("programme:list")).content.decode()
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(detail(draft))
    assert response.status_code == 200
    assert "only the secretariat sees it" in response.content.decode()


def test_a_council_roadmap_is_hidden_from_people_without_a_seat(client, staff, member_a, outsider):
    council = make_roadmap(by=staff, access="council", title_en="Council roadmap")
    client.force_login(outsider)
    assert client.get(detail(council)).status_code == 404
    client.force_login(member_a)
    assert client.get(detail(council)).status_code == 200


def test_an_activity_links_only_the_meetings_and_recommendations_the_viewer_may_see(
    client, english, roadmap, staff, unoct, group_a, states
):
    public = MeetingFactory(bodies=[group_a], access="public", title_en="Open conference")
    body = MeetingFactory(bodies=[group_a], access="body", title_en="Closed session")
    draft_rec = recommendation_services.recommendation_create(
        working_group=group_a, texts={"title_ru": "Черновик", "text_ru": "Текст"}, by=staff, access="public"
    )
    make_activity(roadmap, by=staff, lead=unoct, meetings=[public, body], recommendations=[draft_rec])
    page = client.get(detail(roadmap)).content.decode()
    assert "Open conference" in page
    assert "Closed session" not in page and body.get_absolute_url() not in page
    assert draft_rec.code not in page
    client.force_login(staff)
    page = client.get(detail(roadmap)).content.decode()
    assert "Closed session" in page and draft_rec.code in page


def test_the_meeting_that_adopted_it_is_named_only_to_those_who_see_it(client, english, staff, group_a):
    hidden = MeetingFactory(bodies=[group_a], access="body", title_en="Closed adoption session")
    roadmap = make_roadmap(by=staff, adopted_at=hidden)
    assert "Closed adoption session" not in client.get(detail(roadmap)).content.decode()


def test_progress_per_party(client, english, roadmap, staff, unoct, isrs, states):
    first = make_activity(roadmap, by=staff, lead=unoct, states=[states["UZ"]])
    make_activity(roadmap, by=staff, lead=isrs, partners=[unoct])
    cancelled = make_activity(roadmap, by=staff, lead=isrs)
    services.activity_status_change(activity=first, status="done", actual_start=D(2024, 9, 2), by=staff)
    services.activity_status_change(activity=cancelled, status="cancelled", reason="Merged.", by=staff)
    page = client.get(detail(roadmap)).content.decode()
    assert "1 of 2 activities done (50 %)" in page  # the cancelled one does not count
    rows = page[page.index("Progress per party") : page.index("</table>")]
    assert "1 of 1 (100 %)" in rows  # Uzbekistan: its one activity is done
    assert "1 of 2 (50 %)" in rows  # UNOCT leads one, takes part in another


def test_the_signed_text_downloads_for_those_who_see_the_roadmap(client, staff, media):
    roadmap = make_roadmap(by=staff, access="council")
    services.roadmap_update(
        roadmap=roadmap, data={"signed_text": ContentFile(small_pdf(), name="signed roadmap.pdf")}, by=staff
    )
    url = reverse("programme:signed_text", args=[roadmap.pk])
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="signed roadmap.pdf"' in response["Content-Disposition"]
    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_the_landing_page_shows_the_roadmaps_progress(client, english, roadmap, activity, staff):
    services.activity_status_change(activity=activity, status="done", actual_start=D(2024, 9, 16), by=staff)
    page = client.get(reverse("portal:landing")).content.decode()
    assert "Programme of work" in page and "1 of 1 activities done (100 %)" in page


def test_the_pages_answer_with_as_many_queries_whatever_the_rows(queries_do_not_grow, roadmap, staff, group_a, states):
    def add(n):
        for _i in range(n):
            org = OrganisationFactory()
            meeting = MeetingFactory(bodies=[group_a], access="public")
            activity = make_activity(
                roadmap, by=staff, lead=org, partners=[OrganisationFactory()], states=[states["KZ"]], meetings=[meeting]
            )
            services.activity_status_change(
                activity=activity, status="in_progress", actual_start=D(2024, 9, 2), by=staff
            )
            make_roadmap(by=staff, states=[states["TJ"]], organisations=[org])

    add(2)
    queries_do_not_grow(detail(roadmap), reverse("programme:list"), at_most=20, grow=lambda: add(3))
