"""The Secretariat group is production configuration: `migrate` makes it, each app adds its own permissions."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from council.permissions import SECRETARIAT_GROUP
from council.secretariat import (
    secretariat_group,
    secretariat_permissions_register,
    secretariat_permissions_registered,
)

ROOT = Path(__file__).resolve().parents[2]
# The apps whose admin screens the secretariat runs; allauth's "account" holds the people's email addresses.
SECRETARIAT_APPS = {
    "council",
    "account",
    "workinggroups",
    "figures",
    "meetings",
    "recommendations",
    "programme",
    "reports",
    "partners",
    "webhooks",
}


def _held(group) -> set[str]:
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def _wanted() -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS).values_list(
            "content_type__app_label", "codename"
        )
    }


def test_each_app_registers_its_own_permissions_and_none_are_held_back():
    assert set(secretariat_permissions_registered()) == SECRETARIAT_APPS
    assert all(codenames is None for codenames in secretariat_permissions_registered().values())


@pytest.mark.django_db
def test_migrate_makes_the_group_with_every_permission_of_the_secretariats_apps():
    group = Group.objects.get(name=SECRETARIAT_GROUP)  # the test database was made by `migrate`, nothing else
    held = _held(group)
    assert held == _wanted()
    assert {"meetings.change_meeting", "recommendations.add_recommendation", "council.change_membership"} <= held
    assert not {name for name in held if name.split(".")[0] in {"auth", "mfa", "outbox"}}


@pytest.mark.django_db
def test_migrate_again_changes_nothing_and_restores_what_the_group_lost():
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    before = _held(group)
    call_command("migrate", verbosity=0, interactive=False)
    assert Group.objects.filter(name=SECRETARIAT_GROUP).count() == 1
    assert _held(group) == before
    group.permissions.remove(*Permission.objects.filter(content_type__app_label="meetings"))
    group.permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
    call_command("migrate", verbosity=0, interactive=False)
    assert _held(group) == before


@pytest.mark.django_db
def test_the_group_is_made_again_if_it_was_deleted():
    Group.objects.filter(name=SECRETARIAT_GROUP).delete()
    group = secretariat_group()
    assert _held(group) == _wanted()
    assert secretariat_group().pk == group.pk


@pytest.mark.django_db
def test_permissions_a_superuser_added_to_the_group_stay():
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    extra = Permission.objects.get(content_type__app_label="outbox", codename="view_outboxmessage")
    group.permissions.add(extra)
    secretariat_group()
    assert group.permissions.filter(pk=extra.pk).exists()


@pytest.mark.parametrize("app_label", ["auth", "mfa"])
def test_no_app_may_give_the_group_rights_over_accounts_or_second_factors(app_label):
    with pytest.raises(ImproperlyConfigured, match="never hold"):
        secretariat_permissions_register(app_label)
    assert app_label not in secretariat_permissions_registered()


@pytest.mark.slow
def test_a_production_database_has_the_group_after_migrate_alone(tmp_path):
    """DEBUG off and no `seed`: the group and its permissions come from `migrate`."""
    ours = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env |= {"VAR_DIR": str(tmp_path), "DEBUG": "false", "SECRET_KEY": "secretariat-group-test-key"}

    def run(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("migrate", "--noinput")
    count = (
        "from django.contrib.auth.models import Group; "
        f"g = Group.objects.get(name='{SECRETARIAT_GROUP}'); "
        "print(g.permissions.filter(content_type__app_label='meetings').count(), "
        "g.permissions.filter(content_type__app_label__in=['auth', 'mfa']).count(), Group.objects.count())"
    )
    meetings, forbidden, groups = map(int, run("shell", "-v", "0", "-c", count).split())
    assert meetings > 0 and forbidden == 0 and groups == 1
