"""Error pages are the portal's own: branded, in the reader's language, and the 500 page needs nothing that failed."""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from django.views import defaults

from tests.factories import UserFactory

LANGUAGES = ("ru", "en", "uz")


def _in(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_is_a_branded_404_in_the_readers_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(UserFactory())
    response = client.get("/meetings/999999/")
    assert response.status_code == 404
    page = _page(response)
    assert f'<html lang="{language}">' in page
    assert _in(language, "Page not found") in page
    assert _in(language, "Regional Expert Council on the Rehabilitation and Reintegration of Returnees") in page
    assert 'href="/"' in page  # the way back to the front page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_address_is_the_same_page_for_people_signed_out(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = _page(response)
    assert f'<html lang="{language}">' in page and _in(language, "Page not found") in page
    assert "/accounts/login/?next=/no-such-page/" in page


@pytest.mark.django_db
def test_the_404_page_names_the_secretariats_address_when_one_is_set(client, settings):
    settings.SECRETARIAT_EMAIL = "secretariat@rec.example.org"
    client.force_login(UserFactory())
    assert 'href="mailto:secretariat@rec.example.org"' in _page(client.get("/no-such-page/"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_action_is_a_branded_403_in_the_readers_language(client, language):
    # A member who is not staff asking for the admin's sign-in is refused there.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(UserFactory())
    response = client.get("/admin/login/")
    assert response.status_code == 403
    page = _page(response)
    assert f'<html lang="{language}">' in page and _in(language, "Access refused") in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_sent_without_its_token_is_a_branded_page_that_says_nothing_changed(language):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 403
    page = _page(response)
    assert f'<html lang="{language}">' in page and _in(language, "The form has expired") in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_renders_without_a_request_or_the_database(language):
    # No django_db mark: any query here would fail the test. Django renders it with no request context.
    request = RequestFactory().get("/meetings/")
    with translation.override(language):
        response = defaults.server_error(request)
    page = _page(response)
    assert response.status_code == 500
    assert f'<html lang="{language}">' in page
    assert _in(language, "Something went wrong on our side") in page
    assert "<link" not in page  # no static file that may be what failed


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_400_page_renders_without_a_request_in_the_readers_language(language):
    with translation.override(language):
        response = defaults.bad_request(RequestFactory().get("/"), Exception("bad"))
    page = _page(response)
    assert response.status_code == 400
    assert f'<html lang="{language}">' in page
    assert _in(language, "The request could not be understood") in page


@pytest.mark.django_db
def test_a_view_that_fails_answers_the_500_page_through_the_whole_stack(client, monkeypatch):
    # The meetings list's selector breaks: the person gets the portal's page, not a stack trace.
    from meetings import selectors

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(selectors, "meetings_upcoming_for", broken)
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uz"
    response = client.get("/meetings/")
    assert response.status_code == 500
    assert '<html lang="uz">' in _page(response)
    assert _in("uz", "Something went wrong on our side") in _page(response)
