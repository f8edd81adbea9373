"""The private calendar feed speaks its owner's language and tells calendar applications its name and how often
to fetch it again (issue 11, item 8)."""

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.factories import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def feed_of(client, person, **headers):
    response = client.get(reverse("meetings:feed", args=[person.calendar_token]), **headers)
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def in_language(language: str, msgid: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.mark.parametrize("language", ["ru", "en", "uz"])
def test_the_feed_is_in_its_owners_language_whatever_the_browser_asks(client, group_a, member_a, language):
    member_a.preferred_language = language
    member_a.save(update_fields=["preferred_language"])
    meeting = MeetingFactory(bodies=[group_a], title_ru="Заседание", title_en="Session", title_uz="Majlis")
    InvitationFactory(meeting=meeting, person=member_a)
    other = {"ru": "en", "en": "uz", "uz": "ru"}[language]

    response, calendar = feed_of(client, member_a, HTTP_ACCEPT_LANGUAGE=other)

    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == {"ru": "Заседание", "en": "Session", "uz": "Majlis"}[language]
    assert str(calendar["x-wr-calname"]) == in_language(language, "REC — my meetings")
    assert response["Content-Language"] == language


def test_the_feed_names_itself_and_asks_to_be_fetched_again_every_hour(client, member_a):
    response, calendar = feed_of(client, member_a)
    raw = response.content.decode()
    assert "\r\nX-WR-CALNAME:" in raw
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in raw
    assert str(calendar["method"]) == "PUBLISH"


def test_a_meetings_download_is_not_named_as_a_feed(client, group_a, member_a):
    meeting = MeetingFactory(bodies=[group_a])
    client.force_login(member_a)
    raw = client.get(reverse("meetings:ics", args=[meeting.pk])).content.decode()
    assert "BEGIN:VEVENT" in raw and "X-WR-CALNAME" not in raw and "REFRESH-INTERVAL" not in raw
