"""Run the scheduled jobs: revisions reaching their effective date, review and action reminders,
escalations, and the watch for renders left behind by a killed worker. Each subject lists its jobs in its
``jobs.py`` as ``JOBS = [function(*, today), ...]`` and its app registers them
(``qms.core.subjects.register_jobs``).

Every daily job runs once per day across every node that runs this command (qms/core/scheduler.py
claims a (job, day) row first), so ``--loop`` checking every ``--interval`` seconds (300 by default) runs it
soon after midnight and then skips it until the next day; a failed job is tried again on the next pass. Jobs marked ``@subjects.watch`` run apart, in a thread of their own, every
``--watch-interval`` seconds (30 by default), so that a slow daily pass (e-mails to send) never delays
them: a master PDF whose worker died is queued again within 90 s (processes/copies/leases.py).
Without ``--loop`` (from cron) every job runs once.
"""

import logging
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone
from django.utils.dateparse import parse_date

from qms.core import scheduler
from qms.core.subjects import daily_jobs, scheduled_jobs, watch_jobs

log = logging.getLogger("qms.scheduler")

WATCH_INTERVAL = 30  # seconds between two passes of the watch jobs with --loop


def run_jobs(today, jobs=None, *, watch=False):
    """Run ``jobs`` (all by default); daily ones only when this scheduler claims them for ``today``.
    ``watch``: the watch loop's pass, whose jobs are never claimed (they run every few seconds)."""
    results = {}
    for job in scheduled_jobs() if jobs is None else jobs:
        label = f"{job.__module__}.{job.__name__}"
        run = None
        if not watch and not getattr(job, "watch", False):
            run = scheduler.claim(label, today)
            if run is None:  # another node ran it, or runs it now, for this day
                results[label] = scheduler.ALREADY
                continue
        try:
            results[label] = job(today=today)
        except Exception:  # one failing job must not stop the others; it is logged and retried next run
            log.exception("scheduled job %s failed", label)
            results[label] = "failed"
        if run is not None:
            scheduler.finish(run, failed=results[label] == "failed", result=results[label])
    return results


class WatchLoop(threading.Thread):
    """The watch jobs every ``interval`` seconds, with the thread's own database connection."""

    def __init__(self, interval, write):
        super().__init__(name="qms-watch", daemon=True)
        self.interval = interval
        self.write = write
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                for label, result in run_jobs(timezone.localdate(), watch_jobs(), watch=True).items():
                    if result:  # quiet when there was nothing to do: it runs every few seconds
                        self.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {label}: {result}")
            except Exception:  # never let the watch die: log and try again next pass
                log.exception("watch pass failed")
            finally:
                connections.close_all()  # this thread's connections only; a fresh one next pass
            self.stopping.wait(self.interval)


class Command(BaseCommand):
    help = ("Run the QMS jobs once (default) or with --loop: the daily ones every --interval seconds, "
            "the watch ones every --watch-interval seconds.")

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval seconds.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between runs with --loop.")
        parser.add_argument("--watch-interval", type=float, default=WATCH_INTERVAL,
                            help="Seconds between two passes of the watch jobs (dead renders) with --loop.")
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD), for catching up.")
        parser.add_argument("--dry-run", action="store_true", help="List the jobs without running them.")

    def handle(self, *args, loop=False, interval=300, watch_interval=WATCH_INTERVAL, date=None, dry_run=False,
               **options):
        if dry_run:
            for job in scheduled_jobs():
                every = f" (watch: every {watch_interval:g} s with --loop)" if job in watch_jobs() else ""
                self.stdout.write(f"{job.__module__}.{job.__name__}{every}")
            return
        if date and not parse_date(date):
            raise CommandError("--date must be YYYY-MM-DD")
        if watch_interval < 1:
            raise CommandError("--watch-interval must be at least 1 second")
        watcher = None
        if loop:
            watcher = WatchLoop(watch_interval, self.stdout.write)
            watcher.start()
        try:
            while True:
                today = parse_date(date) if date else timezone.localdate()
                # once (cron): the watch jobs first, so that slow daily jobs do not delay them
                for label, result in run_jobs(today, daily_jobs() if loop else watch_jobs() + daily_jobs()).items():
                    self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M} {label}: {result}")
                if not loop:
                    return
                time.sleep(max(interval, 10))
        finally:
            if watcher is not None:
                watcher.stopping.set()
