"""What a webhook's payload is made of: the Standard Webhooks envelope, times in UTC, API addresses, titles.

Each app builds the `data` of its own events (meetings/webhooks.py, recommendations/webhooks.py,
reports/webhooks.py) from these parts: ids, type, titles, times and the API address of the thing, never
personal data, never a meeting's online link.
"""

import datetime

from django.conf import settings

API_PREFIX = "/api/v1"


def iso(moment: datetime.datetime | None) -> str | None:
    """A time in UTC, ISO 8601 with a Z (2024-05-14T05:00:00Z)."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def api_url(resource: str, pk: int) -> str:
    """The absolute address of a thing in the partner API (`recommendations`, `meetings`, `reports`)."""
    return f"{settings.SITE_URL}{API_PREFIX}/{resource}/{pk}/"


def in_languages(obj, field: str) -> dict[str, str]:
    """A translated field in every language of the portal, as {"ru": …, "en": …, "uz": …} (empty ones left out)."""
    values = {}
    for code, _name in settings.LANGUAGES:
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            values[code] = value
    return values


def envelope(event: str, data: dict, *, now: datetime.datetime) -> dict:
    """The Standard Webhooks payload: {"type", "timestamp", "data"}."""
    return {"type": event, "timestamp": now.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"), "data": data}
