"""Run the daily jobs: revisions reaching their effective date, review and action reminders,
escalations. Each subject lists its jobs in its ``jobs.py`` as ``JOBS = [function(*, today), ...]`` and
its app registers them (``qms.core.subjects.register_jobs``).

Every job is idempotent for a given day, so running this more often than daily (``--loop``
checks every few minutes) only makes effective dates switch sooner after midnight.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from qms.core.subjects import scheduled_jobs

log = logging.getLogger("qms.scheduler")


def run_jobs(today):
    results = {}
    for job in scheduled_jobs():
        label = f"{job.__module__}.{job.__name__}"
        try:
            results[label] = job(today=today)
        except Exception:  # one failing job must not stop the others; it is logged and retried next run
            log.exception("scheduled job %s failed", label)
            results[label] = "failed"
    return results


class Command(BaseCommand):
    help = "Run the daily QMS jobs once (default) or every --interval seconds with --loop."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, every --interval seconds.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between runs with --loop.")
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD), for catching up.")
        parser.add_argument("--dry-run", action="store_true", help="List the jobs without running them.")

    def handle(self, *args, loop=False, interval=300, date=None, dry_run=False, **options):
        if dry_run:
            for job in scheduled_jobs():
                self.stdout.write(f"{job.__module__}.{job.__name__}")
            return
        if date and not parse_date(date):
            raise CommandError("--date must be YYYY-MM-DD")
        while True:
            today = parse_date(date) if date else timezone.localdate()
            for label, result in run_jobs(today).items():
                self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M} {label}: {result}")
            if not loop:
                return
            time.sleep(max(interval, 10))
