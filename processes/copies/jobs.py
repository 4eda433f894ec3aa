"""Scheduled jobs of the PDF work (run by ``manage.py run_scheduled``; registered in processes/apps.py).

* daily: masters rendered with an older template version (TEMPLATE_VERSION bumped) are re-rendered, for
  the revisions still approved or effective (history keeps the master it was printed from);
* on every watch pass (``run_scheduled --loop``: every 30 s): renders whose worker died (killed, machine
  restarted) are queued again, within 90 s of the death (recovery.py, leases.py).
"""

from processes.copies import recovery, services
from qms.core.subjects import watch


def requeue_stale_masters(*, today=None):
    return services.queue_stale_masters()


@watch
def requeue_dead_renders(*, today=None):
    return recovery.requeue_dead_renders()


JOBS = [requeue_stale_masters, requeue_dead_renders]
