"""The audit trail: append-only, keeps the actor's name and address, and keeps the accounts it names."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import translation

from council import services
from council.audit import AuditAction, audit_record
from council.models import AuditRecord, AuditTrailError, User
from tests.factories import UserFactory
from tests.helpers import admin_action, speaking_english


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def acted(db, member):
    """A person who did something that was audited."""
    audit_record(actor=member, action=AuditAction.USER_UPDATE, target=member)
    return member


@pytest.fixture
def created(db, staff):
    """A person whose account was created through the services (the creation is audited)."""
    return services.user_create(email="audited@example.org", full_name_latin="Audited Person", by=staff)


@pytest.mark.django_db
class TestDeletingAccounts:
    @pytest.mark.parametrize("fixture", ["acted", "created"])
    def test_the_admin_refuses_to_delete_an_account_with_audit_rows(self, client, superuser, fixture, request):
        person = request.getfixturevalue(fixture)
        client.force_login(speaking_english(superuser))
        url = reverse("admin:council_user_delete", args=[person.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert "deactivate the account instead" in page.content.decode()
        client.post(url, {"post": "yes"})
        assert User.objects.filter(pk=person.pk).exists()

    def test_the_delete_action_refuses_accounts_with_audit_rows(self, client, superuser, acted):
        deletable = UserFactory()
        client.force_login(speaking_english(superuser))
        response = admin_action(client, User, "delete_selected", [acted, deletable], post="yes")
        assert "deactivate the account instead" in response.content.decode()
        assert User.objects.filter(pk__in=[acted.pk, deletable.pk]).count() == 2

    def test_an_account_without_audit_rows_can_be_deleted_by_a_superuser_and_the_deletion_is_audited(
        self, client, superuser
    ):
        mistake = UserFactory(email="typo@example.org", full_name_latin="Typo Person")
        client.force_login(superuser)
        response = client.post(reverse("admin:council_user_delete", args=[mistake.pk]), {"post": "yes"})
        assert response.status_code == 302
        assert not User.objects.filter(pk=mistake.pk).exists()
        record = AuditRecord.objects.get(action="user.delete", target_id=str(mistake.pk))
        assert record.data == {"email": "typo@example.org", "name": "Typo Person"}
        assert record.actor == superuser

    def test_the_service_refuses_to_delete_an_account_with_audit_rows(self, superuser, created):
        with translation.override("en"), pytest.raises(services.AccountError, match="deactivate the account instead"):
            services.user_delete(user=created, by=superuser)
        assert User.objects.filter(pk=created.pk).exists()

    def test_an_actor_cannot_be_deleted_even_around_the_services(self, acted):
        with pytest.raises(Exception), transaction.atomic():  # noqa: B017 - ProtectedError or the database's refusal
            acted.delete()
        assert User.objects.filter(pk=acted.pk).exists()


@pytest.mark.django_db
class TestNamesOnTheTrail:
    def test_the_row_keeps_the_actors_name_and_email_as_they_were(self, client, staff, superuser, member):
        services.user_deactivate(user=member, by=staff)
        old_name, old_email = staff.full_name_latin, staff.email
        staff.full_name_latin, staff.email = "Renamed Person", "renamed@example.org"
        services.user_update(user=staff, fields=["full_name_latin", "email"], by=superuser)
        record = AuditRecord.objects.get(action="user.deactivate")
        assert (record.actor_name, record.actor_email) == (old_name, old_email)
        client.force_login(superuser)
        listing = client.get(reverse("admin:council_auditrecord_changelist")).content.decode()
        assert old_name in listing and old_email in listing
        found = client.get(reverse("admin:council_auditrecord_changelist"), {"q": old_email})
        assert record in found.context["cl"].result_list

    def test_a_system_action_has_no_actor_name(self, member):
        record = audit_record(actor=None, action=AuditAction.USER_DEACTIVATE, target=member)
        assert (record.actor_id, record.actor_name, record.actor_email) == (None, "", "")


@pytest.mark.django_db
class TestAppendOnly:
    @pytest.fixture
    def record(self, member):
        return audit_record(actor=member, action=AuditAction.USER_UPDATE, target=member, data={"a": 1})

    def test_the_portals_code_cannot_change_or_delete_a_row(self, record):
        record.action = "forged"
        with pytest.raises(AuditTrailError):
            record.save()
        with pytest.raises(AuditTrailError):
            record.delete()
        with pytest.raises(AuditTrailError):
            AuditRecord.objects.filter(pk=record.pk).update(action="forged")
        with pytest.raises(AuditTrailError):
            AuditRecord.objects.filter(pk=record.pk).delete()
        with pytest.raises(AuditTrailError), transaction.atomic():
            AuditRecord.objects.bulk_update([record], ["action"])
        record.refresh_from_db()
        assert record.action == AuditAction.USER_UPDATE

    def test_the_admin_neither_changes_nor_deletes_a_row(self, client, superuser, record):
        client.force_login(superuser)
        change = reverse("admin:council_auditrecord_change", args=[record.pk])
        page = client.get(change)
        assert page.status_code == 200 and page.context["has_change_permission"] is False
        assert client.post(change, {"action": "forged"}).status_code == 403
        assert (
            client.post(reverse("admin:council_auditrecord_delete", args=[record.pk]), {"post": "yes"}).status_code
            == 403
        )
        listing = client.get(reverse("admin:council_auditrecord_changelist"))
        actions = listing.context["action_form"]
        assert actions is None or "delete_selected" not in dict(actions.fields["action"].choices)
        admin_action(client, AuditRecord, "delete_selected", [record], post="yes")
        record.refresh_from_db()
        assert record.action == AuditAction.USER_UPDATE

    def test_the_database_refuses_a_raw_update(self, record):
        with pytest.raises(DatabaseError):
            _raw("UPDATE council_auditrecord SET action = %s WHERE id = %s", ["forged", record.pk])
        record.refresh_from_db()
        assert record.action == AuditAction.USER_UPDATE

    def test_postgresql_refuses_a_raw_update_and_delete(self, postgres, record):
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("UPDATE council_auditrecord SET actor_name = 'forged' WHERE id = %s", [record.pk])
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("DELETE FROM council_auditrecord WHERE id = %s", [record.pk])
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("UPDATE council_auditrecord SET actor_id = NULL")
        assert AuditRecord.objects.filter(pk=record.pk, actor_name__startswith="Person").exists()


@pytest.mark.django_db(transaction=True)
def test_a_test_database_flush_still_empties_the_audit_table(member):
    """Test runs empty the tables with TRUNCATE (PostgreSQL) or a flush; the trigger must not stand in the way."""
    audit_record(actor=member, action=AuditAction.USER_UPDATE, target=member)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditRecord.objects.exists()
    assert not User.objects.exists()


def test_an_action_outside_the_enumeration_is_refused(member):
    with pytest.raises(TypeError):
        audit_record(actor=member, action="user.update", target=member)
    assert not AuditRecord.objects.exists()
