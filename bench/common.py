"""Shared set-up: choose the database, migrate, seed when empty, find the benchmark user."""

import json
import os
import platform
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URLS = {
    "sqlite": f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}",
    "postgres": "postgres://postgres@127.0.0.1:5432/qms_bench",
}
# Each subject's bench.py, in this order: pages run and are reported in it.
APP_MODULES = [
    "processes.documents.bench",
    "processes.copies.bench",
    "processes.public.bench",
    "audits.capa.bench",
    "audits.feedback.bench",
    "audits.internal.bench",
    "quality.review.bench",
    "qms.pdf.bench",
    "quality.objectives.bench",
    "quality.dashboards.bench",
    "quality.reports.bench",
    "quality.context.bench",
    "quality.risks.bench",
    "quality.transition.bench",
    "api.v1.bench",
    "cases.files.bench",
    "cases.late.bench",
    "cases.figures.bench",
]


def configure(db, database_url=None):
    """Set the environment for Django (before django.setup()); returns the env for child processes."""
    url = database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URLS[db]
    env = {
        "DATABASE_URL": url,
        "QMS_ENV": "development",
        "DEBUG": "0",  # DEBUG keeps every query in memory and would distort time and RSS
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(60),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "qms.settings",
    }
    os.environ.update(env)
    if url.startswith("postgres"):
        _create_postgres_database(url)
    sys.path.insert(0, str(ROOT))
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    return env


def _create_postgres_database(url):
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')  # nosec B608 - name from the operator's own URL


def prepare(seed="auto", stdout=sys.stdout):
    """Migrate, and seed demo data if the database has no users (phase 2: seed_scale)."""
    from django.core.management import call_command

    from qms.core.models import User

    call_command("migrate", interactive=False, verbosity=0)
    if seed == "demo" or (seed == "auto" and not User.objects.exists()):
        print("Seeding demo data (no users found) …", file=stdout)
        call_command("seed_demo", quiet=True)


def bench_user(username=None):
    from qms.core.models import Role, User

    users = User.objects.filter(is_active=True, agency__isnull=False)
    if username:
        return users.get(username=username)
    user = users.with_role(Role.COORDINATOR).order_by("id").first()
    if user is None:
        raise SystemExit("No coordinator found: seed the database first (seed_demo or seed_scale).")
    return user


def load_app_modules(attribute):
    import importlib

    items = []
    for name in APP_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        items.extend(getattr(module, attribute, []))
    return items


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def summary(values):
    return {
        "n": len(values),
        "median_ms": statistics.median(values) * 1000 if values else float("nan"),
        "p95_ms": percentile(values, 0.95) * 1000,
        "min_ms": min(values) * 1000 if values else float("nan"),
    }


def environment():
    from django.db import connection

    import django

    return {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "database": connection.vendor,
        "database_name": str(connection.settings_dict["NAME"]),
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "rows": table_sizes(),
    }


def table_sizes():
    from django.apps import apps

    sizes = {}
    for model in apps.get_models():
        label = model._meta.label
        if label.split(".")[0] in {"core", "processes", "audits", "pdf"} and not label.split(".")[1].startswith("Historical"):
            sizes[label] = model._default_manager.count()
    from qms.core.integrity import tracked_models

    sizes["history rows"] = sum(m.history.model._default_manager.count() for m in tracked_models())
    return sizes


def write_result(kind, db, payload):
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{kind}-{db}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str))
    return path
