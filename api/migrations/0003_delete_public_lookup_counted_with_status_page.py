# The API's anonymous status lookups are counted by the status page's limiter (cases/public, StatusLookup):
# one count per citizen whichever door is used, so the API's own table goes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_public_file_status_lookups'),
    ]

    operations = [
        migrations.DeleteModel(
            name='PublicLookup',
        ),
    ]
