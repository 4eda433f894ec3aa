from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Đánh giá nội bộ và sự không phù hợp")

    def ready(self):
        # Each subject tells the core what it contributes (qms/core/subjects.py), in dependency order:
        # nonconformities first, since feedback and internal audits open them (the feedback demo links
        # the NC demo's DEMO-01). My work sorts items by urgency and equal ones keep this order:
        # feedback after the NC sections, as when one provider listed both.
        from audits.capa import demo as capa_demo
        from audits.capa import history as capa_history
        from audits.capa import jobs as capa_jobs
        from audits.capa import messages as capa_messages
        from audits.capa import mywork as capa_mywork
        from audits.capa import overview as capa_overview
        from audits.capa import scale as capa_scale
        from audits.feedback import demo as feedback_demo
        from audits.feedback import messages as feedback_messages
        from audits.feedback import mywork as feedback_mywork
        from audits.feedback import scale as feedback_scale
        from audits.internal import demo as internal_demo
        from audits.internal import history as internal_history
        from audits.internal import messages as internal_messages
        from audits.internal import mywork as internal_mywork
        from audits.internal import overview as internal_overview
        from audits.internal import scale as internal_scale
        from qms.core import mywork, subjects

        mywork.register(capa_mywork.nc_work)
        mywork.register(feedback_mywork.feedback_work)
        mywork.register(internal_mywork.audit_work)
        subjects.register_jobs(*capa_jobs.JOBS)
        subjects.register_messages(capa_messages.MESSAGES)
        subjects.register_messages(feedback_messages.MESSAGES)
        subjects.register_messages(internal_messages.MESSAGES)
        subjects.register_demo(capa_demo.seed)
        subjects.register_demo(feedback_demo.seed)
        subjects.register_demo(internal_demo.seed)
        subjects.register_history_scopes(capa_history.scopes)
        subjects.register_history_scopes(internal_history.scopes)
        subjects.register_overview(capa_overview.fill)
        subjects.register_overview(internal_overview.fill)
        subjects.register_scale(*capa_scale.STEPS, *internal_scale.STEPS, *feedback_scale.STEPS)
