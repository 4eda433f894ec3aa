"""Notifications store a message key and parameters (qms/core/messages.py), rendered in the reader's language.

Rows already stored have only their sentence: the new column's default gives each of them the key "legacy", and
they keep showing ``text`` as written (Notification.title falls back to it).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_merge_0002_agency_kind_0002_notification_task"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="key",
            field=models.CharField(default="legacy", max_length=80, verbose_name="loại thông báo"),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="tham số"),
        ),
    ]
