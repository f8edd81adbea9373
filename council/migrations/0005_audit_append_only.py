"""The database refuses to change or delete an audit row (DESIGN.md: audit rows are append-only).

PostgreSQL: a row trigger refuses UPDATE and DELETE. TRUNCATE (a table owner's statement, used by the test
suite to empty its database between transactional tests) does not fire row triggers and stays possible.

SQLite (the embedded default): a trigger refuses UPDATE only. Django empties an SQLite test database with
`DELETE FROM`, so a DELETE trigger there would break the test suite; the model refuses deletes instead.
SQLite rebuilds a table for most column changes and drops its triggers with it: a later migration that
alters council_auditrecord must create the SQLite trigger again.
"""

from django.db import migrations

POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION council_auditrecord_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'council_auditrecord is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER council_auditrecord_append_only
    BEFORE UPDATE OR DELETE ON council_auditrecord
    FOR EACH ROW EXECUTE FUNCTION council_auditrecord_append_only();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS council_auditrecord_append_only ON council_auditrecord;
DROP FUNCTION IF EXISTS council_auditrecord_append_only();
"""
SQLITE_CREATE = """
CREATE TRIGGER IF NOT EXISTS council_auditrecord_append_only BEFORE UPDATE ON council_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'council_auditrecord is append-only: UPDATE refused');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS council_auditrecord_append_only;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("council", "0004_audit_backfill_actor_names")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
