from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """Running and measuring the quality system (ISO 9001:2008 5.4.1, 5.6, 8.2.3, 8.4; spec MR-1…MR-4)."""

    name = "quality"
    verbose_name = _("Mục tiêu chất lượng và xem xét của lãnh đạo")

    def ready(self):
        # Each subject tells the core what it contributes (qms/core/subjects.py): objectives first, since
        # the management review compiles their results and the dashboards show both.
        from qms.core import subjects
        from quality.objectives import demo as objectives_demo
        from quality.objectives import jobs as objectives_jobs
        from quality.objectives import scale as objectives_scale

        subjects.register_jobs(*objectives_jobs.JOBS)
        subjects.register_demo(objectives_demo.seed)
        subjects.register_scale(*objectives_scale.STEPS)
        # Provincial overview (MR-4), to register when quality.review and quality.objectives are merged (q-dash left
        # these open: their models were on other branches): a fill(rows, today) that sets
        # ``row.last_management_review`` (Max(held_on) of held/approved reviews, grouped by agency: one query) and one
        # that sets ``row.objectives_met`` = (met, measured) for today's year (one grouped query over objectives
        # with the average of their measurements, as quality.objectives.services.period_results computes per
        # agency), both through qms.core.subjects.register_overview. qms/core/overview.AgencyStatus has the fields.
