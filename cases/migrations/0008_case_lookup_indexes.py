"""Lookups at province scale (1,000,000 files): a file by its code in any letter case (the public status page and
the API, no agency known: ``code__iexact`` compares upper cases), and the register's search counted from (agency,
folded text) entries rather than from the agency's rows (a common word such as "nguyen" is in thousands of them).
Before, each status lookup read the whole table."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("cases", "0007_case_late_or_running_index")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(django.db.models.functions.text.Upper("code"), name="case_code_upper"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["agency", "search_folded"], name="case_agency_search"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["agency", "search_code"], name="case_agency_search_code"),
        ),
    ]
