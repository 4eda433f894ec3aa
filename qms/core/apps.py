from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qms.core"
    label = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from django.db.models.signals import post_migrate

        from qms.core import checks  # noqa: F401  (registers the core's system checks)
        from qms.core.health.metrics import connect_signals
        from qms.core.integrity import post_migrate_install_guards

        connect_signals()  # logins, failed logins and lockouts counted for /metrics

        # History tables are append-only on PostgreSQL, for every app's tables (qms/core/integrity.py).
        post_migrate.connect(post_migrate_install_guards, sender=self, dispatch_uid="qms_history_guards")
