"""A worker killed mid-render (quality.md "Faults"; security review finding 11), with real processes.

The worker is the command line of bin/start (``db_worker --queue-name "*" --no-reload``) run through
tests/faults/slow_render_worker.py, which only makes its renders slow and its lease short (3 s, renewed
every 0.5 s instead of 60 s and 15 s); the scheduler is the real ``run_scheduled --loop`` with a 1 s watch
interval (30 s in production). Both use the test database (a file for SQLite, so other processes see it;
hence ``transaction=True``), and the test reads what they did from it:

- a live render longer than several leases is left alone: renewed, never re-queued, done once;
- SIGKILL to the worker: its render child dies with it, the scheduler queues the master again within
  lease + watch interval, the dead task row is marked failed, and a fresh worker renders exactly one
  valid master.
"""

import io
import os
import shlex
import signal
import subprocess  # nosec B404 - starts the project's own manage.py with argument lists
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pikepdf
import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from processes.copies.models import MasterPDF, RenderLease
from qms.pdf import codes
from tests.conftest import build_world
from tests.processes.documents.helpers import approve, make_document, make_draft, submit

ROOT = Path(__file__).resolve().parents[2]
TASK_PATH = "processes.copies.tasks.render_master_task"
LEASE = 4.0  # seconds (production: 60)
HEARTBEAT = 0.5  # seconds (production: 15)
WATCH = 1  # seconds between watch passes of the scheduler (production: 30)
SLACK = 5.0  # a watch pass and the polling here, on a busy shared machine
LOST = "Tiến trình tạo bản gốc PDF bị dừng giữa chừng"


def worker_command_of_bin_start():
    """The db_worker arguments bin/start runs the worker with."""
    for line in (ROOT / "bin" / "start").read_text().splitlines():
        if "db_worker" in line and not line.lstrip().startswith("#"):
            args = shlex.split(line.split(">", 1)[0])
            return args[args.index("db_worker"):]
    raise AssertionError("bin/start starts no db_worker")


def database_url():
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


class Processes:
    """Starts project processes on the test database; stops whatever is left at the end."""

    def __init__(self, tmp_path, media_root):
        self.tmp_path = tmp_path
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "QMS_TEST_"))}
        self.env.update(DJANGO_SETTINGS_MODULE="qms.settings", DATABASE_URL=database_url(),
                        MEDIA_ROOT=str(media_root), TASKS_BACKEND="django_tasks_db.DatabaseBackend",
                        QMS_ENV="development", PYTHONPATH=str(ROOT))
        self.started = []

    def start(self, name, args, **env):
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**self.env, **env},  # nosec B603
                                stdout=log, stderr=subprocess.STDOUT)
        proc.log = log
        proc.name = name
        self.started.append(proc)
        return proc

    def log(self, proc):
        proc.log.flush()
        return (self.tmp_path / f"{proc.name}.log").read_text(errors="replace")[-4000:]

    def slow_worker(self, delay):
        return self.start("worker", ["-m", "tests.faults.slow_render_worker", *worker_command_of_bin_start(),
                                     "--no-startup-delay", "--interval", "0.2"],
                          QMS_TEST_RENDER_DELAY=str(delay), QMS_TEST_LEASE=str(LEASE), QMS_TEST_HEARTBEAT=str(HEARTBEAT))

    def scheduler(self):
        return self.start("scheduler", ["manage.py", "run_scheduled", "--loop", "--watch-interval", str(WATCH),
                                        "--interval", "3600"])

    def stop(self):
        for proc in self.started:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            proc.log.close()


@pytest.fixture
def processes(tmp_path, settings):
    running = Processes(tmp_path, settings.MEDIA_ROOT)
    yield running
    running.stop()


def wait_for(condition, timeout, what, procs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        for proc in procs:
            assert proc.poll() is None, f"{proc.name} exited ({proc.returncode}) while waiting for {what}"
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout} s: {what}")


def explained(processes, *procs):
    """What the processes logged and the render's rows, for a failure message."""
    rows = [(m.status, m.attempts) for m in MasterPDF.objects.all()]
    leases = list(RenderLease.objects.values_list("attempt", "heartbeat_at", "expires_at"))
    return f"masters {rows}, leases {leases}\n" + "\n".join(f"--- {p.name}:\n{processes.log(p)}" for p in procs)


