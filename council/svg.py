"""The pieces every server-drawn SVG chart is made of: safe text and attributes, text widths, the `<svg>` frame.

Charts are drawn on the server (pages and PDF reports alike, no JavaScript). Every text that reaches the markup
(labels, titles, descriptions, legends) goes through `text` or `attr`, which escape it as XML and drop the
characters XML does not allow, so a name holding `</svg>`, `<script>` or a quote stays text.
"""

import re
from xml.sax.saxutils import escape, quoteattr

FONT_SIZE = 11
FONT = "'Report Sans', sans-serif"
# Characters XML 1.0 does not allow (control characters other than tab and line breaks, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def text(value) -> str:
    """Character data of an SVG element: `<`, `>` and `&` escaped."""
    return escape(clean(value))


def attr(value) -> str:
    """An attribute value with its quotes, every quote inside it escaped."""
    return quoteattr(clean(value))


def width_of(value: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of the width of `value` in a sans-serif font."""
    return len(value) * size * 0.58


def fit(value: str, width: float, size: float = FONT_SIZE) -> str:
    """`value` cut with an ellipsis to fit about `width`."""
    value = " ".join(clean(value).split())
    limit = max(int(width / (size * 0.58) + 1e-6), 4)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def svg_element(
    chart_id: str, *, width: float, height: float, title: str, description: str, body: list[str], font: str = FONT
) -> str:
    """The `<svg role="img">` around `body`, named by its `<title>` and described by its `<desc>`."""
    ids = {"title": f"{chart_id}-title", "desc": f"{chart_id}-desc"}
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width:g} {height:g}" ',
            f'width="{width:g}" height="{height:g}" font-family={attr(font)} font-size="{FONT_SIZE}" ',
            f"aria-labelledby={attr(ids['title'])} aria-describedby={attr(ids['desc'])}>",
            f"<title id={attr(ids['title'])}>{text(title)}</title>",
            f"<desc id={attr(ids['desc'])}>{text(description)}</desc>",
            *body,
            "</svg>",
        ]
    )
