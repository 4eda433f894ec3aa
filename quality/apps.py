from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """Running and measuring the quality system (ISO 9001:2008 5.4.1, 5.6, 8.2.3, 8.4; spec MR-1…MR-4)."""

    name = "quality"
    verbose_name = _("Mục tiêu chất lượng và xem xét của lãnh đạo")

    def ready(self):
        # Each subject tells the core what it contributes (qms/core/subjects.py): objectives first, since
        # the management review compiles their results and the dashboards show both.
        from qms.core import mywork, subjects
        from quality.context import demo as context_demo
        from quality.context import history as context_history
        from quality.context import scale as context_scale
        from quality.risks import demo as risks_demo
        from quality.risks import history as risks_history
        from quality.risks import scale as risks_scale
        from quality.transition import overview as transition_overview
        from quality.objectives import demo as objectives_demo
        from quality.objectives import jobs as objectives_jobs
        from quality.objectives import overview as objectives_overview
        from quality.objectives import scale as objectives_scale
        from quality.reports import demo as reports_demo
        from quality.reports import scale as reports_scale
        from quality.review import demo as review_demo
        from quality.review import history as review_history
        from quality.review import jobs as review_jobs
        from quality.review import messages as review_messages
        from quality.review import mywork as review_mywork
        from quality.review import overview as review_overview
        from quality.review import scale as review_scale

        subjects.register_jobs(*objectives_jobs.JOBS)
        subjects.register_demo(objectives_demo.seed)
        subjects.register_scale(*objectives_scale.STEPS)
        mywork.register(review_mywork.decision_work)
        subjects.register_jobs(*review_jobs.JOBS)
        subjects.register_messages(review_messages.MESSAGES)
        subjects.register_demo(review_demo.seed)
        subjects.register_history_scopes(review_history.scopes)
        subjects.register_scale(*review_scale.STEPS)
        subjects.register_demo(reports_demo.seed)  # after the review's demo: its figures name the reviews held
        subjects.register_scale(*reports_scale.STEPS)
        subjects.register_overview(objectives_overview.fill)
        subjects.register_overview(review_overview.fill)
        subjects.register_history_scopes(context_history.scopes)
        subjects.register_history_scopes(risks_history.scopes)
        # The agencies on ISO 9001:2015 (Sở Tư pháp, moved by the core's demo) record their context and risks.
        subjects.register_demo(context_demo.seed)
        subjects.register_demo(risks_demo.seed)
        subjects.register_scale(*context_scale.STEPS, *risks_scale.STEPS)
        subjects.register_overview(transition_overview.fill)
