"""Each revision keeps the title it is signed with (issue 12, finding 7).

The content hash always covered the document's title, which stayed editable after approval: an edit made the
issue in force fail its own hash. The title now lives on the revision; every existing revision takes the
document's current title, which is the one its content_hash was computed over, so the stored hashes still verify
(tests/test_data_migrations.py migrates a revision across this step to check it).

History rows written before this step have no title (''): permissions.round_writers reads '' as "not recorded"
rather than as a change. The historical table is append-only (the history guard), so it is not back-filled.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_titles(apps, schema_editor):
    Document = apps.get_model("processes", "Document")
    Revision = apps.get_model("processes", "Revision")
    title = Subquery(Document.objects.filter(pk=OuterRef("document_id")).values("title")[:1])
    # history-written-here: a snapshot of a value the history already holds (the document's title); one statement.
    Revision.objects.update(title=title)


class Migration(migrations.Migration):

    dependencies = [
        ("processes", "0008_merge_20261201_1646"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrevision",
            name="title",
            field=models.CharField(default="", max_length=255, verbose_name="tên tài liệu"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="revision",
            name="title",
            field=models.CharField(default="", max_length=255, verbose_name="tên tài liệu"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_titles, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="revision",
            constraint=models.CheckConstraint(condition=models.Q(("title", ""), _negated=True),
                                              name="revision_has_title"),
        ),
    ]
