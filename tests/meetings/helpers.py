"""Helpers of the meetings tests: local times, admin forms as a browser would post them, emails and ICS."""

import datetime
import re
import zoneinfo
from html.parser import HTMLParser

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar


def local(day: datetime.date, hour: int, minute: int = 0, tz: str = "Asia/Tashkent") -> datetime.datetime:
    """An aware time on a wall clock in a time zone."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(tz))


def days_ahead(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Admin forms -------------------------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """The fields of one form of a page, with the values a browser would submit unchanged."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: tuple[str, bool] | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        if "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value") or "on")
                return
            self._add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = (name, "multiple" in a)
            self._select_first, self._select_chosen = None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._add(self._select[0], value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            name, multiple = self._select
            if not multiple and not self._select_chosen and self._select_first is not None:
                self._add(name, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the one newline that follows <textarea>.
            self._add(self._textarea, "".join(self._text).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_data(response, form_id: str) -> dict[str, list[str] | str]:
    """What submitting the form `form_id` of the page unchanged would post."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}


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
