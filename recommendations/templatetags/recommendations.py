from django import template
from django.utils.safestring import mark_safe

from recommendations.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    """Render Markdown to cleaned HTML (nh3 removes scripts, handlers and unsafe links)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has cleaned it
