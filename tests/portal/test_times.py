"""Times are shown in the venue's zone with its offset and, where the clock reads otherwise, in the reader's own
(issue 11, item 6): one template tag, `{% when %}`, used on the home page and the meeting pages."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

TASHKENT = zoneinfo.ZoneInfo("Asia/Tashkent")
MOMENT = datetime.datetime(2024, 5, 14, 10, 0, tzinfo=TASHKENT)


def shown(user, moment=MOMENT, zone="Asia/Tashkent", extra="") -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load times %}{% when moment zone" + extra + " %}")
    with translation.override("en"):
        return template.render(Context({"request": request, "moment": moment, "zone": zone, "end": moment}))


def test_the_venues_time_with_its_zone_and_offset():
    html = shown(AnonymousUser())
    assert "14 May 2024, 10:00" in html and "(Asia/Tashkent, UTC+05:00)" in html
    assert '<time datetime="2024-05-14T10:00+05:00">' in html
    assert "your time" not in html


def test_a_reader_elsewhere_also_sees_their_own_time():
    html = shown(UserFactory(time_zone="Europe/Berlin"))
    assert "14 May 2024, 10:00" in html and "(Asia/Tashkent, UTC+05:00)" in html
    assert "07:00 your time (Europe/Berlin)" in html  # Berlin is on summer time (UTC+2) in May


def test_a_reader_whose_date_differs_sees_the_date_too():
    html = shown(UserFactory(time_zone="America/Los_Angeles"))
    assert "13 May, 22:00 your time (America/Los_Angeles)" in html


def test_a_reader_on_the_same_clock_sees_one_time():
    for zone in ("Asia/Tashkent", "Asia/Samarkand", ""):
        assert "your time" not in shown(UserFactory(time_zone=zone))


def test_negative_and_half_hour_offsets_are_written_in_full():
    html = shown(AnonymousUser(), zone="America/St_Johns")
    assert "UTC−02:30" in html


def test_the_meeting_page_shows_the_venue_time_and_the_readers_own(client, group_a, member_a):
    member_a.time_zone = "Europe/London"
    member_a.save(update_fields=["time_zone"])
    meeting = MeetingFactory(
        bodies=[group_a], starts_at=MOMENT.replace(year=2030), ends_at=MOMENT.replace(year=2030, hour=13)
    )
    client.force_login(member_a)
    client.cookies["django_language"] = "en"
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert "10:00 – 13:00" in detail and "(Asia/Tashkent, UTC+05:00)" in detail
    assert "06:00 – 09:00 your time (Europe/London)" in detail
    listing = client.get(reverse("meetings:list")).content.decode()
    assert "(Asia/Tashkent, UTC+05:00)" in listing and "your time (Europe/London)" in listing
