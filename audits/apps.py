from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Đánh giá nội bộ và sự không phù hợp"

    def ready(self):
        from qms.core.mywork import register

        from audits.mywork_audit import audit_work

        register(audit_work)
