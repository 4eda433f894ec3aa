"""PostgreSQL: statistics on a step's agency and department taken together (CREATE STATISTICS).

A department belongs to one agency, so the two columns are not independent; PostgreSQL, multiplying their
selectivities, expected 241 steps of one department where there are 25,152 at province scale, and the figures
of one department (open files by department) joined them as if they were few: 68 ms, 8 ms with these statistics.
ANALYZE (autovacuum's, or seed_scale's) fills them. SQLite: nothing to do.
"""

from django.db import migrations

NAME = "casestep_agency_department_stats"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {NAME} (dependencies, ndistinct, mcv) "
                              "ON agency_id, department_id FROM cases_casestep")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_case_lookup_indexes")]

    operations = [migrations.RunPython(create, drop)]
