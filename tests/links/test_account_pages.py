"""The account pages a person meets from an email: sign-in (no sign-up offered) and choosing a password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from council.emails import set_password_url
from tests.factories import UserFactory
from tests.html import read_form

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_the_sign_in_page_says_whom_to_ask_instead_of_offering_sign_up(client, settings):
    settings.SECRETARIAT_EMAIL = "secretariat@rec.example.org"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in page and "sign up" not in page.lower()
    assert "ask the secretariat" in page
    assert 'href="mailto:secretariat@rec.example.org"' in page


def test_without_an_address_set_the_sign_in_page_still_says_whom_to_ask(client, settings):
    settings.SECRETARIAT_EMAIL = ""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("account_login")).content.decode()
    assert "ask the secretariat" in page and "mailto:" not in page


def test_after_choosing_a_password_the_page_leads_to_sign_in(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    person = UserFactory(preferred_language="en")
    link = set_password_url(user=person).removeprefix(settings.SITE_URL)
    page = client.get(link, follow=True)
    form = read_form(page, action=page.request["PATH_INFO"])
    data = {**form.data, "password1": "a-new-Passw0rd-long", "password2": "a-new-Passw0rd-long"}
    done = client.post(page.request["PATH_INFO"], data, follow=True)
    assert done.status_code == 200
    html = done.content.decode()
    assert f'class="button" href="{reverse("account_login")}"' in html
    assert '<html lang="en">' in html  # the account's language, to the end of the flow
    person.refresh_from_db()
    assert person.check_password("a-new-Passw0rd-long")


def test_on_the_set_password_page_cancel_is_a_link_and_the_main_button_stands_out(client):
    person = UserFactory(preferred_language="en")
    page = client.get(set_password_url(user=person).removeprefix(settings.SITE_URL), follow=True).content.decode()
    main = page.index('class="button"')
    cancel = page.index('class="link-button"')
    assert main < cancel  # the main action first, then the quiet one


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT": "8104"}, "http://127.0.0.1:8104"),
        ({"PORT": "8104", "SITE_URL": "https://rec.example.org/"}, "https://rec.example.org"),
        ({}, "http://127.0.0.1:8000"),
    ],
)
def test_links_follow_the_port_of_make_run_unless_site_url_is_set(env, expected):
    base = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL")}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(("args", "expected"), [([], "8000"), (["PORT=8123"], "8123")])
def test_make_passes_its_port_on_to_the_commands_it_runs(args, expected):
    # What `make run`'s commands (migrate, seed, runserver) see in their environment.
    result = subprocess.run(
        ["make", "-s", "--eval", 'print-port: ; @echo "$$PORT"', "print-port", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PORT"},
    )
    assert result.stdout.strip() == expected
