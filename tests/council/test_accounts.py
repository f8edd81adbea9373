"""Signing in and out, passwords, email verification and deactivated people, through the pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail

from council import services
from council.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_member_signs_in_with_email_and_password(client, member):
    response = _login(client, member.email)
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert client.get("/home/").context["user"] == member


def test_the_email_is_matched_without_regard_to_case(client, member):
    assert _login(client, member.email.upper()).status_code == 302
    assert SESSION_KEY in client.session


def test_a_wrong_password_is_refused_with_a_message(client, member):
    response = _login(client, member.email, "not-the-password")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert response.context["form"].errors


def test_an_unverified_address_gets_a_verification_email_instead_of_a_session(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(verified=False)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = _login(client, person.email)
    assert SESSION_KEY not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response["Location"] or "verify" in response["Location"]
    assert len(mail.outbox) == 1 and person.email in mail.outbox[0].to


def test_sign_out_needs_a_post_and_ends_the_session(client, member):
    client.force_login(member)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200 and SESSION_KEY in client.session  # a GET only asks
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_there_is_no_open_sign_up(client):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": "x-Very-long-42", "password2": "x-Very-long-42"}
    )
    assert not User.objects.filter(email="new@example.org").exists()
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]


def test_password_reset_mails_a_working_link(client, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        client.post("/accounts/password/reset/", {"email": member.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-new-Passw0rd-long", "password2": "a-new-Passw0rd-long"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-Passw0rd-long")


def test_password_reset_for_an_unknown_address_reveals_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    # allauth tells the unknown address (not the requester) that it has no account.
    assert [m.to for m in mail.outbox] == [["nobody@example.org"]]


def test_password_change_requires_the_old_password(client, member):
    client.force_login(member)
    bad = client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": "a-new-Passw0rd-long", "password2": "a-new-Passw0rd-long"},
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_a_deactivated_person_is_signed_out_on_their_next_request(client, member, staff):
    client.force_login(member)
    assert client.get("/home/").status_code == 200
    services.user_deactivate(user=member, by=staff)
    response = client.get("/home/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert SESSION_KEY not in client.session
    # Reactivating the account does not bring the old session back.
    User.objects.filter(pk=member.pk).update(is_active=True)
    assert client.get("/home/").status_code == 302


def test_a_deactivated_person_cannot_sign_in(client, member, staff):
    services.user_deactivate(user=member, by=staff)
    _login(client, member.email)
    assert SESSION_KEY not in client.session


def test_the_set_password_link_lets_a_new_member_choose_a_password_and_verifies_the_address(
    client, staff, django_capture_on_commit_callbacks
):
    person = services.user_create(
        email="New.Member@Example.org", full_name_latin="New Member", preferred_language="en", by=staff
    )
    assert person.email == "new.member@example.org"
    assert not person.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        services.user_send_set_password_link(user=person, by=staff)
    message = mail.outbox[0]
    assert message.to == ["new.member@example.org"]
    assert "Choose your password" in message.subject  # in the person's language (English)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", message.body).group(1)
    page = client.get(link, follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(target, {"password1": "my-own-Passw0rd-1", "password2": "my-own-Passw0rd-1"})
    person.refresh_from_db()
    assert person.check_password("my-own-Passw0rd-1")
    assert EmailAddress.objects.get(user=person).verified
    assert _login(client, person.email, "my-own-Passw0rd-1").status_code == 302
    assert SESSION_KEY in client.session
    # The link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert again.context["token_fail"] is True


def test_the_set_password_email_is_in_russian_for_a_russian_speaker(staff, django_capture_on_commit_callbacks):
    person = services.user_create(
        email="ru@example.org", full_name_latin="Ivan Ivanov", full_name_cyrillic="Иван Иванов"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.user_send_set_password_link(user=person, by=staff)
    assert "Иван Иванов" in mail.outbox[0].body
    assert "пароль" in mail.outbox[0].subject.lower()


def test_repeated_failed_sign_ins_are_rate_limited(client, member):
    for _ in range(5):
        _login(client, member.email, "wrong-password")
    response = _login(client, member.email)  # even the right password is refused for a while
    assert SESSION_KEY not in client.session
    assert response.status_code in (200, 429)