def queued_master(settings):
    """An approved revision whose master render is a READY task row, as the web server leaves it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world = build_world()
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    approve(world, draft)  # commits; the task row is written on commit
    master = MasterPDF.objects.get(revision=draft)
    assert master.status == MasterPDF.Status.QUEUED
    return master


def lease_of(master):
    return RenderLease.objects.filter(master=master).first()


def render_tasks():
    return list(DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at"))


def children_of(pid):
    pids = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids |= {int(p) for p in (task / "children").read_text().split()}
    return pids


def is_gone(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")  # a zombie no one reaped yet is dead too


def assert_one_valid_master(master, settings):
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.error == ""
    files = sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    assert [f.name for f in files] == [Path(master.file.name).name]  # one file: the master's
    data = files[0].read_bytes()
    assert codes.sha256_hex(data) == master.sha256 and len(data) == master.size
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == master.pages >= 1
    assert not RenderLease.objects.exists()


def test_bin_start_runs_the_worker_without_the_autoreloader_and_the_scheduler_with_its_watch():
    assert "--no-reload" in worker_command_of_bin_start()
    start = (ROOT / "bin" / "start").read_text()
    assert "run_scheduled --loop" in start


@pytest.mark.django_db(transaction=True)
def test_a_live_render_longer_than_its_lease_is_left_alone_and_done_once(settings, processes):
    master = queued_master(settings)
    scheduler = processes.scheduler()
    worker = processes.slow_worker(delay=3 * LEASE)

    lease = wait_for(lambda: lease_of(master), 90, "the worker claims the master", [worker, scheduler])
    # The PID bin/start would keep is the worker's own (no autoreloader parent in between).
    assert lease.worker.endswith(f":{worker.pid}") and lease.attempt == 1
    first_beat = lease.heartbeat_at
    wait_for(lambda: MasterPDF.objects.get(pk=master.pk).status == MasterPDF.Status.DONE, 3 * LEASE + 60,
             "the slow render finishes", [worker, scheduler])
    processes.stop()

    assert_one_valid_master(master, settings)
    assert master.attempts == 1, explained(processes, worker, scheduler)  # not queued again: three leases long
    assert not [h for h in master.history.all() if (h.history_change_reason or "").startswith(LOST)]
    assert master.render_seconds >= 3 * LEASE and master.rendered_at > first_beat
    assert [t.status for t in render_tasks()] == ["SUCCESSFUL"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_is_requeued_within_lease_and_watch_and_rendered_once(settings, processes):
    master = queued_master(settings)
    scheduler = processes.scheduler()
    worker = processes.slow_worker(delay=600)

    lease = wait_for(lambda: lease_of(master), 90, "the worker claims the master", [worker, scheduler])
    assert lease.worker.endswith(f":{worker.pid}")
    claimed_beat = lease.heartbeat_at
    # The render goes on past its first lease: renewed, and the running scheduler leaves it alone.
    wait_for(lambda: (lease_of(master) or lease).heartbeat_at > claimed_beat, 10, "a renewal", [worker, scheduler])
    time.sleep(2 * LEASE)
    still = MasterPDF.objects.get(pk=master.pk)
    assert (still.status, still.attempts) == (MasterPDF.Status.RENDERING, 1), explained(processes, worker, scheduler)
    render_child = wait_for(lambda: children_of(worker.pid), 10, "the forked render child", [worker])

    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    killed_at = time.monotonic()

    wait_for(lambda: all(is_gone(pid) for pid in render_child), 5, "the render child dies with its worker")
    wait_for(lambda: MasterPDF.objects.get(pk=master.pk).status == MasterPDF.Status.QUEUED,
             LEASE + WATCH + SLACK + 30, "the scheduler queues the master again", [scheduler])
    detected = time.monotonic() - killed_at
    assert detected <= LEASE + WATCH + SLACK, (detected, explained(processes, scheduler))
    # the new task row is written right after the requeue commits (on_commit)
    dead_task, new_task = wait_for(lambda: len(render_tasks()) == 2 and render_tasks(), 10, "the new task row")
    assert dead_task.status == "FAILED", explained(processes, scheduler)
    assert dead_task.exception_class_path == "processes.copies.leases.RenderWorkerLost"
    assert new_task.status == "READY" and new_task.args_kwargs["args"] == [master.pk]
    assert not RenderLease.objects.exists()

    # A worker started again (here at normal speed, once through the queue) renders it, once.
    again = processes.start("worker-again", ["manage.py", *worker_command_of_bin_start(), "--batch",
                                             "--no-startup-delay", "--interval", "0"])
    assert again.wait(120) == 0, processes.log(again)
    processes.stop()

    assert_one_valid_master(master, settings)
    assert master.attempts == 2
    assert [t.status for t in render_tasks()] == ["FAILED", "SUCCESSFUL"]
    states = [(h.status, (h.history_change_reason or "")[:len(LOST)]) for h in master.history.order_by("history_id")]
    assert states == [("queued", ""), ("rendering", ""), ("queued", LOST), ("rendering", ""), ("done", "")]
