"""What partners are told of meetings (council.webhooks): scheduled, changed while scheduled, cancelled.

Only meetings a partner may see (their access level, council.access) and only once published: a draft is
nobody's business, and a draft that is cancelled was never announced. The payload holds ids, titles, times and
the place, never the online link and never a person.
"""

from council.webhooks.models import EventType
from council.webhooks.payloads import api_url, in_languages, iso
from council.webhooks.services import webhook_event_queue
from meetings.models import Meeting

Status = Meeting.Status
# Fields whose change a partner is told of (meeting.updated): those in the payload, and the access level (a
# meeting opened to partners becomes news to them). The online link is not among them.
PARTNER_FIELDS = (Meeting.TIME_AND_PLACE - {"venue_address", "online_url"}) | {
    "title",
    "title_ru",
    "title_en",
    "title_uz",
    "kind",
    "access",
}


def meeting_data(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "uid": str(meeting.uid),
        "kind": meeting.kind,
        "status": meeting.status,
        "title": in_languages(meeting, "title"),
        "starts_at": iso(meeting.starts_at),
        "ends_at": iso(meeting.ends_at),
        "timezone": meeting.timezone,
        "format": meeting.format,
        "city": in_languages(meeting, "venue_city"),
        "country": in_languages(meeting, "venue_country"),
        "bodies": sorted(body.code for body in meeting.bodies.all()),
        "url": api_url("meetings", meeting.pk),
    }


def _queue(meeting: Meeting, event: str) -> None:
    webhook_event_queue(
        event=event,
        subject=meeting,
        level=meeting.access,
        body_ids=(body.pk for body in meeting.bodies.all()),  # lazy: a partner's level does not read them
        data=lambda: meeting_data(meeting),
    )


def meeting_status_webhook(meeting: Meeting, *, previous: str) -> None:
    """After a status change: a draft scheduled is announced; a scheduled meeting cancelled is called off."""
    if previous == Status.DRAFT and meeting.status == Status.SCHEDULED:
        _queue(meeting, EventType.MEETING_SCHEDULED)
    elif previous == Status.SCHEDULED and meeting.status == Status.CANCELLED:
        _queue(meeting, EventType.MEETING_CANCELLED)


def meeting_changed_webhook(meeting: Meeting, *, changed: list[str]) -> None:
    """After the secretariat edited a scheduled meeting: partners hear of a new title, time or place."""
    if meeting.status == Status.SCHEDULED and PARTNER_FIELDS.intersection(changed):
        _queue(meeting, EventType.MEETING_UPDATED)
