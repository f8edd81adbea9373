"""Calendar (ICS) entries of meetings: one stable UID per meeting, SEQUENCE from the meeting."""

import datetime
import functools

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration, vText

from meetings.models import Invitation
from meetings.permissions import can_see_online_link, online_link_meeting_ids

Rsvp = Invitation.Rsvp

PRODID = "-//Regional Expert Council//Portal//RU"
# How often a calendar application should fetch a person's feed again (RFC 7986 REFRESH-INTERVAL, and the older
# X-PUBLISHED-TTL that Outlook and Apple Calendar read).
FEED_REFRESH = datetime.timedelta(hours=1)


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.uid}@rec-portal"


def _event(meeting, *, cancelled: bool, online_link: bool) -> Event:
    """One VEVENT; the online link (URL, and in LOCATION) only when `online_link` says the reader may see it."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    description = meeting.description if online_link else meeting.without_online_link(meeting.description)
    if description:
        event.add("description", description)
    link = meeting.online_link if online_link else ""
    location = ", ".join(part for part in (meeting.place, link) if part)
    if location:
        event.add("location", location)
    if link:
        event.add("url", link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText("REC secretariat")
    event.add("organizer", organizer)
    return event


def _address(from_email: str) -> str:
    return from_email.rsplit("<", 1)[-1].rstrip(">").strip()


def _partstat(rsvp: str) -> str:
    return {
        Rsvp.ACCEPTED: "ACCEPTED",
        Rsvp.DECLINED: "DECLINED",
        Rsvp.TENTATIVE: "TENTATIVE",
        Rsvp.DELEGATED: "DELEGATED",
    }.get(rsvp, "NEEDS-ACTION")


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    return cal


@functools.lru_cache(maxsize=64)
def _vtimezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE of a time zone, shared read-only: icalendar takes some 30 ms to work one out."""
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:
        return None


def _add_timezones(cal: Calendar) -> None:
    """Calendar.add_missing_timezones, with each VTIMEZONE computed once per process."""
    position = len(cal.timezones)
    for tzid in sorted(cal.get_missing_tzids()):
        vtimezone = _vtimezone(tzid)
        if vtimezone is not None:
            cal.subcomponents.insert(position, vtimezone)
            position += 1


def meeting_request_ics(meeting, *, online_link: bool) -> bytes:
    """The calendar entry sent to invitees, without the attendee (`with_attendee_lines` adds each one's): the
    same for every invitee of a meeting at one sequence, in one language, so a batch renders it once."""
    cancelled = meeting.status == meeting.Status.CANCELLED
    cal = _calendar("CANCEL" if cancelled else "REQUEST")
    cal.add_component(_event(meeting, cancelled=cancelled, online_link=online_link))
    _add_timezones(cal)
    return cal.to_ical()


def with_attendee_lines(ics: bytes, lines: bytes) -> bytes:
    """The entry of `meeting_request_ics` with an ATTENDEE property (`attendee_lines`) in its event."""
    head, tail = ics.rsplit(b"END:VEVENT\r\n", 1)
    return head + lines + b"END:VEVENT\r\n" + tail


def attendee_lines(invitation) -> bytes:
    """The invitee's ATTENDEE property, folded, as it goes in the event (ends with a line break)."""
    event = Event()
    address = vCalAddress(f"mailto:{invitation.email}")
    address.params["cn"] = vText(invitation.display_name)
    address.params["role"] = vText("REQ-PARTICIPANT")
    address.params["rsvp"] = vText("TRUE")
    address.params["partstat"] = vText(_partstat(invitation.rsvp))
    event.add("attendee", address, encode=0)
    # The folded ATTENDEE line(s), between this event's BEGIN and END lines.
    return event.to_ical().split(b"\r\n", 1)[1].rsplit(b"END:VEVENT", 1)[0]


def meetings_ics(meetings, *, user) -> bytes:
    """A calendar of several meetings for `user` to download (a person's feed is `feed_ics`)."""
    cal = _calendar("PUBLISH")
    _add_meetings(cal, meetings, user=user)
    return cal.to_ical()


def _add_meetings(cal: Calendar, meetings, *, user) -> None:
    """An event per meeting, with the online link where `user` may see it, and the time zones they use."""
    meetings = list(meetings)
    with_link = online_link_meeting_ids(user, meetings)
    for meeting in meetings:
        cancelled = meeting.status == meeting.Status.CANCELLED
        cal.add_component(_event(meeting, cancelled=cancelled, online_link=meeting.pk in with_link))
    _add_timezones(cal)


def invitation_ics(invitation) -> bytes:
    """The calendar file of an invitation's meeting for its invitee (the RSVP page's "add to calendar")."""
    meeting = invitation.meeting
    cal = _calendar("PUBLISH")
    cancelled = meeting.status == meeting.Status.CANCELLED
    online = can_see_online_link(None, meeting, invitation=invitation)
    cal.add_component(_event(meeting, cancelled=cancelled, online_link=online))
    _add_timezones(cal)
    return cal.to_ical()


def feed_ics(meetings, *, user) -> bytes:
    """A person's private feed: their meetings in their own language (titles, descriptions, the calendar's name),
    named for the calendar application, with a hint to fetch it again every hour."""
    with translation.override(user.preferred_language):
        cal = _calendar("PUBLISH")
        cal.add("x-wr-calname", _("REC — my meetings"))
        cal.add("x-wr-caldesc", _("Meetings of the Regional Expert Council you are invited to"))
        cal.add("refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(FEED_REFRESH))
        _add_meetings(cal, meetings, user=user)
        return cal.to_ical()
