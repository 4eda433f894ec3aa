from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = _("Kiểm soát tài liệu")

    def ready(self):
        # Each subject tells the core what it contributes (qms/core/subjects.py): documents first,
        # since copies are made of its revisions.
        from processes.copies import demo as copies_demo
        from processes.copies import jobs as copies_jobs
        from processes.copies import messages as copies_messages
        from processes.copies import metrics as copies_metrics
        from processes.copies import mywork as copies_mywork
        from processes.copies import recall as copies_recall
        from processes.copies import scale as copies_scale
        from processes.copies import services as copies_services
        from processes.documents import demo as documents_demo
        from processes.documents import history as documents_history
        from processes.documents import hooks as documents_hooks
        from processes.documents import jobs as documents_jobs
        from processes.documents import messages as documents_messages
        from processes.documents import mywork as documents_mywork
        from processes.documents import overview as documents_overview
        from processes.documents import scale as documents_scale
        from qms.core import mywork, subjects

        mywork.register(documents_mywork.provider)
        mywork.register(copies_mywork.provider)
        subjects.register_jobs(*documents_jobs.JOBS, *copies_jobs.JOBS)
        subjects.register_messages(documents_messages.MESSAGES)
        subjects.register_messages(copies_messages.MESSAGES)
        subjects.register_demo(documents_demo.seed)
        subjects.register_demo(copies_demo.seed)
        subjects.register_history_scopes(documents_history.scopes)
        subjects.register_overview(documents_overview.fill)
        subjects.register_scale(*documents_scale.STEPS, *copies_scale.STEPS)
        subjects.register_metrics(copies_metrics.collect)
        # Copies react to a revision's life; documents must not import copies (core ← documents ← copies), so
        # it calls these through its hooks (processes/documents/hooks.py says when each one runs).
        documents_hooks.on_revision_approved(copies_services.on_approved)
        documents_hooks.on_revision_effective(copies_services.on_effective)
        documents_hooks.on_document_withdrawn(copies_services.on_withdrawn)
        documents_hooks.on_hidden_revision(copies_recall.page_instead_of_hidden_revision)
