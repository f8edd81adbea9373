"""The two account services the demo loader needed: joining the secretariat and a password chosen for an account."""

import pytest
from django.core.exceptions import ValidationError

from council import services
from council.audit import AuditAction
from council.models import AuditRecord
from council.secretariat import secretariat_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_joining_the_secretariat_gives_the_group_once_with_one_audit_row(superuser):
    person = UserFactory(is_staff=True)
    services.user_join_secretariat(user=person, by=superuser)
    services.user_join_secretariat(user=person, by=superuser)
    assert list(person.groups.all()) == [secretariat_group()]
    rows = AuditRecord.objects.filter(action=AuditAction.USER_UPDATE, target_id=str(person.pk))
    assert [row.data for row in rows] == [{"fields": ["groups"]}]


def test_only_who_may_grant_rights_makes_someone_one_of_the_secretariat(staff):
    person = UserFactory()
    with pytest.raises(services.AccountError):
        services.user_join_secretariat(user=person, by=staff)
    assert not person.groups.exists()
    assert not AuditRecord.objects.filter(target_id=str(person.pk), action=AuditAction.USER_UPDATE).exists()


def test_a_password_chosen_for_an_account_must_pass_the_validators_and_is_never_audited_in_clear():
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.user_set_password(user=person, password="123")
    person.refresh_from_db()
    assert not person.has_usable_password() or not person.check_password("123")
    services.user_set_password(user=person, password="a-long-demo-passphrase-42")
    person.refresh_from_db()
    assert person.check_password("a-long-demo-passphrase-42")
    [row] = AuditRecord.objects.filter(action=AuditAction.USER_UPDATE, target_id=str(person.pk))
    assert row.data == {"fields": ["password"]}
    assert "passphrase" not in str(row.data)
