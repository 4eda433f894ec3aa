"""``/metrics`` in Prometheus text format.

Two kinds of figure:

* counted in the web process that saw them: requests by view name and status with a latency histogram
  (:class:`RequestMetricsMiddleware`), logins, failed logins and lockouts (signals, django-axes). Under
  gunicorn each worker counts its own; set ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder per node, emptied
  at start) and the scrape adds all workers of the node up (prometheus-client's multiprocess mode).
* read from the database at each scrape, so every node reports the same whatever worker did the work: the
  task queue's depth and the age of its oldest waiting task, and what subjects register
  (``qms.core.subjects.register_metrics``: master PDF render times and failed renders).
"""

import os
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

REQUESTS = Counter("qms_http_requests", "HTTP requests answered, by view name, method and status.",
                   ["view", "method", "status"])
LATENCY = Histogram("qms_http_request_duration_seconds", "Time to answer a request, by view name.", ["view"],
                    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
LOGINS = Counter("qms_logins", "Successful logins.")
LOGIN_FAILURES = Counter("qms_login_failures", "Wrong passwords (login page and signatures).")
LOCKOUTS = Counter("qms_lockouts", "Username and address pairs locked by django-axes.")


def view_label(request):
    """The URL pattern's name, never the path: paths hold ids and would make a series per record."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or match._func_path


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_label(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response


def _logged_in(**kwargs):
    LOGINS.inc()


def _login_failed(**kwargs):
    LOGIN_FAILURES.inc()


def _locked_out(**kwargs):
    LOCKOUTS.inc()


def connect_signals():
    user_logged_in.connect(_logged_in, dispatch_uid="qms_metrics_login")
    user_login_failed.connect(_login_failed, dispatch_uid="qms_metrics_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="qms_metrics_locked_out")


def queue_state(now=None):
    """(tasks waiting, seconds the oldest due one has waited, tasks running), from django-tasks-db's table."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    counts = dict(DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
                  .values_list("status").annotate(n=Count("id")))
    due = DBTaskResult.objects.ready()
    # A task without a start time waits from when it was queued; one queued for later, from that time.
    oldest = [due.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"],
              due.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"]]
    oldest = min(filter(None, oldest), default=None)
    lag = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    return counts.get(TaskResultStatus.READY, 0), lag, counts.get(TaskResultStatus.RUNNING, 0)


class DatabaseCollector:
    """Figures read from the database at scrape time (the same on every node)."""

    def collect(self):
        from qms.core.subjects import metric_collectors

        depth, lag, running = queue_state()
        yield GaugeMetricFamily("qms_task_queue_depth", "Tasks waiting in the queue.", value=depth)
        yield GaugeMetricFamily("qms_task_queue_oldest_age_seconds",
                                "How long the oldest due task has waited.", value=lag)
        yield GaugeMetricFamily("qms_task_running", "Tasks a worker is running now.", value=running)
        for collect in metric_collectors():
            yield from collect()


def exposition():
    """The whole text: the process's (or, in multiprocess mode, the node's) counters, then the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        local = CollectorRegistry()
        multiprocess.MultiProcessCollector(local)
    else:
        from prometheus_client import REGISTRY as local
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    # The 0.0.4 text format is what generate_latest writes and every Prometheus version reads.
    return generate_latest(local) + generate_latest(database), CONTENT_TYPE_PLAIN_0_0_4
