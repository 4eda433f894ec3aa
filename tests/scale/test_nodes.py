"""Two gunicorn nodes, two task workers and a scheduler per node on one PostgreSQL and a local S3 server: the
small version of bench/nodes.py (its module docstring says what it starts and checks), run as CI runs it."""

import json
import os
import subprocess  # nosec B404 - runs the project's own benchmark with an argument list
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.nodes, pytest.mark.django_db]


def _database_url():
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += ":" + s["PASSWORD"]
    # A database of its own beside the test database (the run drops and creates it).
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME'][:50]}_nodes"


def test_two_nodes_share_the_load_survive_one_stopping_and_render_and_schedule_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several nodes share one PostgreSQL: run with DATABASE_URL=postgres://… (the CI PostgreSQL leg)")
    from tests.s3 import free_port

    report = tmp_path / "nodes.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_SETTINGS"))}
    run = subprocess.run([sys.executable, "-m", "bench.nodes", "--small", "--port", str(free_port()),  # nosec B603
                          "--database-url", _database_url(), "--json", str(report), "--max-seconds", "170"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert report.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(report.read_text())
    failed = [name for name, ok in result["checks"].items() if not ok]
    assert not failed, (failed, run.stdout[-3000:])
    assert run.returncode == 0
    one, every, failover = result["phases"]
    assert one["errors"] == every["errors"] == failover["errors"] == 0
    assert len(every["per_node"]) == 2 and all(n["requests"] > 0 for n in every["per_node"].values())
    assert failover["killed_port"] is not None and failover["in_flight_lost"] <= result["args"]["clients"]
    assert result["renders_per_master"] == [1] and result["master_files_in_bucket"] == result["masters"] > 0
    assert result["ratio_all_to_one"] > 0
