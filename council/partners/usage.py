"""Counting each request of a key, in the shared cache (Redis in production): no database write per request.

`count` adds one to today's counter and notes the time; `usage_flush` (council.partners.services, run by beat)
writes the counters down and takes them out of the cache by the amount it wrote.
"""

import contextlib
import datetime

from django.core.cache import cache
from django.utils import timezone

# Counters live two days: a flush that failed for a day still finds yesterday's.
TTL = 2 * 24 * 3600


def _counter(key_id: str, day: datetime.date) -> str:
    return f"partners:usage:{key_id}:{day.isoformat()}"


def _last_used(key_id: str) -> str:
    return f"partners:last-used:{key_id}"


def count(key_id: str, *, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    counter = _counter(key_id, now.date())
    cache.add(counter, 0, TTL)
    try:
        cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, TTL)
    cache.set(_last_used(key_id), now.timestamp(), TTL)


def pending(key_id: str, *, now: datetime.datetime | None = None) -> dict[datetime.date, int]:
    """What the cache counts for the key today and yesterday, not yet written down."""
    today = (now or timezone.now()).date()
    days = [today - datetime.timedelta(days=1), today]
    values = cache.get_many([_counter(key_id, day) for day in days])
    return {day: int(values[_counter(key_id, day)]) for day in days if values.get(_counter(key_id, day))}


def take(key_id: str, day: datetime.date, amount: int) -> None:
    """Take `amount` written down out of the counter (requests counted meanwhile stay)."""
    with contextlib.suppress(ValueError):
        cache.decr(_counter(key_id, day), amount)


def last_used(key_id: str) -> datetime.datetime | None:
    stamp = cache.get(_last_used(key_id))
    return datetime.datetime.fromtimestamp(float(stamp), tz=datetime.UTC) if stamp else None
