"""Accent-insensitive search boxes on the NC register, the action list, the audit list and the feedback inbox:
a folded copy of the searched fields on each row, filled here for the rows saved before it (afterwards by
the services that save them, through qms.core.search.refresh).

The field lists are each model's SEARCH_FIELDS as of this migration. No index: the search is a substring
test (strpos/instr) over one agency's rows, which a B-tree index cannot serve; the lists already reach
their rows by agency.
"""

from django.db import migrations, models

from qms.core.search import refill

SEARCH_FIELDS = {
    "Nonconformity": ["reference", "description", "clause", "process_ref", "source_ref"],
    "Action": ["nc__reference", "description"],
    "Audit": ["code", "title", "objectives", "criteria_clauses"],
    "Feedback": ["tracking_code", "procedure", "content"],
}


def fill(apps, schema_editor):
    for name, fields in SEARCH_FIELDS.items():
        refill(apps.get_model("audits", name), fields)


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0003_internal_audits'),
    ]

    operations = [
        migrations.AddField(
            model_name='action',
            name='search_folded',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='audit',
            name='search_folded',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='feedback',
            name='search_folded',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name='nonconformity',
            name='search_folded',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
