"""Helpers of the meetings tests: local times, the language and alternate forms, the admin's datetime boxes,
emails and ICS."""

import datetime
import re
import zoneinfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar


def local(day: datetime.date, hour: int, minute: int = 0, tz: str = "Asia/Tashkent") -> datetime.datetime:
    """An aware time on a wall clock in a time zone."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(tz))


def days_ahead(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Pages and admin forms ---------------------------------------------------------------------------------


def in_english(client) -> None:
    """Choose English with the language switcher (as a signed-in person, this also becomes their preference)."""
    client.post("/language/", {"language": "en", "next": "/"})


def nominate(client, meeting, email, name="Alternate Person", **kwargs):
    """Nominate an alternate for the meeting with the form on its page."""
    return client.post(reverse("meetings:delegate", args=[meeting.pk]), {"email": email, "name": name}, **kwargs)


# Admin datetime boxes ----------------------------------------------------------------------------------


def admin_datetime(value: datetime.datetime, zone: str = "Asia/Tashkent") -> tuple[str, str]:
    """The date and time boxes of the admin's split datetime widget: wall-clock time in the meeting's zone."""
    value = value.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{value:%Y-%m-%d}", f"{value:%H:%M:%S}"


# Emails ------------------------------------------------------------------------------------------------


def calendar_of(message) -> Calendar:
    """The ICS attached to an email, parsed."""
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in message.message().walk()]
    return Calendar.from_ical(parts[0].get_payload(decode=True))


def calendar_part(message):
    return next(p for p in message.message().walk() if p.get_content_type() == "text/calendar")


def event_of(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def message_id(message) -> str:
    return message.message()["Message-ID"]


def rsvp_links(message) -> list[str]:
    """The site-relative RSVP links in the plain-text body of an email."""
    pattern = re.escape(settings.SITE_URL) + r"(/meetings/rsvp/[^/\s]+/(?:\?answer=\w+)?)"
    return re.findall(pattern, message.body)


def to(messages) -> list[str]:
    return sorted(address for message in messages for address in message.to)
