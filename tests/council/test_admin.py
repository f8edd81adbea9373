"""The secretariat's admin: who may reach it, and what its screens and actions do."""

import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from council.models import AuditRecord, Membership, User
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, totp_code
from tests.helpers import admin_action

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:council_user_changelist",
    "admin:council_memberstate_changelist",
    "admin:council_organisation_changelist",
    "admin:council_body_changelist",
    "admin:council_membership_changelist",
    "admin:council_auditrecord_changelist",
]


def test_anonymous_visitors_are_sent_to_the_portal_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"].startswith("/accounts/login/")


def test_a_signed_in_member_who_is_not_staff_cannot_reach_the_admin(client, member):
    client.force_login(member)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/login/").status_code == 403
    assert client.get(reverse("admin:council_user_changelist")).status_code == 302
    assert client.get(reverse("admin:council_user_changelist"), follow=True).status_code == 403


@pytest.mark.parametrize("name", CHANGELISTS)
def test_secretariat_staff_reach_every_screen(client, staff, name, group_a):
    MembershipFactory(body=group_a)
    client.force_login(staff)
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", CHANGELISTS)
def test_staff_without_the_secretariat_permissions_see_no_screens(client, name):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(name)).status_code == 403


@time_machine.travel(1_780_000_005, tick=False)  # 5 s into a TOTP period: the code cannot expire mid-test
def test_admin_sign_in_goes_through_the_portal_login(client, staff):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    signed_in = client.post(f"{response['Location']}", {"login": staff.email, "password": "correct-horse-battery-42"})
    # Staff have a second factor, so the password alone leads to the code step (issue 7, item 3).
    assert signed_in.status_code == 302 and signed_in["Location"] == "/accounts/2fa/authenticate/"
    second = client.post("/accounts/2fa/authenticate/", {"code": totp_code(staff.totp_secret)})
    assert second.status_code == 302 and second["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_membership_filters_and_search_work(client, staff, group_a, states):
    person = UserFactory(full_name_latin="Zarina Unique", full_name_cyrillic="Зарина Уникальная")
    MembershipFactory(person=person, body=group_a, role="chair", represents_state=states["TJ"])
    client.force_login(staff)
    url = reverse("admin:council_membership_changelist")
    for query in [
        f"?body__id__exact={group_a.pk}",
        "?role__exact=chair",
        f"?represents_state__id__exact={states['TJ'].pk}",
        "?represents_organisation__kind__exact=international",
        "?term=active",
        "?term=ended",
        "?term=future",
        "?q=Уникальная",
        "?q=Zarina",
    ]:
        assert client.get(url + query).status_code == 200, query
    found = client.get(url + "?q=Уникальная&term=active").context["cl"].result_list
    assert [m.person for m in found] == [person]


def test_people_are_found_by_either_script_email_or_organisation_acronym(client, staff):
    org = OrganisationFactory(acronym_en="UNOCT", acronym_ru="КТУ ООН")
    person = UserFactory(full_name_latin="Timur Test", full_name_cyrillic="Тимур Тест", organisation=org)
    client.force_login(staff)
    url = reverse("admin:council_user_changelist")
    for q in ["Тимур", "Timur", person.email, "КТУ", "UNOCT"]:
        assert person in client.get(url, {"q": q}).context["cl"].result_list, q


def test_autocomplete_finds_people_for_membership_forms(client, staff):
    person = UserFactory(full_name_latin="Auto Complete")
    client.force_login(staff)
    response = client.get(
        "/admin/autocomplete/",
        {"term": "Auto", "app_label": "council", "model_name": "membership", "field_name": "person"},
    )
    assert response.status_code == 200
    assert str(person.pk) in [r["id"] for r in response.json()["results"]]


def test_adding_a_person_creates_an_account_without_a_password(client, staff, states):
    client.force_login(staff)
    response = client.post(
        reverse("admin:council_user_add"),
        {
            "email": "Expert@Example.org",
            "full_name_latin": "Expert Person",
            "full_name_cyrillic": "Эксперт Персона",
            "preferred_language": "ru",
            "country": states["KG"].pk,
            "position": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    person = User.objects.get(email="expert@example.org")
    assert not person.has_usable_password()
    assert EmailAddress.objects.filter(user=person, verified=False).exists()
    assert AuditRecord.objects.filter(action="user.create", actor=staff, target_id=str(person.pk)).exists()


def test_adding_a_person_with_a_bad_name_or_email_changes_nothing(client, staff):
    client.force_login(staff)
    before = User.objects.count()
    response = client.post(
        reverse("admin:council_user_add"),
        {
            "email": "not-an-email",
            "full_name_latin": "Иван",  # Cyrillic in the Latin field
            "preferred_language": "ru",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "email" in errors and "full_name_latin" in errors
    assert User.objects.count() == before


def test_the_send_set_password_link_action_mails_each_selected_person(
    client, staff, django_capture_on_commit_callbacks
):
    people = [UserFactory(preferred_language="en"), UserFactory(preferred_language="ru")]
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the request's commit
        response = admin_action(client, User, "send_set_password_link", people, follow=True)
    assert response.status_code == 200
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    for message in mail.outbox:
        assert re.search(r"/accounts/password/reset/key/\S+", message.body)
        assert message.alternatives and message.alternatives[0][1] == "text/html"
    assert AuditRecord.objects.filter(action="user.send_set_password_link").count() == 2


def test_a_member_cannot_use_the_send_set_password_link_action(client, member):
    other = UserFactory()
    client.force_login(member)
    admin_action(client, User, "send_set_password_link", [other])
    assert mail.outbox == []


def test_the_deactivate_action_signs_people_out_but_not_oneself(client, staff):
    target = UserFactory()
    client.force_login(staff)
    admin_action(client, User, "deactivate", [target, staff])
    target.refresh_from_db()
    staff.refresh_from_db()
    assert target.is_active is False
    assert staff.is_active is True


def test_staff_who_are_not_superusers_cannot_raise_their_own_rights(client, staff):
    client.force_login(staff)
    url = reverse("admin:council_user_change", args=[staff.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields and "groups" not in form.fields


def test_a_membership_with_an_end_before_its_start_is_refused_in_the_admin(client, staff, group_a, member):
    client.force_login(staff)
    response = client.post(
        reverse("admin:council_membership_add"),
        {
            "person": member.pk,
            "body": group_a.pk,
            "role": "member",
            "term_start": "2025-01-10",
            "term_end": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "не может заканчиваться раньше" in str(response.context["adminform"].form.errors)
    assert not Membership.objects.exists()


def test_the_body_screen_shows_members_inline(client, staff, group_a):
    MembershipFactory(body=group_a)
    client.force_login(staff)
    response = client.get(reverse("admin:council_body_change", args=[group_a.pk]))
    assert response.status_code == 200
    assert any(
        getattr(f, "formset", None) and f.formset.prefix == "memberships"
        for f in response.context["inline_admin_formsets"]
    )


def test_audit_records_cannot_be_changed_in_the_admin(client, superuser, member):
    record = AuditRecord.objects.create(action="x", target_type="t", target_id="1", target_repr="r")
    client.force_login(superuser)
    assert client.get(reverse("admin:council_auditrecord_change", args=[record.pk])).status_code == 200
    assert (
        client.post(reverse("admin:council_auditrecord_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    )
    assert AuditRecord.objects.filter(pk=record.pk).exists()
