"""Time zones: the one check of an IANA name, and the zones a person chooses from."""

import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The zones of the council's states and of the places it meets, offered first.
COMMON_ZONES = (
    "Asia/Tashkent",
    "Asia/Samarkand",
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "UTC",
)


def validate_timezone(value: str) -> None:
    message = _("“%(value)s” is not a time zone; use an IANA name such as Asia/Tashkent.")
    # IANA names are short; a long value would only make the zone lookup open a path the system refuses.
    if len(value) > 64:
        raise ValidationError(message, params={"value": value[:64] + "…"})
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValidationError(message, params={"value": value}) from exc


@functools.cache
def all_zones() -> tuple[str, ...]:
    """Every IANA zone this system knows, in alphabetical order, without the legacy aliases."""
    return tuple(
        sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    )


def zone_choices() -> list:
    """The choices of a time-zone select: Central Asia and UTC first, then every zone."""
    rest = [(zone, zone) for zone in all_zones() if zone not in COMMON_ZONES]
    return [(_("Central Asia"), [(zone, zone) for zone in COMMON_ZONES]), (_("All time zones"), rest)]
