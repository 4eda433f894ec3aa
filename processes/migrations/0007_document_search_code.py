"""The register finds a code typed without its punctuation or spaces ("qt05", "qt 05" → QT-05): a column with
the code folded and compacted, filled here for the documents saved before it (afterwards by
services.refresh_document_search)."""

from django.db import migrations, models

from qms.core.search import refill


def fill(apps, schema_editor):
    refill(apps.get_model("processes", "Document"), ["code"], column="search_code")


class Migration(migrations.Migration):

    dependencies = [
        ('processes', '0006_search_text_lz4'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='search_code',
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
