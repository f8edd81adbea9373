"""Content kept per language (modeltranslation) as a reader sees it: in their language, or the original marked.

Content missing in the reader's language falls back to the authoritative text, shown with a visible "shown in the
original language" note and `lang` set on its element; it is never passed off as a translation (DESIGN.md,
"Quality bar"; issue 11). Pages, e-mails, feeds and reports all take a text's language from here.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class Localized:
    """A text and the language it is really in; `is_original` when that is not the language asked for."""

    text: str
    language: str
    requested: str

    @property
    def is_original(self) -> bool:
        return bool(self.text) and self.language != self.requested

    @property
    def language_name(self) -> str:
        """The text's language named in the reader's language ("Russian", "русский", "rus tili")."""
        return str(dict(settings.LANGUAGES).get(self.language, self.language))

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def content_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def fallback_order(language: str, authoritative: str | None = None) -> list[str]:
    """Where to look for a text: the reader's language, the authoritative one, then the configured fallbacks."""
    order = [language]
    if authoritative:
        order.append(authoritative)
    order += list(settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get(language, ()))
    order += list(settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ()))
    order += content_languages()
    return list(dict.fromkeys(order))


def authoritative_language_of(obj) -> str | None:
    """The language an object's text is authoritative in, when it says so (a recommendation, a version)."""
    for owner in (obj, getattr(obj, "recommendation", None)):
        language = getattr(owner, "authoritative_language", None)
        if language:
            return language
    return None


def text_in(obj, field: str, language: str | None = None, *, authoritative: str | None = None) -> Localized:
    """A translated field in `language` (the active one by default), else the original, with its language."""
    requested = language or translation.get_language() or settings.LANGUAGE_CODE
    requested = requested.split("-")[0]
    authoritative = authoritative or authoritative_language_of(obj)
    for candidate in fallback_order(requested, authoritative):
        text = getattr(obj, f"{field}_{candidate}", None)
        if text:
            return Localized(text=text, language=candidate, requested=requested)
    return Localized(text="", language=requested, requested=requested)


def languages_with(obj, field: str) -> list[str]:
    """The languages a text exists in, in the portal's order (what a text's language switcher may offer)."""
    return [code for code in content_languages() if getattr(obj, f"{field}_{code}", None)]
