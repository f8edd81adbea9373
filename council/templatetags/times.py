"""A moment as the portal shows it: in the zone of the place it happens, with the offset, and where it differs the
reader's own time.

{% load times %}
{% when meeting.starts_at meeting.timezone %}
  → 14 May 2024, 10:00 (Asia/Tashkent, UTC+05:00) · 08:00 your time (Europe/Berlin)
{% when meeting.starts_at meeting.timezone end=meeting.ends_at weekday=True %}
  → Tuesday, 14 May 2024, 10:00 – 13:00 (Asia/Tashkent, UTC+05:00) · 07:00 – 10:00 your time (Europe/Berlin)
"""

import datetime
import zoneinfo

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


# Each language's own date style (config/formats/<language>/formats.py), read when a page is rendered.
def date_time() -> str:
    return get_format("DATETIME_FORMAT")


def weekday_date_time() -> str:
    return "l, " + get_format("DATETIME_FORMAT")


def time_only() -> str:
    return get_format("TIME_FORMAT")


def short_date_time() -> str:
    return get_format("MONTH_DAY_FORMAT") + ", " + get_format("TIME_FORMAT")


def _zone(value) -> zoneinfo.ZoneInfo | None:
    if isinstance(value, zoneinfo.ZoneInfo):
        return value
    try:
        return zoneinfo.ZoneInfo(str(value)) if value else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def offset_label(moment: datetime.datetime) -> str:
    """UTC+05:00, UTC−03:30, UTC+00:00."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "+" if seconds >= 0 else "−"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _span(start: datetime.datetime, end: datetime.datetime | None, first: str) -> str:
    text = date_format(start, first)
    if end is not None:
        text += " – " + date_format(end, time_only() if end.date() == start.date() else first)
    return text


def reader_zone(context) -> zoneinfo.ZoneInfo | None:
    """The signed-in reader's own time zone, if they chose one."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return _zone(getattr(user, "time_zone", ""))


@register.simple_tag(takes_context=True)
def when(context, moment, zone, end=None, weekday=False) -> SafeString:
    """`moment` (and `end`) in `zone` (an IANA name) with its offset, then in the reader's zone where the clock
    there reads otherwise."""
    if not isinstance(moment, datetime.datetime):
        return SafeString("")
    place = _zone(zone) or datetime.UTC
    local = moment.astimezone(place)
    local_end = end.astimezone(place) if isinstance(end, datetime.datetime) else None
    name = getattr(place, "key", "UTC")
    shown = format_html(
        '<time datetime="{}">{}</time> <span class="meta">({}, {})</span>',
        local.isoformat(timespec="minutes"),
        _span(local, local_end, weekday_date_time() if weekday else date_time()),
        name,
        offset_label(local),
    )
    own = reader_zone(context)
    if own is None or own.key == name or moment.astimezone(own).utcoffset() == local.utcoffset():
        return shown
    mine = moment.astimezone(own)
    mine_end = end.astimezone(own) if isinstance(end, datetime.datetime) else None
    first = time_only() if mine.date() == local.date() else short_date_time()
    return format_html(
        '{} · <span class="own-time">{}</span>',
        shown,
        _("%(time)s your time (%(zone)s)") % {"time": _span(mine, mine_end, first), "zone": own.key},
    )
