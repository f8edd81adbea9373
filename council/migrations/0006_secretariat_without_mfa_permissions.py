"""The Secretariat group loses every permission of allauth's MFA app (issue 7, item 2)."""

from django.db import migrations

SECRETARIAT_GROUP = "Secretariat"


def remove_mfa_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    forbidden = Permission.objects.filter(content_type__app_label="mfa")
    for group in Group.objects.filter(name=SECRETARIAT_GROUP):
        group.permissions.remove(*forbidden)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0005_audit_append_only"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(remove_mfa_permissions, migrations.RunPython.noop)]
