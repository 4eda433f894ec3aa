"""Daily jobs once a day across every node (``run_scheduled`` may run on each web node, as a service or from cron).

Before a daily job runs, its scheduler claims the (job, day) row of :class:`~qms.core.models.JobRun` in a
transaction serialised on that key (a PostgreSQL advisory lock; SQLite's writers run one at a time), and
runs the job only when the claim is its own: no row yet, or a failed run, or a run left "running" for longer
than :data:`STALE_AFTER` by a node that died. Every other scheduler skips it for that day. The job itself
runs outside the claiming transaction (it has its own), and the row records how it ended. Watch jobs (dead
renders, every 30 s) are not claimed: each is a quick idempotent check under its own row locks.
"""

import datetime
import os
import socket

from django.db import transaction
from django.utils import timezone

from qms.core.locks import serialise_on
from qms.core.models import JobRun

STALE_AFTER = datetime.timedelta(minutes=30)  # a run "running" this long lost its node: another may take it
ALREADY = "done already today"  # what the skipping scheduler reports for the job


def node_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def claim(label, day):
    """The JobRun this scheduler is to run now, or None when another has it or it is done for ``day``."""
    now = timezone.now()
    with transaction.atomic():
        serialise_on(f"qms-job:{label}:{day.isoformat()}")
        run = JobRun.objects.select_for_update().filter(job=label, day=day).first()
        if run is None:
            return JobRun.objects.create(job=label, day=day, status=JobRun.Status.RUNNING, node=node_name(),
                                         started_at=now)
        if run.status == JobRun.Status.DONE:
            return None
        if run.status == JobRun.Status.RUNNING and run.started_at > now - STALE_AFTER:
            return None
        run.status, run.node, run.started_at, run.finished_at = JobRun.Status.RUNNING, node_name(), now, None
        run.attempts += 1
        run.save()
        return run


def finish(run, *, failed, result):
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.FAILED if failed else JobRun.Status.DONE, finished_at=timezone.now(),
        result=str(result)[:2000])
