"""Django's and allauth's own pages in Uzbek leave no English behind (locale_vendor/uz), with Uzbek apostrophes.

A page is read in English, Russian and Uzbek; a phrase of two or more Latin words that the English and the
Uzbek pages share, and that the Russian page does not (so it is interface, not a name or an address), is
English left untranslated.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.factories import PASSWORD

ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}")
# Attributes a person reads or hears.
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        submit = tag == "input" and ("type", "submit") in attrs
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (submit and name == "value")):
                self._add(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._add(data)

    def _add(self, text):
        text = " ".join(text.split())
        if text:
            self.chunks.add(text)


def _text(client, method, url, data, language) -> set[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code in (200, 400), f"{url} answered {response.status_code}"
    reader = _Text()
    reader.feed(response.content.decode())
    return reader.chunks


def _english_left(client, method, url, data=None, *, person=None) -> list[str]:
    en, ru, uz = (_text(client, method, url, data, language) for language in ("en", "ru", "uz"))
    names = {person.full_name_latin, person.email} if person else set()
    return sorted(chunk for chunk in (en & uz) - ru - names if ENGLISH_PHRASE.search(chunk))


SIGNED_OUT = [
    ("get", "/accounts/login/", None),
    ("post", "/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}),
    ("get", "/accounts/password/reset/", None),
    ("post", "/accounts/password/reset/", {"email": "not-an-address"}),
    ("get", "/accounts/password/reset/done/", None),
    ("get", "/accounts/password/reset/key/1-bogus-key/", None),
    ("get", "/accounts/confirm-email/bogus-key/", None),
    ("get", "/accounts/signup/", None),
]
SIGNED_IN = [
    ("get", "/accounts/password/change/", None),
    ("post", "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": "123", "password2": "1234"}),
    ("get", "/accounts/email/", None),
    ("get", "/accounts/2fa/", None),
    ("get", "/accounts/logout/", None),
    ("get", "/accounts/reauthenticate/", None),
]
ADMIN = [
    ("get", "/admin/", None),
    ("get", "/admin/council/user/", None),
    ("get", "/admin/meetings/meeting/", None),
    ("get", "/admin/meetings/meeting/add/", None),
    ("get", "/admin/password_change/", None),
]


@pytest.mark.parametrize(("method", "url", "data"), SIGNED_OUT)
def test_sign_in_and_password_pages_speak_uzbek(client, db, method, url, data):
    assert _english_left(client, method, url, data) == []


@pytest.mark.parametrize(("method", "url", "data"), SIGNED_IN)
def test_account_and_second_factor_pages_speak_uzbek(client, member, method, url, data):
    client.force_login(member)
    assert _english_left(client, method, url, data, person=member) == []


@pytest.mark.parametrize(("method", "url", "data"), ADMIN)
def test_the_admins_own_screens_speak_uzbek(client, staff, method, url, data):
    client.force_login(staff)
    assert _english_left(client, method, url, data, person=staff) == []


def test_the_uzbek_catalogue_of_the_libraries_writes_apostrophes_the_uzbek_way():
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale_vendor/uz/LC_MESSAGES/django.po"))
    wrong = [
        entry.msgid
        for entry in catalogue
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        if re.search(r"[oOgG]['‘’`ʼ]\w|\w['‘’`]\w", text)
    ]
    assert wrong == []
    assert not [entry.msgid for entry in catalogue if not entry.translated()]
