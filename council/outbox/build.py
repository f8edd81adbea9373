"""Helpers to build a message: headers on one line, a deterministic Message-ID, templates in a language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext


def header_text(value: str) -> str:
    """A header value on one line: line breaks and other control characters become single spaces.

    A title may hold a newline (pasted text); in a header it would either be refused (BadHeaderError) or,
    worse, start a header of its own.
    """
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(value)).split())


def subject_prefix() -> str:
    """What every subject begins with: settings.EMAIL_SUBJECT_PREFIX_FIXED when set, else the council's short
    name in the active language (call it in the recipient's)."""
    fixed = settings.EMAIL_SUBJECT_PREFIX_FIXED
    return fixed if fixed else "[" + gettext("REC") + "] "


def message_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">").strip() or "rec-portal"


def render_email(
    *, template: str, context: dict, subject, to: str, language: str, message_id: str
) -> EmailMultiAlternatives:
    """`emails/<template>.txt` and `.html` rendered in `language`; `subject` may be lazy (it is read there too)."""
    with translation.override(language):
        message = EmailMultiAlternatives(
            subject=header_text(subject_prefix() + str(subject)),
            body=render_to_string(f"emails/{template}.txt", {**context, "language": language}),
            to=[to],
            headers={"Message-ID": header_text(message_id), "Content-Language": header_text(language)},
        )
        html = render_to_string(f"emails/{template}.html", {**context, "language": language})
        message.attach_alternative(html, "text/html")
    return message
