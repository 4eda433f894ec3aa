"""A file found by its code in any letter case (the public status page, the API's lookup): an index on the code's
upper case, which ``code__iexact`` compares on PostgreSQL. Before it, each lookup read the whole table."""

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("cases", "0008_case_search_trigram_by_agency")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(django.db.models.functions.text.Upper("code"), name="case_code_upper"),
        ),
    ]
