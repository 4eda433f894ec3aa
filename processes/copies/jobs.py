"""Daily jobs of the PDF work (run by ``manage.py run_scheduled``; registered in processes/apps.py).

* masters rendered with an older template version (TEMPLATE_VERSION bumped) are re-rendered, for the
  revisions still approved or effective (history keeps the master it was printed from);
* renders left "rendering" longer than services.STUCK_AFTER (the worker was killed mid-render) are
  queued again, so nothing stays stuck without someone noticing.
"""

from django.utils import timezone

from processes.copies import services
from processes.copies.models import MasterPDF


def requeue_stale_masters(*, today=None):
    return services.queue_stale_masters()


def requeue_stuck_renders(*, today=None):
    cutoff = timezone.now() - services.STUCK_AFTER
    stuck = MasterPDF.objects.filter(status=MasterPDF.Status.RENDERING, started_at__lt=cutoff)
    return [services.queue_master(revision_id=m.revision_id, force=True) for m in stuck]


JOBS = [requeue_stale_masters, requeue_stuck_renders]
