"""Reads about partner keys: the key behind a presented secret, and how much keys are used."""

import datetime

from django.utils import timezone

from council.partners import usage
from council.partners.models import PartnerKey, PartnerKeyUsage

# The longest secret worth hashing: ours are 8 + 1 + 32 characters.
KEY_MAX_LENGTH = 100


def key_for_secret(secret: str) -> PartnerKey | None:
    """The usable key (not revoked, not expired) whose secret this is, with its organisation; None otherwise.

    One query: by the prefix (unique), then the hash is compared in constant time."""
    if not secret or len(secret) > KEY_MAX_LENGTH or not secret.isascii():
        return None
    prefix, dot, rest = secret.partition(".")
    if not dot or not prefix or not rest:
        return None
    key = PartnerKey.objects.select_related("organisation").filter(prefix=prefix, revoked=False).first()
    if key is None or not key.is_valid(secret) or key.has_expired:
        return None
    return key


def keys_of(organisation) -> list[PartnerKey]:
    return list(PartnerKey.objects.filter(organisation=organisation).order_by("-created"))


def usage_by_day(key: PartnerKey, *, days: int = 30) -> list[tuple[datetime.date, int]]:
    """Requests per day over the last `days` days, newest first: what is written down plus what the cache holds
    for today and yesterday (not yet written)."""
    since = timezone.now().date() - datetime.timedelta(days=days - 1)
    counted = dict(PartnerKeyUsage.objects.filter(key=key, day__gte=since).values_list("day", "requests"))
    for day, requests in usage.pending(key.pk).items():
        counted[day] = counted.get(day, 0) + requests
    return sorted(counted.items(), reverse=True)
