"""A roadmap's timeline as a Gantt-like SVG chart drawn on the server (no JavaScript).

One row per activity: its title and status written in the left column (the status in words, never by colour
alone), the planned period as a pale outlined bar, the actual period as a solid bar in the status's colour below
it, each bar with its own `<title>` (a tooltip, and a name for assistive technology). A month and quarter axis on
top, a dashed line for today, a legend below. Every text goes through council.svg (escaped as XML). The page
prints the same facts in a table beside the chart.
"""

import dataclasses
import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from council.svg import FONT_SIZE, fit, svg_element, width_of
from council.svg import attr as _attr
from council.svg import text as _text

WIDTH = 760
LABEL = 250  # the left column: titles and statuses
RIGHT = 16
AXIS = 40  # the axis above the rows
ROW = 40
BAR = 10

COLOURS = {
    "planned": "#5f6b7a",
    "in_progress": "#1d4f91",
    "done": "#2e6b30",
    "cancelled": "#8a1c1c",
    "postponed": "#8a5300",
}
PLANNED_FILL, PLANNED_STROKE = "#e3e8ef", "#5f6b7a"
TODAY_COLOUR = "#b00020"
PERIOD_FILL = "#e8f0f8"


@dataclasses.dataclass(frozen=True)
class Row:
    title: str
    status: str  # the value (colour)
    status_text: str  # the words shown
    planned: tuple[datetime.date, datetime.date]
    actual: tuple[datetime.date | None, datetime.date | None]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _span(period, rows, today) -> tuple[datetime.date, datetime.date]:
    days = [period[0], period[1]]
    for row in rows:
        days += [d for d in (*row.planned, *row.actual) if d]
        if row.status == "in_progress":
            days.append(today)  # an activity still running reaches today
    return _month_start(min(days)), _next_month(max(days))


