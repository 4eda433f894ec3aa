"""The late files' index (cases/files/models.py, ``case_late_or_running``): the coordinator's late list counted
and paged over the files late or running only, not all of an agency's files."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("cases", "0006_merge_tallies_trigram_search_and_nc_labels")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_late", True), ("status__in", ["received", "in_progress"]), _connector="OR"),
                fields=["agency", "appointment_at", "id", "is_late", "status", "nc"], name="case_late_or_running"),
        ),
    ]
