"""Links from emails: a private page asked for by someone signed out is the sign-in page, then the page itself."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _login_target(response) -> str:
    """Where the sign-in page sends back to (its `next`)."""
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    return parse_qs(location.query)["next"][0]


def test_a_signed_out_member_following_a_link_to_a_private_meeting_signs_in_and_lands_on_it(client, group_a, member_a):
    meeting = MeetingFactory(bodies=[group_a], title_en="Group A session", title_ru="Заседание группы А")
    url = meeting.get_absolute_url()

    assert _login_target(client.get(url)) == url

    login_page = client.get(reverse("account_login"), {"next": url})
    assert f'value="{url}"' in login_page.content.decode()
    response = client.post(reverse("account_login"), {"login": member_a.email, "password": PASSWORD, "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_a_missing_page_answers_signed_out_people_exactly_as_a_hidden_one(client, group_a):
    hidden = MeetingFactory(bodies=[group_a]).get_absolute_url()
    missing = reverse("meetings:detail", args=[999999])
    assert _login_target(client.get(hidden)) == hidden
    assert _login_target(client.get(missing)) == missing


def test_a_signed_in_person_still_gets_404_for_what_they_may_not_see(client, group_a, group_b):
    meeting = MeetingFactory(bodies=[group_a])
    client.force_login(MembershipFactory(body=group_b).person)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_partner_api_keeps_its_problem_details_404_for_people_signed_out(client, group_a):
    meeting = MeetingFactory(bodies=[group_a])
    response = client.get(f"/api/v1/meetings/{meeting.pk}/")
    assert response.status_code in (401, 404)
    assert "login" not in response.get("Location", "")


def test_an_unknown_address_is_a_404_page_not_the_sign_in_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404


def test_a_calendar_feed_with_a_bad_key_stays_404(client):
    assert client.get(reverse("meetings:feed", args=["x" * 43])).status_code == 404
