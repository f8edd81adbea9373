"""Rights over accounts: superuser > secretariat staff > member; nobody takes over an account above their own."""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import translation

from council import services
from council.models import AuditRecord, User
from council.permissions import can_manage_account, can_manage_staff, manageable_accounts, rank
from tests.factories import PASSWORD, UserFactory
from tests.helpers import admin_action, speaking_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_staff(db):
    from council.secretariat import secretariat_group

    user = UserFactory(is_staff=True, full_name_latin="Other Staff")
    user.groups.add(secretariat_group())
    return user


@pytest.fixture(params=["superuser", "other_staff"])
def higher_or_equal(request):
    """An account a secretariat staff member must not manage: a superuser, or another staff member."""
    return request.getfixturevalue(request.param)


def _named(user, latin="Valid Name", cyrillic="Верное Имя"):
    """The factories' names carry digits, which the admin's form refuses; give the person a valid name."""
    User.objects.filter(pk=user.pk).update(full_name_latin=latin, full_name_cyrillic=cyrillic)
    user.refresh_from_db()
    return user


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _change_form(user, **changes):
    """What the admin's change form posts for this person, with some values changed."""
    data = {
        "email": user.email,
        "full_name_latin": user.full_name_latin,
        "full_name_cyrillic": user.full_name_cyrillic,
        "preferred_language": user.preferred_language,
        "country": user.country_id or "",
        "organisation": user.organisation_id or "",
        "position": user.position,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": [g.pk for g in user.groups.all()],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return {key: ("on" if value is True else value) for key, value in data.items() if value is not False}


# The rule itself


def test_rank_orders_superuser_above_staff_above_member(member, staff, superuser):
    assert rank(superuser) > rank(staff) > rank(member)
    member.is_active = staff.is_active = superuser.is_active = False
    assert rank(superuser) > rank(staff) > rank(member)  # rights stay with an inactive account


def test_who_may_manage_whom(member, staff, other_staff, superuser):
    other_superuser = UserFactory(is_staff=True, is_superuser=True)
    assert can_manage_account(staff, member)
    assert can_manage_account(staff, staff)
    assert not can_manage_account(staff, other_staff)
    assert not can_manage_account(staff, superuser)
    assert can_manage_account(superuser, other_staff)
    assert can_manage_account(superuser, other_superuser)
    assert not can_manage_account(member, UserFactory())
    assert can_manage_staff(superuser) and not can_manage_staff(staff) and not can_manage_staff(member)
    staff.is_active = False
    assert not can_manage_account(staff, member)


def test_the_queryset_form_of_the_rule_agrees_with_the_function(member, staff, other_staff, superuser):
    inactive_superuser = UserFactory(is_staff=True, is_superuser=True, is_active=False)
    people = [member, UserFactory(), staff, other_staff, superuser, inactive_superuser, UserFactory(is_active=False)]
    for actor, target in itertools.product(people, people):
        in_queryset = User.objects.filter(manageable_accounts(actor), pk=target.pk).exists()
        assert in_queryset == can_manage_account(actor, target), (actor, target)


# The admin: what a secretariat staff member cannot do to a superuser or another staff member


def test_staff_cannot_change_the_email_of_a_superuser_or_another_staff_member(client, staff, higher_or_equal):
    client.force_login(staff)
    url = reverse("admin:council_user_change", args=[higher_or_equal.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    response = client.post(url, _change_form(higher_or_equal, email="attacker@example.org"))
    assert response.status_code == 403
    higher_or_equal.refresh_from_db()
    assert higher_or_equal.email != "attacker@example.org"
    assert not EmailAddress.objects.filter(email="attacker@example.org").exists()


def test_staff_cannot_open_or_submit_the_password_form_of_a_superuser(client, staff, superuser):
    client.force_login(staff)
    url = f"/admin/council/user/{superuser.pk}/password/"
    page = client.get(url, follow=True)
    assert "adminform" not in (page.context or {}) or page.context["adminform"].form.instance.pk != superuser.pk
    client.post(url, {"password1": "Taken-0ver-pass", "password2": "Taken-0ver-pass"}, follow=True)
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_staff_cannot_send_a_set_password_link_to_a_superuser_or_another_staff_member(client, staff, higher_or_equal):
    client.force_login(speaking_english(staff))
    response = admin_action(client, User, "send_set_password_link", [higher_or_equal])
    assert mail.outbox == []
    assert any("Only a superuser" in m for m in _messages(response))
    assert not AuditRecord.objects.filter(action="user.send_set_password_link").exists()


def test_staff_cannot_deactivate_a_superuser_or_another_staff_member(client, staff, higher_or_equal):
    client.force_login(speaking_english(staff))
    response = admin_action(client, User, "deactivate", [higher_or_equal])
    higher_or_equal.refresh_from_db()
    assert higher_or_equal.is_active
    assert any("Only a superuser" in m for m in _messages(response))


def test_staff_cannot_delete_a_superuser_or_another_staff_member(client, staff, higher_or_equal):
    client.force_login(staff)
    url = reverse("admin:council_user_delete", args=[higher_or_equal.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    admin_action(client, User, "delete_selected", [higher_or_equal], post="yes")
    assert User.objects.filter(pk=higher_or_equal.pk).exists()


def test_staff_cannot_delete_their_own_account(client, staff):
    client.force_login(staff)
    assert client.post(reverse("admin:council_user_delete", args=[staff.pk]), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=staff.pk).exists()


def test_staff_cannot_make_a_member_staff(client, staff, member):
    client.force_login(staff)
    url = reverse("admin:council_user_change", args=[member.pk])
    assert "is_staff" not in client.get(url).context["adminform"].form.fields
    response = client.post(url, _change_form(_named(member), is_staff=True, position="promoted"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_staff is False and member.position == "promoted"


def test_staff_cannot_create_a_staff_account(client, staff):
    client.force_login(staff)
    url = reverse("admin:council_user_add")
    assert "is_staff" not in client.get(url).context["adminform"].form.fields
    client.post(
        url,
        {
            "email": "new.colleague@example.org",
            "full_name_latin": "New Colleague",
            "preferred_language": "ru",
            "is_staff": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert User.objects.get(email="new.colleague@example.org").is_staff is False


def test_staff_cannot_give_a_superusers_address_to_themselves_through_the_email_admin(client, staff, superuser):
    client.force_login(staff)
    address = EmailAddress.objects.get(user=superuser)
    change = reverse("admin:account_emailaddress_change", args=[address.pk])
    assert (
        client.post(change, {"user": superuser.pk, "email": "attacker@example.org", "verified": "on"}).status_code
        == 403
    )
    add = client.post(
        reverse("admin:account_emailaddress_add"),
        {"user": superuser.pk, "email": "attacker@example.org", "verified": "on", "primary": ""},
    )
    assert add.status_code == 200 and "user" in add.context["adminform"].form.errors
    assert (
        client.post(reverse("admin:account_emailaddress_delete", args=[address.pk]), {"post": "yes"}).status_code == 403
    )
    assert not EmailAddress.objects.filter(email="attacker@example.org").exists()
    assert EmailAddress.objects.filter(pk=address.pk, email=superuser.email).exists()


def test_staff_cannot_change_the_permissions_of_the_secretariat_group(client, staff):
    group = Group.objects.get(name="Secretariat")
    client.force_login(staff)
    url = reverse("admin:auth_group_change", args=[group.pk])
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(url, {"name": group.name, "permissions": every_permission})
    assert response.status_code == 403
    assert group.permissions.count() < len(every_permission)


# What still works


def test_staff_still_manage_ordinary_members(client, staff, member, django_capture_on_commit_callbacks):
    _named(member)
    client.force_login(staff)
    url = reverse("admin:council_user_change", args=[member.pk])
    response = client.post(url, _change_form(member, email="moved@example.org", position="adviser"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.email, member.position) == ("moved@example.org", "adviser")
    update = AuditRecord.objects.get(action="user.update", target_id=str(member.pk))
    assert update.actor == staff and set(update.data["fields"]) == {"email", "position"}
    # The old address no longer receives password resets; the new one must be confirmed.
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "verified")) == [
        ("moved@example.org", False)
    ]

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the request's commit
        admin_action(client, User, "send_set_password_link", [member])
    assert [m.to for m in mail.outbox] == [["moved@example.org"]]
    admin_action(client, User, "deactivate", [member])
    member.refresh_from_db()
    assert member.is_active is False
    assert {r.action for r in AuditRecord.objects.filter(actor=staff, target_id=str(member.pk))} == {
        "user.update",
        "user.send_set_password_link",
        "user.deactivate",
    }


def test_staff_edit_their_own_details_but_not_their_rights(client, staff):
    _named(staff)
    client.force_login(staff)
    url = reverse("admin:council_user_change", args=[staff.pk])
    response = client.post(url, _change_form(staff, position="head of unit", is_superuser=True, groups=[]))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.position == "head of unit"
    assert not staff.is_superuser and staff.groups.filter(name="Secretariat").exists()


def test_a_superuser_manages_staff(client, superuser, member, other_staff, django_capture_on_commit_callbacks):
    _named(member)
    _named(other_staff, "Other Staff", "Другой Сотрудник")
    client.force_login(superuser)
    promote = client.post(reverse("admin:council_user_change", args=[member.pk]), _change_form(member, is_staff=True))
    assert promote.status_code == 302
    member.refresh_from_db()
    assert member.is_staff
    assert AuditRecord.objects.filter(action="user.update", actor=superuser, data__fields=["is_staff"]).exists()

    url = reverse("admin:council_user_change", args=[other_staff.pk])
    assert client.post(url, _change_form(other_staff, email="renamed@example.org")).status_code == 302
    other_staff.refresh_from_db()
    assert other_staff.email == "renamed@example.org"
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the request's commit
        admin_action(client, User, "send_set_password_link", [other_staff])
    assert [m.to for m in mail.outbox] == [["renamed@example.org"]]
    assert client.post(url, _change_form(other_staff, is_staff=False)).status_code == 302
    other_staff.refresh_from_db()
    assert other_staff.is_staff is False


def test_a_superuser_may_manage_another_superuser(client, superuser):
    other = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    admin_action(client, User, "deactivate", [other])
    other.refresh_from_db()
    assert other.is_active is False


def test_nobody_deactivates_themselves(client, superuser):
    client.force_login(superuser)
    admin_action(client, User, "deactivate", [superuser])
    superuser.refresh_from_db()
    assert superuser.is_active


# The services refuse too, whoever calls them


def test_the_services_refuse_staff_changing_a_higher_account(staff, higher_or_equal):
    email = higher_or_equal.email
    with translation.override("en"):
        for call in [
            lambda: services.user_deactivate(user=higher_or_equal, by=staff),
            lambda: services.user_send_set_password_link(user=higher_or_equal, by=staff),
            lambda: services.user_delete(user=higher_or_equal, by=staff),
        ]:
            with pytest.raises(services.AccountError, match="Only a superuser"):
                call()
        higher_or_equal.email = "attacker@example.org"
        with pytest.raises(services.AccountError, match="Only a superuser"):
            services.user_update(user=higher_or_equal, fields=["email"], by=staff)
    higher_or_equal.refresh_from_db()
    assert higher_or_equal.email == email and higher_or_equal.is_active
    assert mail.outbox == []


def test_the_services_refuse_staff_granting_or_removing_staff_rights(staff, member, other_staff):
    with translation.override("en"):
        with pytest.raises(services.AccountError, match="staff rights"):
            services.user_create(email="x@example.org", full_name_latin="X Person", is_staff=True, by=staff)
        member.is_staff = True
        with pytest.raises(services.AccountError, match="staff rights"):
            services.user_update(user=member, fields=["is_staff"], by=staff)
    assert not User.objects.filter(email="x@example.org").exists()
    member.refresh_from_db()
    assert member.is_staff is False


def test_the_refusal_names_the_account(staff, superuser):
    with translation.override("en"), pytest.raises(services.AccountError) as english:
        services.user_deactivate(user=superuser, by=staff)
    assert superuser.email in english.value.messages[0]
