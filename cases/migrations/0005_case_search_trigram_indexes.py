"""PostgreSQL: trigram indexes on the files' folded search columns (pg_trgm, trusted since PostgreSQL 13).

The register's search tests every typed word as a substring of ``search_folded`` (code and applicant) or, for
people who may not see applicants, of ``search_code``. strpos() reads every file of the agency (50,000 at province
scale); ``LIKE '%word%'`` is answered by these indexes (qms.core.search, ``Case.SEARCH_TRIGRAM``). SQLite keeps
instr() over its rows: nothing to do there.
"""

from django.db import migrations

INDEXES = {"case_search_folded_trgm": "search_folded", "case_search_code_trgm": "search_code"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin ({column} gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_merge_status_lookups_and_figures")]

    operations = [migrations.RunPython(create, drop)]
