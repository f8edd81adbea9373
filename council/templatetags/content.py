"""Template tags for content kept per language: `{% text obj "title" %}` and `{% localized obj "title" as t %}`.

{% load content %}
<h1>{% text meeting "title" %}</h1>                    → <span lang="ru">…</span> + the note if not translated
{% text item "description" block=True %}              → a <div lang> with line breaks kept
{% localized rec "title" as t %}<h1 lang="{{ t.language }}">{{ t }}</h1>{% original_note t %}
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from council.content import Localized, languages_with, text_in

register = template.Library()


@register.simple_tag
def localized(obj, field: str, language: str | None = None) -> Localized:
    return text_in(obj, field, language)


@register.simple_tag
def original_note(value: Localized) -> SafeString:
    """The visible note that a text is shown in its original language (nothing when it is a translation)."""
    if not isinstance(value, Localized) or not value.is_original:
        return SafeString("")
    return format_html(
        ' <small class="original-language">{}</small>',
        _("shown in the original language (%(language)s)") % {"language": value.language_name},
    )


@register.simple_tag
def text(obj, field: str, block: bool = False, language: str | None = None) -> SafeString:
    """A translated field in the reader's language, else the original marked with its `lang` and a note."""
    value = text_in(obj, field, language)
    if not value:
        return SafeString("")
    if block:
        return format_html('<div lang="{}">{}</div>{}', value.language, linebreaksbr(value.text), original_note(value))
    return format_html('<span lang="{}">{}</span>{}', value.language, value.text, original_note(value))


@register.simple_tag
def text_languages(obj, field: str) -> list[str]:
    return languages_with(obj, field)
