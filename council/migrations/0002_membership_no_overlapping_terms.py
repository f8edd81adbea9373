"""On PostgreSQL, refuse two memberships of one person in one body with overlapping terms.

SQLite (the embedded default) has no exclusion constraints; there the partial unique constraint on
open-ended terms and the check in Membership.clean() guard the same rule.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE council_membership ADD CONSTRAINT membership_no_overlapping_terms
    EXCLUDE USING gist (
        person_id WITH =,
        body_id WITH =,
        daterange(term_start, term_end, '[]') WITH &&
    );
"""
DROP = "ALTER TABLE council_membership DROP CONSTRAINT IF EXISTS membership_no_overlapping_terms;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
