from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Đánh giá nội bộ và sự không phù hợp"

    def ready(self):
        from audits.mywork_audit import audit_work
        from audits.mywork_nc import nc_work
        from qms.core.mywork import register

        register(nc_work)
        register(audit_work)
