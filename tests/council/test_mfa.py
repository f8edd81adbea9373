"""Second factors (issue 7, items 2 and 3): required for staff, secrets encrypted, never shown, never lost."""

import json

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.contrib.staticfiles import finders
from django.core.checks import run_checks
from django.core.management import call_command
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse

from council import mfa
from council.models import AuditRecord
from council.secretariat import secretariat_group
from tests.factories import PASSWORD, MembershipFactory, UserFactory, totp_code, with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # the tests read English messages

SETUP = "/accounts/2fa/"
NOW = 1_780_000_005  # a fixed moment, 5 s into a 30 s TOTP period


@pytest.fixture
def staff_without_mfa(db):
    user = UserFactory(is_staff=True, second_factor=False)
    user.groups.add(secretariat_group())
    return user


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _sign_in(client, user, *, password=PASSWORD, next_url=""):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": password})


def _enter_code(client, code):
    return client.post("/accounts/2fa/authenticate/", {"code": code})


def _reauthenticate(client, password=PASSWORD):
    """allauth asks for the password again (a fresh sign-in is not enough) before second factors change."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content
    return response


def _security_key(user, name="Key"):
    """A registered WebAuthn key (its public credential is not needed to list or remove it)."""
    return Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": name})


def _admin_urls():
    """Every URL of the admin, with sample values for its parameters."""
    from django.contrib import admin

    samples = {"object_id": "1", "app_label": "council", "content_type_id": "1", "id": "1", "pk": "1"}
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append(pattern)

    walk(admin.site.get_urls(), "")
    urls = []
    for pattern in found:
        names = list(pattern.pattern.regex.groupindex)
        try:
            urls.append(reverse(f"admin:{pattern.name}", kwargs={n: samples.get(n, "1") for n in names}))
        except NoReverseMatch:
            continue
    return urls


# Item 3: a second factor is required -------------------------------------------------------------------


def test_staff_without_a_second_factor_reach_no_admin_url(client, staff_without_mfa):
    client.force_login(staff_without_mfa)
    urls = _admin_urls()
    assert len(urls) > 40 and "/admin/" in urls and "/admin/mfa/authenticator/" in urls
    for url in urls:
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, SETUP), url
    posted = client.post("/admin/council/user/", {"action": "delete_selected", "_selected_action": [1]})
    assert (posted.status_code, posted["Location"]) == (302, SETUP)


def test_a_superuser_without_a_second_factor_reaches_no_admin_page(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, second_factor=False))
    for url in ("/admin/", "/admin/council/user/", "/admin/mfa/authenticator/", "/home/"):
        assert client.get(url)["Location"] == SETUP


def test_account_pages_static_files_and_sign_out_stay_open_without_a_second_factor(client, staff_without_mfa):
    client.force_login(staff_without_mfa)
    sent = client.get("/home/", follow=True)
    assert sent.redirect_chain == [(SETUP, 302)] and sent.status_code == 200
    assert any("second factor" in str(m) for m in sent.context["messages"])
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/webauthn/", "/accounts/logout/"):
        assert client.get(url).status_code == 200, url
    assert finders.find("mfa/js/webauthn.js")
    assert client.get("/static/mfa/js/webauthn.js").status_code == 200
    assert client.post("/language/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert SESSION_KEY not in client.session


def test_staff_set_up_an_authenticator_app_and_then_reach_the_admin(client, staff_without_mfa, frozen):
    assert _sign_in(client, staff_without_mfa, next_url="/admin/")["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == SETUP
    _reauthenticate(client)
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert client.post("/accounts/2fa/totp/activate/", {"code": "000000"}).status_code == 200  # wrong code
    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302
    # Recovery codes come with it, and the admin now answers.
    assert set(Authenticator.objects.filter(user=staff_without_mfa).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }
    assert client.get("/accounts/2fa/recovery-codes/").status_code == 200
    assert client.get("/admin/").status_code == 200
    # The secret is stored encrypted, never in clear.
    stored = Authenticator.objects.get(user=staff_without_mfa, type="totp").data
    assert secret not in json.dumps(stored)
    assert mfa.secret_decrypt(stored["secret"]) == secret


def test_the_admin_signs_in_through_allauth_with_password_then_code(client, staff, frozen):
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    login = client.get("/admin/login/?next=/admin/")
    assert login["Location"].startswith("/accounts/login/")
    response = client.post(login["Location"], {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session  # the password alone opens nothing
    assert client.get("/admin/").status_code == 302
    assert _enter_code(client, totp_code(staff.totp_secret))["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.get(user=staff, type="totp").last_used_at is not None


def test_a_wrong_code_is_refused(client, staff, frozen):
    _sign_in(client, staff)
    wrong = str((int(totp_code(staff.totp_secret)) + 1) % 1_000_000).zfill(6)
    response = _enter_code(client, wrong)
    assert response.status_code == 200 and response.context["form"].errors
    assert SESSION_KEY not in client.session


def test_a_code_already_used_is_refused(client, staff, frozen):
    code = totp_code(staff.totp_secret)
    _sign_in(client, staff)
    assert _enter_code(client, code).status_code == 302
    client.post("/accounts/logout/")
    _sign_in(client, staff)
    replay = _enter_code(client, code)  # the same 30-second period: the code is still "current"
    assert replay.status_code == 200 and replay.context["form"].errors
    assert SESSION_KEY not in client.session
    frozen.shift(30)
    assert _enter_code(client, totp_code(staff.totp_secret)).status_code == 302


def test_staff_cannot_remove_their_last_authenticator_app(client, staff, frozen):
    _sign_in(client, staff)
    _enter_code(client, totp_code(staff.totp_secret))
    _reauthenticate(client)
    response = client.post("/accounts/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert "must keep a second factor" in str(response.context["form"].errors)
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    # With a security key as well, the app may go.
    _security_key(staff)
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=staff, type="totp").exists()


def test_staff_cannot_remove_their_last_security_key(client, frozen):
    user = UserFactory(is_staff=True, second_factor=False)
    key = _security_key(user)
    client.force_login(user)
    response = client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/webauthn/"
    assert Authenticator.objects.filter(pk=key.pk).exists()
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("must keep a second factor" in m for m in messages)


def test_a_member_may_remove_their_own_authenticator_app(client, member, frozen):
    with_totp(member)
    _sign_in(client, member)
    _enter_code(client, totp_code(member.totp_secret))
    _reauthenticate(client)
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()


def test_trust_this_browser_is_not_offered(client, staff, settings, frozen):
    assert settings.MFA_TRUST_ENABLED is False
    with pytest.raises(NoReverseMatch):
        reverse("mfa_trust")
    _sign_in(client, staff)
    page = client.get("/accounts/2fa/authenticate/")
    assert "trust" not in page.content.decode().lower()


def test_security_keys_are_offered_with_user_verification_required(client, member, settings):
    assert settings.MFA_WEBAUTHN_USER_VERIFICATION == "required"
    assert "webauthn" in settings.MFA_SUPPORTED_TYPES and "recovery_codes" in settings.MFA_SUPPORTED_TYPES
    client.force_login(member)
    assert client.get("/accounts/2fa/webauthn/").status_code == 200  # was a 500 (humanize not installed)
    _security_key(member, name="My key")
    listing = client.get("/accounts/2fa/webauthn/")
    assert listing.status_code == 200 and "My key" in listing.content.decode()


def test_security_key_registration_asks_for_user_verification(client, member, frozen):
    _sign_in(client, member)
    _reauthenticate(client)
    page = client.get("/accounts/2fa/webauthn/add/")
    assert page.status_code == 200
    options = page.context["js_data"]["creation_options"]["publicKey"]
    assert options["authenticatorSelection"]["userVerification"] == "required"


@pytest.mark.parametrize("roles, must", [([], False), (["chair", "co_chair"], True)])
def test_membership_roles_listed_in_the_setting_must_use_a_second_factor(client, settings, group_a, roles, must):
    settings.MFA_REQUIRED_ROLES = roles
    chair = MembershipFactory(body=group_a, role="chair").person
    plain = MembershipFactory(body=group_a, role="member").person
    client.force_login(chair)
    response = client.get("/home/")
    assert (response.status_code == 302 and response["Location"] == SETUP) is must
    client.force_login(plain)
    assert client.get("/home/").status_code == 200
    with_totp(chair)
    client.force_login(chair)
    assert client.get("/home/").status_code == 200


# Item 2: nobody reads second-factor secrets ------------------------------------------------------------


def test_the_secretariat_group_holds_no_second_factor_permission(staff):
    group = Group.objects.get(name="Secretariat")
    assert not group.permissions.filter(content_type__app_label="mfa").exists()
    # A group that had them (seeded before this fix) loses them on the next seed.
    group.permissions.add(*Permission.objects.filter(content_type__app_label="mfa"))
    secretariat_group()
    assert not group.permissions.filter(content_type__app_label="mfa").exists()
    assert group.permissions.filter(content_type__app_label="meetings").exists()


def test_the_migration_takes_the_second_factor_permissions_from_the_group(staff):
    from importlib import import_module

    from django.apps import apps

    group = Group.objects.get(name="Secretariat")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="mfa"))
    migration = import_module("council.migrations.0006_secretariat_without_mfa_permissions")
    migration.remove_mfa_permissions(apps, None)
    assert not group.permissions.filter(content_type__app_label="mfa").exists()


def test_secretariat_staff_see_no_authenticators_even_with_the_permissions(client, staff, superuser):
    group = Group.objects.get(name="Secretariat")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="mfa"))
    target = Authenticator.objects.get(user=superuser, type="totp")
    client.force_login(staff)
    assert client.get("/admin/mfa/authenticator/").status_code == 403
    assert client.get(f"/admin/mfa/authenticator/{target.pk}/change/").status_code == 403
    assert client.post(f"/admin/mfa/authenticator/{target.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/mfa/authenticator/add/", {"user": staff.pk, "type": "totp"}).status_code == 403
    assert "/admin/mfa/" not in client.get("/admin/").content.decode()
    assert Authenticator.objects.filter(pk=target.pk).exists()


def test_a_superuser_sees_who_has_which_authenticator_but_no_secret(client, superuser, staff):
    target = Authenticator.objects.get(user=staff, type="totp")
    client.force_login(superuser)
    listing = client.get("/admin/mfa/authenticator/")
    assert listing.status_code == 200
    page = client.get(f"/admin/mfa/authenticator/{target.pk}/change/")
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    for content in (listing.content.decode(), page.content.decode()):
        assert staff.email in content or str(staff) in content
        assert staff.totp_secret not in content and target.data["secret"] not in content
        assert '"secret"' not in content
    assert client.get("/admin/mfa/authenticator/add/").status_code == 403
    client.post(f"/admin/mfa/authenticator/{target.pk}/change/", {"type": "webauthn", "data": "{}"})
    target.refresh_from_db()
    assert target.type == "totp"


def test_a_superuser_removes_an_authenticator_and_the_owner_must_set_up_a_new_one(client, superuser, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(staff)
    target = Authenticator.objects.get(user=staff, type="totp")
    client.force_login(superuser)
    response = client.post(f"/admin/mfa/authenticator/{target.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=staff).exists()  # the recovery codes went with it
    record = AuditRecord.objects.get(action="authenticator.remove")
    assert record.actor == superuser and record.target_id == str(staff.pk)
    client.force_login(staff)
    assert client.get("/admin/")["Location"] == SETUP


def test_authenticator_secrets_are_encrypted_at_rest_and_sign_in_still_works(client, member, frozen):
    with_totp(member)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(member)
    stored = {a.type: a.data for a in Authenticator.objects.filter(user=member)}
    assert stored["totp"]["secret"] != member.totp_secret
    assert member.totp_secret not in json.dumps(stored)
    assert mfa.secret_decrypt(stored["totp"]["secret"]) == member.totp_secret
    assert len(stored["recovery_codes"]["seed"]) > 80 and mfa.is_encrypted(stored["recovery_codes"]["seed"])
    # Both still work to sign in.
    _sign_in(client, member)
    assert _enter_code(client, totp_code(member.totp_secret)).status_code == 302
    client.post("/accounts/logout/")
    _sign_in(client, member)
    assert _enter_code(client, codes.get_unused_codes()[0]).status_code == 302


def test_a_new_encryption_key_still_reads_the_old_secrets_and_reencrypts_them(client, member, settings, frozen):
    from cryptography.fernet import Fernet

    with_totp(member)
    settings.MFA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    call_command("mfa_reencrypt", stdout=open("/dev/null", "w"))  # noqa: SIM115
    token = Authenticator.objects.get(user=member, type="totp").data["secret"]
    assert Fernet(settings.MFA_ENCRYPTION_KEYS[0]).decrypt(token.encode()).decode() == member.totp_secret
    _sign_in(client, member)
    assert _enter_code(client, totp_code(member.totp_secret)).status_code == 302


def test_secrets_stored_in_clear_before_the_fix_are_encrypted_by_the_migration(member):
    from importlib import import_module

    from django.apps import apps

    Authenticator.objects.create(user=member, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    migration = import_module("council.migrations.0007_encrypt_authenticator_secrets")
    migration.encrypt_secrets(apps, None)
    stored = Authenticator.objects.get(user=member).data["secret"]
    assert stored != "JBSWY3DPEHPK3PXP" and mfa.secret_decrypt(stored) == "JBSWY3DPEHPK3PXP"
    migration.encrypt_secrets(apps, None)  # twice is harmless
    assert mfa.secret_decrypt(Authenticator.objects.get(user=member).data["secret"]) == "JBSWY3DPEHPK3PXP"


def test_a_malformed_encryption_key_fails_the_checks(settings):
    settings.MFA_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    assert "council.E001" in [message.id for message in run_checks()]
    settings.MFA_ENCRYPTION_KEYS = []
    assert "council.E001" not in [message.id for message in run_checks()]
