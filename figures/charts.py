"""Time series of an indicator per state as an SVG line chart, drawn on the server (pages and the PDF alike).

A pure function over figures.selectors.IndicatorFigures: one line per column (the region, then each state), each
with its own colour and marker shape (told apart without colour too). A suppressed or withheld point is never
drawn at a height: it is a hollow grey marker on the axis, and the line is broken there. The numbers are in the
table the page prints beside the chart.
"""

from django.utils.translation import gettext as _

from council.content import text_in
from council.svg import FONT_SIZE, fit, svg_element, width_of
from council.svg import attr as _attr
from council.svg import text as _text

WIDTH, PLOT_HEIGHT = 640, 200
LEFT, TOP, GAP = 56, 12, 8
COLOURS = ("#1d4f91", "#b35806", "#1b7837", "#762a83", "#8c510a", "#01665e")
MARKERS = ("circle", "square", "diamond", "triangle", "circle", "square")
SUPPRESSED_COLOUR = "#6b6b6b"


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def _marker(shape: str, x: float, y: float, colour: str, *, hollow: bool = False) -> str:
    fill = "#ffffff" if hollow else colour
    style = f'fill="{fill}" stroke="{colour}" stroke-width="1.5"'
    if shape == "square":
        return f'<rect x="{x - 4:g}" y="{y - 4:g}" width="8" height="8" {style}/>'
    if shape == "diamond":
        return f'<path d="M{x:g} {y - 5:g}L{x + 5:g} {y:g}L{x:g} {y + 5:g}L{x - 5:g} {y:g}Z" {style}/>'
    if shape == "triangle":
        return f'<path d="M{x:g} {y - 5:g}L{x + 5:g} {y + 4:g}L{x - 5:g} {y + 4:g}Z" {style}/>'
    return f'<circle cx="{x:g}" cy="{y:g}" r="4" {style}/>'


def column_name(column) -> str:
    return _("Region as a whole") if column is None else str(text_in(column, "name"))


def time_series_chart(figures, *, chart_id: str) -> str:
    """The chart of `figures` (an IndicatorFigures) as an `<svg>` string; empty when it has no totals to draw."""
    # A time series is drawn over single years; figures over several years (a cumulative total) would dwarf them
    # on one scale, so they are drawn only when there is nothing else (the table beside has them all).
    grid = [row for row in figures.grid if row["single_year"]] or figures.grid
    if not grid:
        return ""
    name = str(text_in(figures.indicator, "name"))
    unit = str(text_in(figures.indicator, "unit"))
    numbers = [float(cell.shown.number) for row in grid for cell in row["cells"] if cell and cell.shown.number]
    top_value = _nice_ceiling(max(numbers, default=0))
    periods = len(grid)
    plot_width = WIDTH - LEFT - GAP * 2 - 24  # room for the last period's label
    step = plot_width / max(periods - 1, 1)
    bottom = TOP + PLOT_HEIGHT

    def x_of(index: int) -> float:
        return round(LEFT + GAP + (index * step if periods > 1 else plot_width / 2), 2)

    def y_of(number: float) -> float:
        return round(bottom - PLOT_HEIGHT * number / top_value, 2)

    body = []
    # Grid lines and the scale: 0, half, top.
    for fraction in (0, 0.5, 1):
        y = round(bottom - PLOT_HEIGHT * fraction, 2)
        label = f"{top_value * fraction:g}"
        body.append(f'<line x1="{LEFT:g}" y1="{y:g}" x2="{WIDTH - GAP:g}" y2="{y:g}" stroke="#d0d5dc"/>')
        body.append(f'<text x="{LEFT - 4:g}" y="{y + FONT_SIZE * 0.35:g}" text-anchor="end">{_text(label)}</text>')
    for index, row in enumerate(grid):
        label = _text(row["label"])
        body.append(f'<text x="{x_of(index):g}" y="{bottom + FONT_SIZE + 4:g}" text-anchor="middle">{label}</text>')
    # Only the columns with a figure in the periods drawn have a line and a place in the legend.
    drawn = [i for i in range(len(figures.columns)) if any(row["cells"][i] is not None for row in grid)]
    for position in drawn:
        colour, shape = COLOURS[position % len(COLOURS)], MARKERS[position % len(MARKERS)]
        points, segments, current = [], [], []
        for index, row in enumerate(grid):
            cell = row["cells"][position]
            if cell is None or cell.shown.suppressed:
                if current:
                    segments.append(current)
                current = []
                if cell is not None:
                    points.append(_marker(shape, x_of(index), bottom, SUPPRESSED_COLOUR, hollow=True))
                continue
            xy = (x_of(index), y_of(float(cell.shown.number)))
            current.append(xy)
            points.append(_marker(shape, *xy, colour))
        if current:
            segments.append(current)
        for segment in segments:
            if len(segment) > 1:
                path = " ".join(f"{x:g},{y:g}" for x, y in segment)
                body.append(f'<polyline points="{path}" fill="none" stroke={_attr(colour)} stroke-width="2"/>')
        body.extend(points)
    # The legend: one entry per column, then the suppressed marker.
    legend_top = bottom + FONT_SIZE + 14
    entries = [
        (column_name(c), COLOURS[i % len(COLOURS)], MARKERS[i % len(MARKERS)], False)
        for i, c in enumerate(figures.columns)
        if i in drawn
    ]
    entries.append((_("below the threshold or withheld: not drawn at its value"), SUPPRESSED_COLOUR, "circle", True))
    x, line = 0.0, 0
    for label, colour, shape, hollow in entries:
        label = fit(label, WIDTH - 24)
        width = 16 + width_of(label) + 2 * GAP
        if x and x + width > WIDTH:
            x, line = 0.0, line + 1
        y = legend_top + line * 20
        body.append(_marker(shape, x + 6, y + 6, colour, hollow=hollow))
        body.append(f'<text x="{x + 16:g}" y="{y + 10:g}">{_text(label)}</text>')
        x += width
    height = legend_top + (line + 1) * 20
    description = _("%(name)s (%(unit)s) per period, one line per state; the numbers are in the table beside.") % {
        "name": name,
        "unit": unit,
    }
    return svg_element(chart_id, width=WIDTH, height=height, title=name, description=description, body=body)
