"""Renders whose worker died: queued again, and the dead worker's task row closed (finding: a killed worker
left its master "rendering" for ten minutes and its task RUNNING for ever).

:func:`requeue_dead_renders` is a watch job (jobs.py): ``run_scheduled --loop`` runs it every 30 s, so a
master is queued again within 90 s of its worker's death (leases.py gives the bound). It is idempotent and
safe to run from several schedulers at once: each master is re-checked under its row lock, and only a
"rendering" master without a live lease moves; the render task itself does nothing for a master that is
not queued, so a task queued twice renders once.
"""

import logging
import uuid

from django.db import transaction
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from processes.copies import leases
from processes.copies.models import MasterPDF, RenderLease
from processes.copies.tasks import render_master_task
from qms.core.history import save_tracked

logger = logging.getLogger("qms.pdf")


def requeue_dead_renders():
    """Queue again every master whose render lost its worker; returns those masters."""
    _close_orphan_tasks()
    requeued = []
    for master_id in list(leases.dead_renders().values_list("pk", flat=True)):
        master = _requeue(master_id)
        if master is not None:
            requeued.append(master)
    return requeued


@transaction.atomic
def _requeue(master_id):
    """One dead render back to "queued", its task row closed, in one transaction; None if it is not dead.

    Re-checked under the master's lock: another scheduler or the coordinator may have been first.
    """
    master = MasterPDF.objects.select_for_update().get(pk=master_id)
    lease = RenderLease.objects.select_for_update().filter(master_id=master_id).first()
    if master.status != MasterPDF.Status.RENDERING:
        return None  # settled or queued again meanwhile (another scheduler, the coordinator)
    if lease is not None and RenderLease.objects.filter(pk=master_id, expires_at__gte=Now()).exists():
        return None  # renewed meanwhile: alive after all
    worker = lease.worker if lease is not None else "?"
    logger.warning("master PDF of revision %s: worker %s stopped renewing attempt %s; queued again",
                   master.revision_id, worker, master.attempts)
    master.status = MasterPDF.Status.QUEUED
    master.queued_at = timezone.now()
    master.error = ""
    save_tracked(master, reason=_("Tiến trình tạo bản gốc PDF bị dừng giữa chừng (lần tạo thứ %(n)s); hệ thống "
                                  "tự xếp hàng tạo lại.") % {"n": master.attempts})
    leases.release(master_id)
    if lease is not None and lease.task_id:
        _mark_task_lost(lease.task_id, master_id)
    transaction.on_commit(lambda: render_master_task.enqueue(master_id))
    return master


def _close_orphan_tasks():
    """Render task rows left RUNNING that no live render owns, started longer than a lease ago.

    Their worker died between claiming the task and claiming the master, or between settling the master
    and closing the task (windows of milliseconds), or before leases existed. Each is marked failed; a
    master it left queued is queued again (a second task for a master renders nothing: render.py).
    """
    cutoff = timezone.now() - leases.LEASE_FOR
    rows = list(DBTaskResult.objects.running().filter(task_path=render_master_task.module_path,
                                                      started_at__lt=cutoff).values_list("id", "args_kwargs"))
    if not rows:
        return
    live = set(RenderLease.objects.filter(expires_at__gte=Now()).values_list("task_id", flat=True))
    for task_id, args_kwargs in rows:
        if str(task_id) in live:
            continue
        master_id = _master_id(args_kwargs)
        if _mark_task_lost(task_id, master_id) and master_id is not None \
                and MasterPDF.objects.filter(pk=master_id, status=MasterPDF.Status.QUEUED).exists():
            logger.warning("master PDF %s was left queued by a lost task: queued again", master_id)
            render_master_task.enqueue(master_id)


def _master_id(args_kwargs):
    args = (args_kwargs or {}).get("args") or []
    master_id = args[0] if args else (args_kwargs or {}).get("kwargs", {}).get("master_id")
    return master_id if isinstance(master_id, int) else None


def _mark_task_lost(task_id, master_id):
    """Close a dead worker's RUNNING task row through django-tasks-db's own API; True if it was still open."""
    try:
        uuid.UUID(str(task_id))
    except ValueError:  # not a django-tasks-db row (another backend's id)
        return False
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().filter(pk=task_id).running().first()
        if row is None:
            return False
        row.set_failed(leases.RenderWorkerLost(
            f"the worker {', '.join(row.worker_ids) or '?'} died while rendering master PDF {master_id}; "
            f"the render was queued again"))
    logger.warning("task %s (master PDF %s) marked failed: its worker died", task_id, master_id)
    return True
