"""Text that people typed, made safe for a report's HTML.

Markdown (recommendation texts, minutes, narratives) is rendered to HTML, then cleaned with nh3 down to text
markup by the portal's one cleaning rule (`recommendations.markdown`): no element that loads anything (`<img>`,
`<link>`, `<style>`, `<object>`, `<embed>`, `<iframe>`, `<svg>`, `<base>`, `<meta>`), no `style` or `class`
attribute (so no `url()` and no `@import`), links only to http(s) and mailto with their `rel` replaced (so no
`rel="attachment"`). Plain fields (names, titles, agenda items) need no function: the report templates
autoescape them.
"""

from django.utils.safestring import SafeString, mark_safe

from recommendations import markdown


def clean_html(html: str) -> SafeString:
    """HTML reduced to text markup (the portal's one cleaning rule); everything that could load a resource is
    removed."""
    return mark_safe(markdown.clean_html(html))  # noqa: S308 - nh3 has cleaned it


def markdown_to_html(text: str) -> SafeString:
    """A person's Markdown as cleaned HTML for a report."""
    return mark_safe(markdown.render_markdown(text))  # noqa: S308 - nh3 has cleaned it
