"""pg_trgm, and the GIN indexes search reads on the meetings' and recommendations' tables (PostgreSQL only).

The indexes are expressions over the other apps' own rows (search/sources.py), so a text is found as soon as it is
saved, whatever saved it: there is no copy to keep up to date. On SQLite (`make run`) nothing is created: search
falls back to plain matching there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from search.sources import SOURCES


def _indexes(apps):
    for source in SOURCES.values():
        model = apps.get_model(source.app_label, source.model_name)
        for index in source.indexes():
            yield model, index


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_attach_invitation_letter"),
        ("recommendations", "0003_partner_comments"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
