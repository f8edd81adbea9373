"""Copy each audit row's actor name and address from the account, for the rows written before they were kept."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    AuditRecord = apps.get_model("council", "AuditRecord")
    User = apps.get_model("council", "User")
    actor = User.objects.filter(pk=OuterRef("actor_id"))
    AuditRecord.objects.filter(actor__isnull=False, actor_email="").update(
        actor_name=Subquery(actor.values("full_name_latin")[:1]),
        actor_email=Subquery(actor.values("email")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("council", "0003_audit_keeps_actor_name")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
