"""The Secretariat group loses the permissions on groups: with them staff could grant themselves anything."""

from django.db import migrations

SECRETARIAT_GROUP = "Secretariat"


def remove_auth_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    forbidden = Permission.objects.filter(content_type__app_label="auth")
    for group in Group.objects.filter(name=SECRETARIAT_GROUP):
        group.permissions.remove(*forbidden)


class Migration(migrations.Migration):
    dependencies = [("council", "0007_encrypt_authenticator_secrets")]

    operations = [migrations.RunPython(remove_auth_permissions, migrations.RunPython.noop)]
