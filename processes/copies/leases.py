"""The lease of a master render: how a worker killed mid-render is noticed within two minutes.

* ``render.render_master`` **claims** the lease in the transaction that marks the master "rendering"
  (:func:`claim`), and **renews** it every :data:`HEARTBEAT_EVERY` seconds while the bounded render child
  works (:class:`Heartbeat`, called from the waiting loop of qms/pdf/render.py: no thread, so nothing holds
  a lock when a render forks). Each renewal pushes ``expires_at`` to :data:`LEASE_FOR` from now.
* The lease is deleted in the transaction that settles the master (done, failed, queued again): a master
  is "rendering" exactly while it has a lease (:class:`~processes.copies.models.RenderLease`, a table of its
  own, not history-tracked, so renewals write no history).
* ``services.requeue_dead_renders`` runs every 30 s in the scheduler's watch loop
  (``run_scheduled --loop``, ``--watch-interval``): a "rendering" master without a live lease lost its
  worker; it is queued again, and the worker's task row (django-tasks-db, left RUNNING by the dead
  process) is marked failed with :class:`RenderWorkerLost`.

**Bound.** A worker dies at t; its last renewal was at or before t, so the lease expires at most
:data:`LEASE_FOR` (60 s) later, and the next watch pass, at most 30 s after that, queues the master again:
within 90 s of the death; an idle worker (``db_worker`` polls every second) then starts it. A live render
is presumed dead only after four renewals in a row failed; if it was alive after all, it is fenced:
its renewals find the lease gone (:class:`LeaseLost` stops its render child) and, should it finish, it
stores nothing because the master's ``attempts`` moved on (render.py checks ``attempt`` when settling).

Times are the database's clock (``Now()``), so workers and the scheduler on other machines agree.
"""

import datetime
import logging
import os
import socket

from django.db import DatabaseError
from django.db.models import DateTimeField, ExpressionWrapper
from django.db.models.functions import Now
from django.utils import timezone

from processes.copies.models import MasterPDF, RenderLease

logger = logging.getLogger("qms.pdf")

HEARTBEAT_EVERY = 15.0  # seconds between two renewals while a render runs
LEASE_FOR = datetime.timedelta(seconds=60)  # a lease not renewed for this long belongs to a dead worker


class LeaseLost(Exception):
    """This render's lease was taken back (it was presumed dead and queued again): stop, store nothing."""


class RenderWorkerLost(Exception):
    """Recorded on the task row of a render whose worker died (the task stayed RUNNING)."""


EXPIRED = datetime.timedelta(seconds=1)


def _at(delta):
    """The database's now + ``delta``."""
    return ExpressionWrapper(Now() + delta, output_field=DateTimeField())


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def claim(master, *, task_id=""):
    """Take the lease for ``master`` (status just set to "rendering", ``attempts`` just counted), inside that
    transaction. A lease left over from an earlier attempt is replaced."""
    RenderLease.objects.update_or_create(master=master, defaults={
        "attempt": master.attempts, "worker": worker_name(), "task_id": str(task_id or "")[:64],
        "heartbeat_at": Now(), "expires_at": _at(LEASE_FOR),
    })


def renew(master_id, attempt):
    """Push the lease of this attempt forward. False when it is gone: the render was presumed dead."""
    renewed = RenderLease.objects.filter(master_id=master_id, attempt=attempt).update(
        heartbeat_at=Now(), expires_at=_at(LEASE_FOR))
    return renewed == 1


def expire(master_id, attempt):
    """End the lease now (the worker is being stopped mid-render): the next watch pass queues it again."""
    RenderLease.objects.filter(master_id=master_id, attempt=attempt).update(expires_at=_at(-EXPIRED))


def release(master_id):
    RenderLease.objects.filter(master_id=master_id).delete()


class Heartbeat:
    """What the render's waiting loop calls every :data:`HEARTBEAT_EVERY` seconds.

    A database error does not stop the render (the lease has room for several missed renewals, and if it
    runs out the render is fenced anyway); a lease found gone raises :class:`LeaseLost`.
    """

    def __init__(self, master_id, attempt):
        self.master_id = master_id
        self.attempt = attempt

    def __call__(self):
        try:
            alive = renew(self.master_id, self.attempt)
        except DatabaseError:
            logger.exception("lease of master PDF %s (attempt %s) not renewed", self.master_id, self.attempt)
            return
        if not alive:
            logger.warning("master PDF %s: lease of attempt %s taken back; render stopped", self.master_id,
                           self.attempt)
            raise LeaseLost(f"master PDF {self.master_id}, attempt {self.attempt}")


def dead_renders():
    """Masters "rendering" without a live lease: their worker died (or they predate leases)."""
    return MasterPDF.objects.filter(status=MasterPDF.Status.RENDERING).exclude(lease__expires_at__gte=Now())


def is_alive(master):
    """For pages: is this "rendering" master still renewed by its worker? (``select_related("lease")``.)"""
    lease = getattr(master, "lease", None)
    return lease is not None and lease.expires_at >= timezone.now()
