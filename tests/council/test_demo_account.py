"""The demo secretariat account never works in production (issue 7, item 6)."""

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import OperationalError, connection
from django.urls import reverse

from council import services
from council.secretariat import secretariat_group
from tests.factories import PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_account(settings):
    """The account as `make run` seeds it (DEBUG on), left in a database now run with DEBUG off."""
    user = UserFactory(email=settings.DEMO_ACCOUNT_EMAIL, is_staff=True)
    user.groups.add(secretariat_group())
    return user


def _deploy_messages():
    return {message.id: message for message in run_checks(include_deployment_checks=True)}


def test_the_deploy_check_fails_while_the_demo_account_can_sign_in(demo_account):
    assert _deploy_messages()["council.E002"].is_serious()
    with pytest.raises(SystemCheckError, match="demo account secretariat@demo"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_the_deploy_check_fails_while_the_demo_member_can_sign_in_and_the_portal_refuses_it(client, settings):
    member = UserFactory(email=settings.DEMO_MEMBER_EMAIL)
    member.set_password("demo-member-password")
    member.save()
    with pytest.raises(SystemCheckError, match=r"demo account demo\.member@demo"):
        call_command("check", "--deploy", "--fail-level", "ERROR")
    settings.DEBUG = False
    response = client.post(
        reverse("account_login"), {"login": settings.DEMO_MEMBER_EMAIL, "password": "demo-member-password"}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_deploy_check_passes_once_the_demo_account_is_deactivated_or_has_no_password(demo_account):
    services.user_deactivate(user=demo_account)
    assert "council.E002" not in _deploy_messages()
    demo_account.is_active = True
    demo_account.set_unusable_password()
    demo_account.save()
    assert "council.E002" not in _deploy_messages()
    demo_account.delete()
    assert "council.E002" not in _deploy_messages()


def test_the_demo_check_runs_only_with_deploy_checks(demo_account):
    assert "council.E002" not in {message.id for message in run_checks()}


def test_the_deploy_check_accepts_a_database_not_migrated_yet(demo_account, monkeypatch):
    monkeypatch.setattr(connection.introspection, "table_names", lambda *args, **kwargs: [])
    assert "council.E002" not in _deploy_messages()


def test_the_deploy_check_says_so_when_the_database_does_not_answer(demo_account, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection.introspection, "table_names", unreachable)
    messages = _deploy_messages()
    assert "council.E002" not in messages
    assert not messages["council.I002"].is_serious()


def test_the_demo_account_is_refused_at_sign_in_when_debug_is_off(client, demo_account, settings):
    assert settings.DEBUG is False
    response = client.post("/accounts/login/", {"login": demo_account.email, "password": PASSWORD})
    assert response.status_code == 200 and response.context["form"].errors
    assert SESSION_KEY not in client.session
    # Nor through the admin's sign-in.
    login = client.get("/admin/login/?next=/admin/")
    client.post(login["Location"], {"login": demo_account.email, "password": PASSWORD})
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_an_open_session_of_the_demo_account_ends_when_debug_is_off(client, demo_account):
    client.force_login(demo_account)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert SESSION_KEY not in client.session


@time_machine.travel(1_780_000_005, tick=False)  # 5 s into a TOTP period: the code cannot expire mid-test
def test_the_demo_account_signs_in_while_debug_is_on(client, demo_account, settings):
    settings.DEBUG = True
    client.post("/accounts/login/", {"login": demo_account.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(demo_account.totp_secret)})
    assert SESSION_KEY in client.session
    assert client.get("/admin/").status_code == 200


@time_machine.travel(1_780_000_005, tick=False)
def test_another_staff_account_is_not_affected(client):
    person = UserFactory(is_staff=True, email="secretariat@rec.example.org")
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(person.totp_secret)})
    assert SESSION_KEY in client.session