def _quarter_label(quarter: int, year: int) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def timeline_svg(
    *, chart_id: str, title: str, period: tuple[datetime.date, datetime.date], rows: list[Row], today: datetime.date
) -> str:
    """The chart for `rows` over the roadmap's `period` (widened to hold every date), as an `<svg>` string."""
    start, end = _span(period, rows, today)
    total = max((end - start).days, 1)
    area = WIDTH - LABEL - RIGHT

    def x(day: datetime.date, *, end_of_day: bool = False) -> float:
        offset = (day - start).days + (1 if end_of_day else 0)
        return round(LABEL + area * offset / total, 2)

    rows_height = max(len(rows), 1) * ROW
    body = [f'<rect x="{LABEL}" y="{AXIS}" width="{area}" height="{rows_height}" fill="#fafbfc"/>']
    # The roadmap's own period, shaded behind the rows.
    period_x, period_end = x(period[0]), x(period[1], end_of_day=True)
    body.append(
        f'<rect x="{period_x:g}" y="{AXIS}" width="{max(period_end - period_x, 1):g}" height="{rows_height}" '
        f'fill="{PERIOD_FILL}"/>'
    )
    # The axis: a tick per month, a line at each quarter's start, and a label per quarter (every second or fourth
    # quarter when the labels would not fit side by side).
    quarter_width = area * 91 / total
    widest = max(width_of(_quarter_label(month, year)) for month, year in ((3, 2024), (4, 2026)))
    step = next((n for n in (1, 2, 4) if quarter_width * n >= widest + 8), 4)
    month = start
    while month <= end:
        mx = x(month)
        quarter_start = month.month in (1, 4, 7, 10)
        body.append(
            f'<line x1="{mx:g}" y1="{AXIS - (10 if quarter_start else 5)}" x2="{mx:g}" '
            f'y2="{AXIS + (len(rows) * ROW if quarter_start else 0)}" stroke="#c4cbd4" stroke-width="1"/>'
        )
        quarter_index = month.year * 4 + (month.month - 1) // 3
        if quarter_start and month < end and quarter_index % step == 0:
            label = _quarter_label((month.month - 1) // 3 + 1, month.year)
            body.append(f'<text x="{mx + 3:g}" y="{AXIS - 14}" fill="#1a1a1a">{_text(label)}</text>')
        month = _next_month(month)
    body.append(f'<line x1="{LABEL}" y1="{AXIS}" x2="{WIDTH - RIGHT}" y2="{AXIS}" stroke="#5f6b7a" stroke-width="1"/>')
    for index, row in enumerate(rows):
        top = AXIS + index * ROW
        colour = COLOURS.get(row.status, "#5f6b7a")
        body.append(f'<text x="4" y="{top + 16}" fill="#1a1a1a">{_text(fit(row.title, LABEL - 10))}</text>')
        body.append(
            f'<text x="4" y="{top + 31}" font-size="{FONT_SIZE - 1}" fill={_attr(colour)}>'
            f"{_text(fit(row.status_text, LABEL - 10, FONT_SIZE - 1))}</text>"
        )
        px, pend = x(row.planned[0]), x(row.planned[1], end_of_day=True)
        planned_title = _("%(title)s — planned: %(start)s to %(end)s") % {
            "title": row.title,
            "start": _day(row.planned[0]),
            "end": _day(row.planned[1]),
        }
        body.append(
            f'<rect x="{px:g}" y="{top + 8}" width="{max(pend - px, 2):g}" height="{BAR}" fill="{PLANNED_FILL}" '
            f'stroke="{PLANNED_STROKE}" stroke-width="1"><title>{_text(planned_title)}</title></rect>'
        )
        actual_start, actual_end = row.actual
        if actual_start:
            shown_end = actual_end or max(min(today, end - datetime.timedelta(days=1)), actual_start)
            ax, aend = x(actual_start), x(shown_end, end_of_day=True)
            actual_title = _("%(title)s — actual: %(start)s to %(end)s (%(status)s)") % {
                "title": row.title,
                "start": _day(actual_start),
                "end": _day(actual_end) if actual_end else _("ongoing"),
                "status": row.status_text,
            }
            body.append(
                f'<rect x="{ax:g}" y="{top + 22}" width="{max(aend - ax, 2):g}" height="{BAR}" '
                f"fill={_attr(colour)}><title>{_text(actual_title)}</title></rect>"
            )
    height = AXIS + max(len(rows), 1) * ROW
    if start <= today < end:
        tx = x(today)
        today_title = _("Today: %(day)s") % {"day": _day(today)}
        body.append(
            f'<line x1="{tx:g}" y1="{AXIS - 4}" x2="{tx:g}" y2="{height}" stroke="{TODAY_COLOUR}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"><title>{_text(today_title)}</title></line>'
        )
        today_label = _("today")
        # Written after the line, or before it when it would run off the chart's right edge (the width estimated at
        # the larger size, with room to spare).
        fits_after = tx + 8 + width_of(today_label) <= WIDTH
        position = f'x="{tx + 3:g}"' if fits_after else f'x="{tx - 3:g}" text-anchor="end"'
        body.append(
            f'<text {position} y="{AXIS - 2}" font-size="{FONT_SIZE - 1}" fill="{TODAY_COLOUR}">'
            f"{_text(today_label)}</text>"
        )
    # The legend: what the bars and the band mean; the statuses are written in words in each row.
    legend_top = height + 12
    legend = [
        (_("planned"), f'fill="{PLANNED_FILL}" stroke="{PLANNED_STROKE}"'),
        (_("actual (colour of its status)"), f'fill="{COLOURS["in_progress"]}"'),
        (_("period of the roadmap"), f'fill="{PERIOD_FILL}" stroke="#c4cbd4"'),
    ]
    lx, line = 4.0, 0
    for label, paint in legend:
        item_width = 30 + width_of(label) + 24
        if lx > 4 and lx + item_width > WIDTH:
            lx, line = 4.0, line + 1
        y = legend_top + line * 20
        body.append(f'<rect x="{lx:g}" y="{y}" width="24" height="{BAR}" {paint}/>')
        body.append(f'<text x="{lx + 30:g}" y="{y + 9}" fill="#1a1a1a">{_text(label)}</text>')
        lx += item_width
    legend_bottom = legend_top + (line + 1) * 20
    description = _("Planned and actual periods of %(n)s activities; the table beside the chart lists them.") % {
        "n": len(rows)
    }
    return svg_element(chart_id, width=WIDTH, height=legend_bottom, title=title, description=description, body=body)
