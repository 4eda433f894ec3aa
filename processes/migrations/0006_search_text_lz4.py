"""PostgreSQL: keep the revisions' search text compressed with lz4 rather than pglz.

Search reads the effective bodies' folded text of one agency (about 500 × 9 KB at province scale);
decompressing pglz was more than half of that query's time. lz4 decompresses several times faster
for a slightly larger footprint. Existing values are rewritten once so they take the new compression:
the text is the same (``|| ''``), only its storage changes. SQLite, and PostgreSQL built without lz4,
are left as they are.
"""

from django.db import migrations


def to_lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql" or connection.pg_version < 140000:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
        if not row or not row[0]:
            return
        cursor.execute("ALTER TABLE processes_revision ALTER COLUMN search_folded SET COMPRESSION lz4")
        cursor.execute("UPDATE processes_revision SET search_folded = search_folded || '' WHERE search_folded <> ''")


def to_default(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and connection.pg_version >= 140000:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE processes_revision ALTER COLUMN search_folded SET COMPRESSION DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("processes", "0005_revision_effective_index")]

    operations = [migrations.RunPython(to_lz4, to_default)]
