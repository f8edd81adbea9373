"""Second-factor secrets stored in clear (before council.adapters.MFAAdapter) are encrypted (issue 7, item 2)."""

from django.db import migrations

from council.mfa import SECRET_FIELDS, data_decrypted, data_reencrypted


def encrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=SECRET_FIELDS):
        authenticator.data = data_reencrypted(authenticator.type, authenticator.data)
        authenticator.save(update_fields=["data"])


def decrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=SECRET_FIELDS):
        authenticator.data = data_decrypted(authenticator.type, authenticator.data)
        authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0006_secretariat_without_mfa_permissions"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
