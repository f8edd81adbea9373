"""The Secretariat group: what secretariat staff may do in the admin (production configuration, not demo data).

Each app declares the permissions the group holds on its own models with `secretariat_permissions_register`
in its `AppConfig.ready()`, so this module names no app above council. After every `migrate` (and `flush`)
the group is created if missing and given every registered permission (`secretariat_group_on_migrate`).
"""

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, router

from council.permissions import SECRETARIAT_GROUP

# Apps whose permissions the group never holds: second factors are their owners' alone (and a superuser's
# to remove, see council.admin_mfa); groups and permissions are a superuser's, or staff could raise their own.
SECRETARIAT_NEVER_APPS = ("mfa", "auth")

# app label -> the codenames the group holds there (None: every permission of the app, also ones added later).
_registered: dict[str, frozenset[str] | None] = {}


def secretariat_permissions_register(app_label: str, codenames: Iterable[str] | None = None) -> None:
    """Let the Secretariat group hold these permissions of `app_label` (all of the app's when `codenames` is None)."""
    if app_label in SECRETARIAT_NEVER_APPS:
        raise ImproperlyConfigured(
            f"The Secretariat group must never hold permissions of {app_label!r}: staff could raise their own "
            "rights or read second factors. Leave them to superusers."
        )
    _registered[app_label] = None if codenames is None else frozenset(codenames)


def secretariat_permissions_registered() -> dict[str, frozenset[str] | None]:
    """What the apps have registered so far (a copy)."""
    return dict(_registered)


def secretariat_group(*, using: str = DEFAULT_DB_ALIAS, apps=global_apps):
    """The Secretariat group, created if missing, holding every registered permission and none it must not.

    Idempotent: it only adds what is missing and removes what is forbidden; other permissions a superuser
    gave the group stay. `apps` is the app registry of a migration state (post_migrate passes one).
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.using(using).get_or_create(name=SECRETARIAT_GROUP)
    held = set(group.permissions.values_list("pk", flat=True))
    wanted = set()
    for app_label, codenames in _registered.items():
        permissions = permission_model.objects.using(using).filter(content_type__app_label=app_label)
        if codenames is not None:
            permissions = permissions.filter(codename__in=codenames)
        wanted.update(permissions.values_list("pk", flat=True))
    if wanted - held:
        group.permissions.add(*(wanted - held))
    forbidden = group.permissions.filter(content_type__app_label__in=SECRETARIAT_NEVER_APPS)
    if forbidden.exists():
        group.permissions.remove(*forbidden)
    return group


def secretariat_group_on_migrate(sender, app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """post_migrate receiver: once an app that registered permissions has them, the group gets them."""
    if app_config.label not in _registered:
        return
    try:
        group_model = apps.get_model("auth", "Group")
        apps.get_model("auth", "Permission")
    except LookupError:
        return  # auth is not migrated yet (a partial migrate): the next full migrate does it
    if not router.allow_migrate_model(using, group_model):
        return
    secretariat_group(using=using, apps=apps)
