"""PostgreSQL: the files' trigram search indexes lead with the agency (btree_gin, trusted since PostgreSQL 13).

A register search is always one agency's. With the trigram alone, a common word ("nguyen") is found in every
agency's files (about 64,000 of the province's 1,000,000) and each is read from the table only to be dropped for
its agency; leading with the agency, the index answers for the agency's own files. SQLite: nothing to do.
"""

from django.db import migrations

COLUMNS = {"search_folded": "case_search_folded_trgm", "search_code": "case_search_code_trgm"}


def by_agency(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for column, name in COLUMNS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON cases_case USING gin (agency_id, {column} gin_trgm_ops)")


def trigram_only(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, name in COLUMNS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON cases_case USING gin ({column} gin_trgm_ops)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_late_or_running_index")]

    operations = [migrations.RunPython(by_agency, trigram_only)]
