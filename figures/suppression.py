"""What a published figure shows: its number, or "<threshold" when it is small (DESIGN.md, "Figures").

The one rule, used by every door a figure leaves by (pages, CSV, API, PDF, the landing page):

1. Primary suppression: a value below its indicator's threshold (default 5) is shown as "<5", never as its number.
2. Secondary suppression: a total is withheld when one of its parts is suppressed, so that nobody gets a small
   cell back by subtracting the other parts from the total. A value is a total of another of the same indicator
   and period when it covers it: the region (no state) covers every state, sex "all" covers female and male, age
   band "all" covers every band. A withheld total shows no number either, with its own text.

Only approved values of indicators the reader may see are passed here (figures.selectors); the rule never reads
the database itself.
"""

import dataclasses
from collections.abc import Iterable
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from figures.models import AgeBand, Sex

BELOW_THRESHOLD = "below_threshold"
PROTECTS_SMALL_CELL = "protects_small_cell"


@dataclasses.dataclass(frozen=True)
class Shown:
    """A figure as a reader sees it: `number` is None whenever it is suppressed."""

    suppressed: bool
    number: Decimal | None
    text: str
    reason: str = ""  # BELOW_THRESHOLD or PROTECTS_SMALL_CELL when suppressed

    def __str__(self) -> str:
        return self.text

    @property
    def display(self) -> str:
        """The text for a reader of a page or a PDF: the number grouped as the active language writes it
        ("2,100", "2 100"); files and the API keep `text`, the same in every language."""
        if self.number is None:
            return self.text
        return formats.number_format(_trimmed(self.number), force_grouping=True)


def _trimmed(number) -> Decimal:
    """The number without trailing zeros: 2100.00 -> 2100, 12.50 -> 12.5."""
    number = Decimal(number)
    return number.to_integral_value() if number == number.to_integral_value() else number.normalize()


def number_text(number: Decimal) -> str:
    """A number without trailing zeros (2100, 12.5), the same in every door."""
    return format(_trimmed(number), "f")


def below(number: Decimal, threshold: int) -> bool:
    return number < threshold


def shown_one(number: Decimal, threshold: int) -> Shown:
    """The primary rule alone, for a value with no published parts."""
    if below(number, threshold):
        return Shown(suppressed=True, number=None, text=f"<{threshold}", reason=BELOW_THRESHOLD)
    return Shown(suppressed=False, number=number, text=number_text(number))


def _covers(total, part) -> bool:
    """Is `part` one of the parts `total` adds up (same indicator and period, and finer in at least one way)?"""
    if (total.indicator_id, total.year_from, total.year_to) != (part.indicator_id, part.year_from, part.year_to):
        return False
    if total.state_id is not None and total.state_id != part.state_id:
        return False
    if total.sex != Sex.ALL and total.sex != part.sex:
        return False
    if total.age_band != AgeBand.ALL and total.age_band != part.age_band:
        return False
    return (total.state_id, total.sex, total.age_band) != (part.state_id, part.sex, part.age_band)


def shown_values(values: Iterable, *, among: Iterable | None = None) -> dict[int, Shown]:
    """What each of `values` shows, by primary key; `among` are the published values of the same indicators and
    periods (their parts and totals, perhaps not shown on this page), `values` themselves when not given.

    Each value needs `pk`, `indicator_id`, `indicator.threshold`, `state_id`, `year_from`, `year_to`, `sex`,
    `age_band` and `number`.
    """
    values = list(values)
    among = values if among is None else list(among)
    small = [v for v in among if below(v.number, v.indicator.threshold)]
    result = {}
    for value in values:
        shown = shown_one(value.number, value.indicator.threshold)
        if not shown.suppressed and any(_covers(value, part) for part in small):
            shown = Shown(suppressed=True, number=None, text=_("withheld"), reason=PROTECTS_SMALL_CELL)
        result[value.pk] = shown
    return result
