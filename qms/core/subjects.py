"""What each subject contributes to the core, registered from its app's ``AppConfig.ready()``.

The core imports no app (tests/test_layout.py checks): pages and commands that gather from every
subject (My work, the scheduler, the demo data, the history page, the provincial overview,
seed_scale) read these lists instead. Registration order is INSTALLED_APPS order, then the order
an app's ready() registers in, so it is the same on every start; seed_scale's steps, which run
across both apps, also carry an explicit order.
"""

_jobs = []  # callables job(*, today) run daily by ``run_scheduled``; each idempotent for a day (see watch())
_demo_seeders = []  # callables seed(agencies, users) run in order by ``seed_demo``
_history_scopes = []  # callables scopes(user) -> {"app.model": (queryset, managers_only)}
_overview_figures = []  # callables fill(rows, today): rows is {agency_id: AgencyStatus}
_scale_steps = []  # (order, step): step(seeder, ctx) run per agency by ``seed_scale``, by ascending order
_messages = {}  # notification key -> qms.core.messages.Message, rendered by qms.core.messages.render


def _add(registry, fn):
    if fn not in registry:
        registry.append(fn)
    return fn


def register_jobs(*jobs):
    for job in jobs:
        _add(_jobs, job)


def watch(job):
    """Mark a job to run on every pass of the scheduler's watch loop (``run_scheduled --loop``, every
    ``--watch-interval`` seconds, 30 by default) instead of with the daily jobs: for checks whose delay
    matters, such as a render left behind by a killed worker. A watch job must be quick and idempotent."""
    job.watch = True
    return job


def register_demo(seed):
    return _add(_demo_seeders, seed)


def register_history_scopes(scopes):
    return _add(_history_scopes, scopes)


def register_overview(fill):
    return _add(_overview_figures, fill)


def register_scale(*steps):
    """Add seed_scale generators, each an ``(order, step)`` pair (qms/core/scale/generate.py lists them).

    The order is explicit because a step reads what earlier ones put in the agency's ``ctx`` and the
    data depend on the order of the random draws; equal orders run in registration order.
    """
    for order, step in steps:
        _add(_scale_steps, (order, step))


def scheduled_jobs():
    return list(_jobs)


def daily_jobs():
    return [job for job in _jobs if not getattr(job, "watch", False)]


def watch_jobs():
    return [job for job in _jobs if getattr(job, "watch", False)]


def demo_seeders():
    return list(_demo_seeders)


def history_scopes(user):
    """Which objects' history ``user`` may read, per model label, from every subject."""
    scopes = {}
    for provider in _history_scopes:
        scopes.update(provider(user))
    return scopes


def overview_figures():
    return list(_overview_figures)


def scale_steps():
    """seed_scale's per-agency steps, in the order they run."""
    return [step for _order, step in sorted(_scale_steps, key=lambda pair: pair[0])]



def register_messages(messages):
    """Add a subject's notification messages ({key: Message}); a key names one message only."""
    for key, message in messages.items():
        if _messages.get(key, message) != message:
            raise ValueError(f"Notification message {key!r} is registered twice.")
        _messages[key] = message


def notification_message(key):
    return _messages.get(key)


def registered_messages():
    return dict(_messages)


_metrics = []  # callables collect() -> iterable of prometheus_client metric families, read at each /metrics


def register_metrics(collect):
    """Figures a subject adds to ``/metrics`` (qms/core/health), computed from the database at each scrape so
    that every node reports the same (a render runs on a worker, the scrape reaches a web node)."""
    return _add(_metrics, collect)


def metric_collectors():
    return list(_metrics)
