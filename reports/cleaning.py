"""Text that people typed, made safe for a report's HTML.

Markdown (recommendation texts, minutes, narratives) is rendered to HTML, then cleaned with nh3 down to text
markup: no element that loads anything (`<img>`, `<link>`, `<style>`, `<object>`, `<embed>`, `<iframe>`,
`<svg>`, `<base>`, `<meta>`), no `style` or `class` attribute (so no `url()` and no `@import`), links only to
http(s) and mailto with their `rel` replaced (so no `rel="attachment"`). Plain fields (names, titles, agenda
items) need no function: the report templates autoescape them.
"""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "a",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> SafeString:
    """HTML reduced to the text markup above; everything that could load a resource is removed."""
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has cleaned it


def markdown_to_html(text: str) -> SafeString:
    """A person's Markdown as cleaned HTML for a report."""
    return clean_html(md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html"))
