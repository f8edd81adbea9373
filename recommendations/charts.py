"""Simple charts as SVG markup, drawn on the server for the PDF reports (no JavaScript, no fetched resource).

Pure functions: they take labels and figures and return an `<svg>` element as a string, to be put inline in a
report's HTML (WeasyPrint draws inline SVG, and tags it as a figure whose alternative text is the chart's
`<title>`). Every text that reaches the markup goes through council.svg's `text` or `attr` (escaped as XML). A chart
never carries its figures alone: the report prints them in a table beside it.
"""

import dataclasses

from council.svg import FONT_SIZE, clean, fit, svg_element, width_of
from council.svg import attr as _attr
from council.svg import text as _text

# The drawing's own units; the report's CSS scales the SVG to the width of the text.
WIDTH = 640
ROW = 22
BAR = 14
GAP = 8
# A label longer than this share of the width is cut with an ellipsis (the table beside the chart has it whole).
LABEL_SHARE = 0.34


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to draw (e.g. no recommendation addressed)
    value_text: str


@dataclasses.dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str
    outline: bool = False  # a pale series (e.g. "no report") gets an outline to stand out from the page


@dataclasses.dataclass(frozen=True)
class Stack:
    label: str
    counts: dict[str, int]  # series key -> count


def _label_width(labels) -> float:
    widest = max((width_of(" ".join(clean(label).split())) for label in labels), default=0)
    return min(widest + GAP, WIDTH * LABEL_SHARE)


def _label(label: str, label_width: float, baseline: float) -> str:
    """A row's label, right-aligned before its bar, cut to fit the labels' column."""
    fitted = fit(label, label_width - GAP)
    return f'<text x="{label_width - GAP:g}" y="{baseline:g}" text-anchor="end">{_text(fitted)}</text>'


def _svg(chart_id: str, height: float, title: str, description: str, body: list[str]) -> str:
    return svg_element(chart_id, width=WIDTH, height=height, title=title, description=description, body=body)


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar], maximum: float = 100) -> str:
    """Horizontal bars, one per row: the label on the left, the bar scaled to `maximum`, its figure on the right."""
    label_width = _label_width(bar.label for bar in bars)
    value_width = max((width_of(bar.value_text) for bar in bars), default=0) + GAP
    area = WIDTH - label_width - value_width
    body = []
    for index, bar in enumerate(bars):
        top = index * ROW
        baseline = top + ROW / 2 + FONT_SIZE * 0.35
        body.append(_label(bar.label, label_width, baseline))
        length = 0.0
        if bar.value is not None and maximum:
            length = round(area * max(min(bar.value / maximum, 1), 0), 2)
            # The whole scale, pale, behind the bar: a reader sees how far from 100 % it is.
            body.append(
                f'<rect x="{label_width:g}" y="{top + (ROW - BAR) / 2:g}" width="{area:g}" height="{BAR}" '
                'fill="#eef1f5"/>'
            )
            if length:
                body.append(
                    f'<rect x="{label_width:g}" y="{top + (ROW - BAR) / 2:g}" width="{length:g}" height="{BAR}" '
                    'fill="#1d4f91"/>'
                )
        body.append(f'<text x="{label_width + area + GAP / 2:g}" y="{baseline:g}">{_text(bar.value_text)}</text>')
    return _svg(chart_id, max(len(bars), 1) * ROW, title, description, body)


def stacked_bar_chart(*, chart_id: str, title: str, description: str, series: list[Series], stacks: list[Stack]) -> str:
    """Horizontal stacked bars: per row, one segment per series (its count written in it when it fits), scaled to
    the largest total; the total on the right; a legend of the series below."""
    label_width = _label_width(stack.label for stack in stacks)
    totals = [sum(stack.counts.get(s.key, 0) for s in series) for stack in stacks]
    value_width = max((width_of(str(total)) for total in totals), default=0) + GAP
    area = WIDTH - label_width - value_width
    largest = max(totals, default=0)
    body = []
    for index, (stack, total) in enumerate(zip(stacks, totals, strict=True)):
        top = index * ROW
        baseline = top + ROW / 2 + FONT_SIZE * 0.35
        body.append(_label(stack.label, label_width, baseline))
        x = label_width
        for s in series:
            count = stack.counts.get(s.key, 0)
            if not count or not largest:
                continue
            length = round(area * count / largest, 2)
            outline = ' stroke="#8a929c" stroke-width="0.8"' if s.outline else ""
            body.append(
                f'<rect x="{x:g}" y="{top + (ROW - BAR) / 2:g}" width="{length:g}" height="{BAR}" '
                f"fill={_attr(s.colour)}{outline}/>"
            )
            if length >= width_of(str(count), 9) + 4:
                fill = "#1a1a1a" if s.outline else "#ffffff"
                body.append(
                    f'<text x="{x + length / 2:g}" y="{top + ROW / 2 + 9 * 0.35:g}" font-size="9" text-anchor="middle" '
                    f'fill="{fill}">{count}</text>'
                )
            x += length
        body.append(f'<text x="{label_width + area + GAP / 2:g}" y="{baseline:g}">{total}</text>')
    # The legend: a swatch and a label per series, on as many lines as it takes.
    top = max(len(stacks), 1) * ROW + GAP
    x, line = 0.0, 0
    for s in series:
        width = 12 + 4 + width_of(s.label) * 0.9 + 2 * GAP
        if x and x + width > WIDTH:
            x, line = 0.0, line + 1
        y = top + line * ROW
        outline = ' stroke="#8a929c" stroke-width="0.8"' if s.outline else ""
        body.append(f'<rect x="{x:g}" y="{y + 5:g}" width="12" height="12" fill={_attr(s.colour)}{outline}/>')
        body.append(f'<text x="{x + 16:g}" y="{y + 5 + 12 - 2:g}">{_text(s.label)}</text>')
        x += width
    return _svg(chart_id, top + (line + 1) * ROW, title, description, body)
