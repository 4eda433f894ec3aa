from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """One-stop handling of administrative files under the agency's procedures (issue 16; ISO 9001:2008
    7.5, 8.2.3, 8.2.4)."""

    name = "cases"
    verbose_name = _("Hồ sơ một cửa")

    def ready(self):
        from cases.figures import scale as figures_scale
        from cases.figures import tallies as figures_tallies
        from cases.files import history as files_history
        from cases.files import messages as files_messages
        from cases.files import mywork as files_mywork
        from cases.files import scale as files_scale
        from cases.files.hooks import register_counter, register_detail_panel
        from cases.late import demo as late_demo
        from cases.late import jobs as late_jobs
        from cases.late import messages as late_messages
        from cases.late import views as late_views
        from cases.privacy import jobs as privacy_jobs
        from cases.public import jobs as public_jobs
        from qms.core import mywork, subjects

        subjects.register_messages(files_messages.MESSAGES)
        mywork.register(files_mywork.case_work)
        subjects.register_history_scopes(files_history.scopes)
        subjects.register_scale(*files_scale.STEPS, *figures_scale.STEPS)
        register_counter(figures_tallies.counted)  # the figures' summary tables, kept by the files' services
        subjects.register_messages(late_messages.MESSAGES)
        subjects.register_jobs(*late_jobs.JOBS)
        subjects.register_demo(late_demo.seed)  # the one-stop demo: files and late files together
        register_detail_panel(late_views.file_panel)
        subjects.register_jobs(*privacy_jobs.JOBS, *public_jobs.JOBS)
