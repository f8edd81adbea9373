"""django-allauth's emails go through the outbox: a row committed with the change, holding ids and no key,
sent after the commit by the worker, in the recipient's language, with links made when the message is built.

The first tests run the pages in this process (the outbox's task runs eagerly, into Django's test mailbox);
the last ones go through a real Celery worker, Redis, PostgreSQL and an SMTP server on loopback.
"""

import datetime
import re
import time
from pathlib import Path

import allauth
import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from council import emails, services
from council.outbox import registry as outbox_registry
from council.outbox.models import OutboxMessage, SendState
from tests.factories import PASSWORD, UserFactory, totp_code, with_totp
from tests.html import read_form, read_forms
from tests.meetings.reliability.conftest import delivery_queue, live_celery, smtp, workers  # noqa: F401 - fixtures
from tests.meetings.reliability.harness import wait_until

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
LOGIN = "/accounts/login/"
NEW_PASSWORD = "a-new-Passw0rd-long"
RESET_KIND = "allauth.account.password_reset_key"
UNKNOWN_KIND = "allauth.account.unknown_account"
CONFIRMATION_KIND = "allauth.account.email_confirmation"


def ask_for_reset(client, email: str, *, token: str | None = None):
    """Submit the password-reset page as a browser does (with the token of the page it loaded)."""
    token = token or read_form(client.get(RESET), action=RESET).data["csrfmiddlewaretoken"]
    response = client.post(RESET, {"email": email, "csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.content
    return token


def link_in(body: str, path: str) -> str:
    """The path of the portal's link to `path` in a mail body."""
    return re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", body).group(1)


def reset_key_of(link: str) -> str:
    """The secret of a reset link /accounts/password/reset/key/<uid>-<token>/: its token."""
    return link.rstrip("/").rsplit("/", 1)[-1].split("-", 1)[1]


def tables_holding(secret: str) -> list[str]:
    """Every table of the database with a value that contains `secret`."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - our own table names
            if any(secret in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    return found


def choose_password(client, link: str):
    """Follow a reset link and choose a new password on the page it leads to."""
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    target = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    data = read_form(form_page, action=target).data  # with the page's CSRF token
    data.update(password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    return client.post(target, data)


@pytest.fixture
def browser():
    """A client that checks CSRF tokens, as the site does for a browser."""
    return Client(enforce_csrf_checks=True)


# In this process ---------------------------------------------------------------------------------------


def test_a_reset_link_is_made_when_the_message_is_built_and_works_days_later(
    browser, django_capture_on_commit_callbacks
):
    person = UserFactory(email="aziza@example.org", preferred_language="uz")
    with django_capture_on_commit_callbacks() as after_commit:
        ask_for_reset(browser, "Aziza@example.org")
    (row,) = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.email, row.language) == (RESET_KIND, person, "aziza@example.org", "uz")
    assert row.context == {} and row.send_state == SendState.QUEUED
    assert mail.outbox == []

    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        # Meanwhile the person signed in, which ends every reset key made before (Django's key covers it).
        assert Client().post(LOGIN, {"login": person.email, "password": PASSWORD}).status_code == 302
        for callback in after_commit:
            callback()  # the worker picks the row up now
        (message,) = mail.outbox
        assert message.to == ["aziza@example.org"]
        assert message.extra_headers["Content-Language"] == "uz"
        assert "Parolni Tiklash" in message.subject  # allauth's own text, in Uzbek
        assert message.subject.startswith("[MEK] ")  # and the portal's prefix too
        link = link_in(message.body, "/accounts/password/reset/key/")
        assert tables_holding(reset_key_of(link)) == []
        assert choose_password(browser, link).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    row.refresh_from_db()
    assert row.send_state == SendState.SENT and row.message_id == message.extra_headers["Message-ID"]


def test_a_double_submit_sends_one_reset_and_a_second_request_later_another(
    browser, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        token = ask_for_reset(browser, member.email)
        ask_for_reset(browser, member.email, token=token)  # the same form, posted twice
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_reset(browser, member.email)  # the page loaded again
    assert OutboxMessage.objects.filter(kind=RESET_KIND, recipient=member).count() == 2
    assert [m.to for m in mail.outbox] == [[member.email], [member.email]]


def test_a_reset_for_an_address_the_account_no_longer_has_is_not_sent(
    browser, member, django_capture_on_commit_callbacks
):
    old = member.email
    with django_capture_on_commit_callbacks() as after_commit:
        ask_for_reset(browser, old)
    member.email = "moved@example.org"
    services.user_update(user=member, fields=["email"])
    with translation.override("en"):
        for callback in after_commit:
            callback()
    assert mail.outbox == []
    row = OutboxMessage.objects.get(kind=RESET_KIND)
    assert row.send_state == SendState.FAILED and "address" in row.last_error


def test_an_address_with_no_account_is_answered_in_the_language_of_the_page(
    browser, settings, django_capture_on_commit_callbacks
):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_reset(browser, "nobody@example.org")
    (row,) = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.email, row.language) == (UNKNOWN_KIND, None, "nobody@example.org", "en")
    (message,) = mail.outbox
    assert message.to == ["nobody@example.org"] and message.subject.endswith("Unknown Account")


def test_a_confirmation_link_is_signed_when_built_and_confirms_the_address(browser, django_capture_on_commit_callbacks):
    person = UserFactory(email="new.member@example.org", verified=False, preferred_language="ru")
    address = EmailAddress.objects.get(user=person)
    data = read_form(browser.get(LOGIN), action=LOGIN).data  # with the page's CSRF token
    data.update(login=person.email, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(LOGIN, data)
    assert response.status_code == 302 and SESSION_KEY not in browser.session
    (row,) = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.language, row.context) == (
        CONFIRMATION_KIND,
        person,
        "ru",
        {"address": address.pk},
    )
    (message,) = mail.outbox
    assert "подтвердите" in message.subject
    link = link_in(message.body, "/accounts/confirm-email/")
    key = link.rstrip("/").rsplit("/", 1)[-1]
    assert tables_holding(key) == []

    confirm_page = browser.get(link)
    assert confirm_page.status_code == 200
    # The page signs the key again as it renders: within the same second it is the link itself, a second later the
    # same key under a newer signature. Either confirms.
    (form,) = [f for f in read_forms(confirm_page) if f.action.startswith("/accounts/confirm-email/")]
    assert form.action.rstrip("/").rsplit("/", 1)[-1].split(":")[0] == key.split(":")[0]
    assert browser.post(form.action, form.data).status_code == 302
    address.refresh_from_db()
    assert address.verified


def test_a_password_change_notice_keeps_only_small_values_and_is_in_the_persons_language(
    client, settings, django_capture_on_commit_callbacks
):
    person = UserFactory(preferred_language="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"  # the page in Russian; the notice in English
    client.force_login(person)
    with (
        time_machine.travel(datetime.datetime(2025, 3, 1, 12, 30, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            REMOTE_ADDR="203.0.113.7",
            HTTP_USER_AGENT="Test browser",
        )
    assert response.status_code == 302
    (row,) = OutboxMessage.objects.all()
    assert (row.kind, row.recipient, row.language) == ("allauth.account.password_changed", person, "en")
    assert row.context == {"timestamp": "2025-03-01T12:30:00+00:00", "ip": "203.0.113.7", "user_agent": "Test browser"}
    (message,) = mail.outbox
    assert message.to == [person.email] and message.subject.endswith("Password Changed")
    assert "IP address: 203.0.113.7" in message.body and "Date: 1 March 2025, 12:30 (UTC)" in message.body


def test_removing_an_authenticator_app_sends_a_notice_through_the_outbox(
    client, member, django_capture_on_commit_callbacks
):
    with time_machine.travel(1_780_000_005, tick=False):
        with_totp(member)
        client.post(LOGIN, {"login": member.email, "password": PASSWORD})
        client.post("/accounts/2fa/authenticate/", {"code": totp_code(member.totp_secret)})
        assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    (row,) = OutboxMessage.objects.filter(kind="allauth.mfa.totp_deactivated")
    assert row.recipient == member and row.send_state == SendState.SENT
    (message,) = mail.outbox
    assert message.to == [member.email] and "отключено" in message.subject


def test_an_email_carrying_a_one_time_code_or_unknown_to_the_outbox_is_refused(member):
    with pytest.raises(ImproperlyConfigured, match="one-time code"):
        services.account_email_queue(
            template="account/email/login_code", email=member.email, context={"user": member, "code": "ABC123"}
        )
    with pytest.raises(ImproperlyConfigured, match="ACCOUNT_EMAILS"):
        services.account_email_queue(template="account/email/something_new", email=member.email, context={})
    assert not OutboxMessage.objects.exists()


def test_every_email_allauth_can_send_is_known_to_the_outbox():
    """A new email in an allauth upgrade fails here first, not in front of a person (ImproperlyConfigured)."""
    templates = Path(allauth.__file__).parent / "templates"
    sendable = {
        path.relative_to(templates).as_posix().removesuffix("_subject.txt")
        for path in templates.glob("*/email/*_subject.txt")
        if django_apps.is_installed(f"allauth.{path.relative_to(templates).parts[0]}")
    }
    # A one-time code lives in the session; council.checks refuses the settings that would send one.
    by_code = {"account/email/login_code", "account/email/password_reset_code"}
    assert sendable - by_code == set(emails.ACCOUNT_EMAILS)
    assert set(emails.ACCOUNT_EMAIL_KINDS) <= set(outbox_registry._kinds)


def test_settings_that_would_put_a_code_or_key_in_an_email_fail_the_checks(settings):
    assert not [m for m in run_checks() if m.id == "council.E003"]
    settings.ACCOUNT_LOGIN_BY_CODE_ENABLED = True
    settings.ACCOUNT_EMAIL_CONFIRMATION_HMAC = False
    (error,) = [m for m in run_checks() if m.id == "council.E003"]
    assert "ACCOUNT_LOGIN_BY_CODE_ENABLED" in error.msg and "ACCOUNT_EMAIL_CONFIRMATION_HMAC" in error.msg


# Through a real worker and SMTP server ----------------------------------------------------------------


def through_real_services(test):
    """Marks of a test that runs against PostgreSQL, Redis, a worker process and the SMTP server."""
    for mark in (
        pytest.mark.usefixtures("live_celery"),
        pytest.mark.slow,
        pytest.mark.postgres,
        pytest.mark.redis,
        pytest.mark.django_db(transaction=True),
    ):
        test = mark(test)
    return test


def received_by(server, count: int, worker):
    wait_until(lambda: server.count >= count, timeout=60, what=lambda: f"{count} mails; log:\n{worker.log_tail()}")
    time.sleep(0.5)  # and no more
    assert server.count == count, [r.recipients for r in server.received]
    return [r.parsed() for r in server.received]


@through_real_services
def test_a_reset_requested_on_the_page_arrives_by_smtp_with_a_working_link(browser, smtp, workers):  # noqa: F811
    person = UserFactory(email="ivan@example.org", preferred_language="ru")
    worker = workers.start()
    browser.cookies["django_language"] = "en"  # the page in English; the mail in the person's language

    token = ask_for_reset(browser, person.email)
    ask_for_reset(browser, person.email, token=token)  # a double submit
    (message,) = received_by(smtp, 1, worker)
    assert message["To"] == "ivan@example.org" and message["Content-Language"] == "ru"
    assert "Письмо для сброса пароля" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    link = link_in(body, "/accounts/password/reset/key/")
    (row,) = OutboxMessage.objects.all()
    assert row.send_state == SendState.SENT and row.message_id == message["Message-ID"] and row.context == {}
    assert tables_holding(reset_key_of(link)) == []

    ask_for_reset(browser, person.email)  # later, from the page loaded again: a second mail
    second = received_by(smtp, 2, worker)[1]
    second_link = link_in(second.get_body(("plain",)).get_content(), "/accounts/password/reset/key/")
    assert choose_password(browser, second_link).status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert Client().post(LOGIN, {"login": person.email, "password": NEW_PASSWORD}).status_code == 302


@through_real_services
def test_an_unknown_address_is_answered_by_smtp_in_the_page_language(browser, smtp, workers):  # noqa: F811
    worker = workers.start()
    browser.cookies["django_language"] = "uz"
    ask_for_reset(browser, "stranger@example.org")
    (message,) = received_by(smtp, 1, worker)
    assert message["To"] == "stranger@example.org" and message["Content-Language"] == "uz"
    assert "Nomaʼlum Akkaunt" in message["Subject"]  # the tutuq belgisi ʼ (U+02BC)
    (row,) = OutboxMessage.objects.all()
    assert row.recipient is None and row.kind == UNKNOWN_KIND and row.send_state == SendState.SENT


def test_the_set_password_link_comes_with_a_subject_in_the_persons_language(staff, django_capture_on_commit_callbacks):
    person = UserFactory(email="dilnoza@example.org", preferred_language="uz")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_send_set_password_link(user=person, by=staff)
    (message,) = mail.outbox
    with translation.override("uz"):
        expected = "[MEK] " + translation.gettext("Choose your password for the council portal")
    assert message.subject == expected
    assert message.extra_headers["Content-Language"] == "uz"
