"""Template filters of the PDF reports."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value) -> str:
    """`value` as a quoted CSS string, for the running headers and footers set in a report's <style>.

    Every character but ASCII letters, digits and spaces is written as a CSS escape (`\\0000e9 `, the space
    ending it), so no text a person typed can end the string, the rule or the <style> element.
    """
    text = "" if value is None else str(value)
    escaped = "".join(ch if (ch.isascii() and (ch.isalnum() or ch == " ")) else f"\\{ord(ch):06x} " for ch in text)
    return mark_safe(f'"{escaped}"')  # noqa: S308 - only letters, digits, spaces and escapes remain
