"""The lease of a master render (processes/copies/leases.py, recovery.py): renewed while the render runs,
written apart from the master's history, and a render that stops renewing it is queued again by the watch
job; a render presumed dead stores nothing; a master is never rendered twice at once.

The same with real processes killed mid-render: tests/faults/test_worker_killed.py.
"""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from processes.copies import leases, recovery
from processes.copies import render as master_render
from processes.copies import services as services_pdf
from processes.copies.models import MasterPDF, RenderLease
from qms.core.management.commands import run_scheduled
from qms.pdf import codes
from qms.pdf import render as pdf_render
from tests.concurrency.helpers import run_concurrently
from tests.conftest import build_world
from tests.processes.copies.conftest import master_of
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit

TASK_PATH = "processes.copies.tasks.render_master_task"
LOST_REASON = "Tiến trình tạo bản gốc PDF bị dừng giữa chừng"


def slow_renders(monkeypatch, seconds):
    """Renders in the forked child take ``seconds`` longer (the parent waits and renews its lease)."""
    real = pdf_render.render_in_process

    def slow(html, **kwargs):
        time.sleep(seconds)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf_render, "render_in_process", slow)


def counting_renews(monkeypatch):
    calls = []
    real = leases.renew

    def renew(master_id, attempt):
        alive = real(master_id, attempt)
        calls.append(alive)
        return alive

    monkeypatch.setattr(leases, "renew", renew)
    return calls


def make_rendering(master, *, lease_age=None, task_id=""):
    """Put ``master`` in the state a worker leaves it in mid-render: "rendering", its attempt counted, a lease
    last renewed ``lease_age`` ago (None: no lease at all, as a render from before leases)."""
    master.status = MasterPDF.Status.RENDERING
    master.started_at = timezone.now() - (lease_age or datetime.timedelta(0))
    master.attempts += 1
    master.save()
    if lease_age is not None:
        renewed = timezone.now() - lease_age
        RenderLease.objects.create(master=master, attempt=master.attempts, worker="dead-host:4242", task_id=task_id,
                                   heartbeat_at=renewed, expires_at=renewed + leases.LEASE_FOR)
    return master


EXPIRED = leases.LEASE_FOR + datetime.timedelta(seconds=5)
FRESH = datetime.timedelta(seconds=5)


def media_pdfs(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*.pdf")) if root.exists() else []


# --- the lease while a render runs ------------------------------------------------------------------------------


def test_a_render_renews_its_lease_while_it_runs_without_writing_history(world, publish, monkeypatch):
    monkeypatch.setattr(leases, "HEARTBEAT_EVERY", 0.1)
    slow_renders(monkeypatch, 1.0)
    renews = counting_renews(monkeypatch)

    revision = publish()

    master = master_of(revision)
    assert master.status == MasterPDF.Status.DONE and master.attempts == 1
    assert len(renews) >= 4 and all(renews)  # the parent renewed the lease all through the render
    assert not RenderLease.objects.exists()  # released with the master settled
    # created (queued), rendering, done: the renewals wrote nothing to the master's history
    assert [h.status for h in master.history.order_by("history_id")] == ["queued", "rendering", "done"]


def test_the_lease_is_claimed_with_the_rendering_state_and_names_the_worker_and_task(world, publish, monkeypatch):
    revision = publish()
    master = master_of(revision)
    seen = {}

    def look(html, **kwargs):
        lease = RenderLease.objects.get(master=master)
        seen.update(attempt=lease.attempt, worker=lease.worker, task_id=lease.task_id,
                    status=MasterPDF.objects.get(pk=master.pk).status,
                    ahead=(lease.expires_at - lease.heartbeat_at))
        raise pdf_render.RenderCrashed("stopped here")

    monkeypatch.setattr(pdf_render, "render_result", look)
    master.status = MasterPDF.Status.QUEUED
    master.save()
    master_render.render_master(master_id=master.pk, task_id="7d0b3c52-6c2e-4a43-9d4f-3f1f2a0d2a11")

    assert seen["status"] == MasterPDF.Status.RENDERING and seen["attempt"] == 2
    assert seen["worker"].endswith(f":{os.getpid()}")
    assert seen["task_id"] == "7d0b3c52-6c2e-4a43-9d4f-3f1f2a0d2a11"
    assert abs(seen["ahead"] - leases.LEASE_FOR) < datetime.timedelta(seconds=1)
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.FAILED and not RenderLease.objects.exists()


def test_a_render_whose_lease_was_taken_back_stops_its_child_and_stores_nothing(world, publish, monkeypatch,
                                                                                 settings):
    revision = publish()
    master = master_of(revision)
    files_before = media_pdfs(settings)
    monkeypatch.setattr(leases, "HEARTBEAT_EVERY", 0.1)
    slow_renders(monkeypatch, 30)
    real_renew = leases.renew
    taken = []

    def renew(master_id, attempt):
        if not taken:  # the worker looked dead for a while: the watch queued the master again
            RenderLease.objects.filter(master_id=master_id).update(expires_at=timezone.now() - EXPIRED)
            taken.extend(recovery.requeue_dead_renders())
        return real_renew(master_id, attempt)

    monkeypatch.setattr(leases, "renew", renew)
    master.status = MasterPDF.Status.QUEUED
    master.save()

    started = time.monotonic()
    returned = master_render.render_master(master_id=master.pk)

    assert time.monotonic() - started < 10  # stopped at the next renewal, not after the 30 s render
    assert [m.pk for m in taken] == [master.pk]
    assert returned.status == MasterPDF.Status.QUEUED  # as the watch left it, for the new attempt
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.QUEUED and master.attempts == 2 and master.error == ""
    assert media_pdfs(settings) == files_before  # nothing stored by the stopped attempt


def test_a_render_presumed_dead_that_finishes_after_all_stores_nothing(world, publish, monkeypatch, settings,
                                                                       django_capture_on_commit_callbacks):
    """Attempt 2 stalls past its lease; the watch queues attempt 3, which renders; attempt 2 then finishes."""
    revision = publish()
    master = master_of(revision)
    real = pdf_render.render_result
    calls = []

    def render_result(html, **kwargs):
        calls.append(1)
        result = real(html, **kwargs)
        if len(calls) == 1:  # attempt 2, still in the worker when its lease ran out
            RenderLease.objects.filter(master_id=master.pk).update(expires_at=timezone.now() - EXPIRED)
            with django_capture_on_commit_callbacks(execute=True):  # the watch, then attempt 3 runs
                assert [m.pk for m in recovery.requeue_dead_renders()] == [master.pk]
        return result

    monkeypatch.setattr(pdf_render, "render_result", render_result)
    master.status = MasterPDF.Status.QUEUED
    master.save()
    late = master_render.render_master(master_id=master.pk)

    assert len(calls) == 2
    master.refresh_from_db()
    assert late.pk == master.pk and late.attempts == 3
    assert master.status == MasterPDF.Status.DONE and master.attempts == 3
    files = media_pdfs(settings)
    assert len(files) == 1 and files[0].name == master.file.name.rsplit("/", 1)[-1]  # attempt 2's file removed
    with master.file.open("rb") as handle:
        assert codes.sha256_hex(handle.read()) == master.sha256
    assert not RenderLease.objects.exists()


# --- the watch job ---------------------------------------------------------------------------------------------


def test_watch_requeues_renders_whose_lease_ran_out_and_leaves_live_ones(world, publish,
                                                                          django_capture_on_commit_callbacks):
    dead = make_rendering(master_of(publish()), lease_age=EXPIRED)
    legacy = make_rendering(master_of(publish(document=make_document(world, code="QT-06"))), lease_age=None)
    live = make_rendering(master_of(publish(document=make_document(world, code="QT-07"))), lease_age=FRESH)

    with django_capture_on_commit_callbacks(execute=True):  # the re-queued renders run (immediate backend)
        requeued = recovery.requeue_dead_renders()

    assert sorted(m.pk for m in requeued) == sorted([dead.pk, legacy.pk])
    for master in (dead, legacy):
        master.refresh_from_db()
        assert master.status == MasterPDF.Status.DONE and master.attempts == 3
        reasons = list(master.history.values_list("history_change_reason", flat=True))
        assert any(r and r.startswith(LOST_REASON) for r in reasons)
    live.refresh_from_db()
    assert live.status == MasterPDF.Status.RENDERING and live.attempts == 2  # renewed 5 s ago: left alone
    assert list(RenderLease.objects.values_list("master_id", flat=True)) == [live.pk]
    assert recovery.requeue_dead_renders() == []  # idempotent


def test_watch_is_a_watch_job_of_the_scheduler_and_its_bound_is_under_two_minutes():
    from processes.copies import jobs
    from qms.core.subjects import daily_jobs, watch_jobs

    assert jobs.requeue_dead_renders in watch_jobs() and jobs.requeue_dead_renders not in daily_jobs()
    assert jobs.requeue_stale_masters in daily_jobs()
    parser = run_scheduled.Command().create_parser("manage.py", "run_scheduled")
    watch_every = parser.parse_args(["--loop"]).watch_interval
    # killed right after a renewal: the lease runs out LEASE_FOR later, the next watch pass follows
    assert leases.LEASE_FOR.total_seconds() + watch_every <= 90
    # a live render is presumed dead only after several renewals in a row failed
    assert leases.LEASE_FOR.total_seconds() >= 4 * leases.HEARTBEAT_EVERY


def test_scheduler_runs_watch_jobs_on_their_own_beat(monkeypatch):
    runs = []

    def counter(*, today=None):
        runs.append(time.monotonic())
        return []

    monkeypatch.setattr(run_scheduled, "watch_jobs", lambda: [counter])
    watcher = run_scheduled.WatchLoop(0.05, lambda line: None)
    watcher.start()
    time.sleep(0.6)
    watcher.stopping.set()
    watcher.join(5)
    assert not watcher.is_alive() and len(runs) >= 4


def test_coordinator_may_retry_a_render_only_once_its_lease_ran_out(world, publish, django_capture_on_commit_callbacks):
    master = make_rendering(master_of(publish()), lease_age=FRESH)
    master = MasterPDF.objects.select_related("lease").get(pk=master.pk)
    assert not services_pdf.can_retry(master)
    with pytest.raises(ValidationError):
        services_pdf.retry_master(master=master, user=world.coordinator)

    RenderLease.objects.filter(master=master).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    master = MasterPDF.objects.select_related("lease").get(pk=master.pk)
    assert services_pdf.can_retry(master)
    with django_capture_on_commit_callbacks(execute=True):
        services_pdf.retry_master(master=master, user=world.coordinator)
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.attempts == 3 and not RenderLease.objects.exists()


# --- the task rows of django-tasks-db ----------------------------------------------------------------------------


def _db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued_master(world, django_capture_on_commit_callbacks, code="QT-05"):
    draft = make_draft(world, make_document(world, code=code))
    submit(world, draft)
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, draft)
    return master_of(draft)


def _claim(master, *, started_ago):
    """The READY row of ``master``'s render, claimed by a worker as db_worker does, ``started_ago`` ago."""
    [row] = [r for r in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
             if r.args_kwargs["args"] == [master.pk]]
    row.claim("worker-that-died")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - started_ago)
    return row


def test_the_dead_render_task_row_is_marked_failed_and_a_new_one_queued(world, settings,
                                                                         django_capture_on_commit_callbacks):
    _db_tasks(settings)
    master = _queued_master(world, django_capture_on_commit_callbacks)
    row = _claim(master, started_ago=datetime.timedelta(seconds=3))
    make_rendering(master, lease_age=EXPIRED, task_id=str(row.pk))

    with django_capture_on_commit_callbacks(execute=True):
        assert [m.pk for m in recovery.requeue_dead_renders()] == [master.pk]

    row.refresh_from_db()
    assert row.status == "FAILED" and row.finished_at is not None
    assert row.exception_class_path == "processes.copies.leases.RenderWorkerLost"
    assert "worker-that-died" in row.traceback
    ready = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert [r.args_kwargs["args"] for r in ready] == [[master.pk]]
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.QUEUED


def test_running_task_rows_no_live_render_owns_are_closed_and_their_master_queued_again(
        world, settings, django_capture_on_commit_callbacks):
    _db_tasks(settings)
    # died between claiming the task and claiming the master: the master is still queued
    stranded = _queued_master(world, django_capture_on_commit_callbacks)
    orphan = _claim(stranded, started_ago=leases.LEASE_FOR + datetime.timedelta(seconds=10))
    # a long render, alive: its row is as old, but its lease is fresh
    busy = _queued_master(world, django_capture_on_commit_callbacks, code="QT-06")
    running = _claim(busy, started_ago=leases.LEASE_FOR + datetime.timedelta(seconds=10))
    make_rendering(busy, lease_age=FRESH, task_id=str(running.pk))
    # just claimed: maybe about to claim its master; left alone
    fresh_master = _queued_master(world, django_capture_on_commit_callbacks, code="QT-07")
    just_claimed = _claim(fresh_master, started_ago=datetime.timedelta(seconds=2))

    assert recovery.requeue_dead_renders() == []  # no master was "rendering" without a live lease

    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[orphan.pk] == "FAILED"
    assert statuses[running.pk] == "RUNNING" and statuses[just_claimed.pk] == "RUNNING"
    again = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
    assert [r.args_kwargs["args"] for r in again] == [[stranded.pk]]
    assert recovery.requeue_dead_renders() == []
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 1  # not queued twice


# --- at the same time ------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_watch_passes_at_once_requeue_a_dead_render_once_and_it_renders_once(settings):
    """Two schedulers (or a scheduler and cron) find the same dead render: one task, one new master."""
    _db_tasks(settings)
    world = build_world()
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    approve(world, draft)  # transaction=True: the approval commits and queues its task row
    master = master_of(draft)
    row = _claim(master, started_ago=datetime.timedelta(seconds=3))
    make_rendering(master, lease_age=EXPIRED, task_id=str(row.pk))

    outcome = run_concurrently((lambda: recovery.requeue_dead_renders(), 4))

    outcome.assert_no_errors()
    assert sum(len(r) for r in outcome.results) == 1
    assert DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").count() == 1
    assert DBTaskResult.objects.get(pk=row.pk).status == "FAILED"
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.attempts == 2
    assert len(media_pdfs(settings)) == 1
    with master.file.open("rb") as handle:
        assert codes.sha256_hex(handle.read()) == master.sha256
    assert not RenderLease.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_master_render_it_once(settings, monkeypatch):
    """Two task rows for one master (queued twice) run at the same time: one renders, the other does nothing."""
    world = build_world()
    monkeypatch.setattr(services_pdf, "queue_master", lambda **kwargs: None)  # no render at approval
    revision = effective_revision(world, make_document(world))
    master = MasterPDF.objects.create(revision=revision, agency=revision.agency)
    renders = []
    real = pdf_render.render_result

    def counted(html, **kwargs):
        renders.append(1)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf_render, "render_result", counted)
    outcome = run_concurrently((lambda: master_render.render_master(master_id=master.pk), 2))

    outcome.assert_no_errors()
    assert len(renders) == 1
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.attempts == 1
    assert len(media_pdfs(settings)) == 1
    assert master.history.filter(status=MasterPDF.Status.RENDERING).count() == 1


def test_heartbeat_runs_in_the_waiting_parent_and_an_error_in_it_stops_the_child(monkeypatch):
    slow_renders(monkeypatch, 30)
    beats = []
    # Other tests in this worker may have left long-lived children (the browser tests' Playwright driver);
    # only a child started by this render counts.
    before = _children()

    class Stop(Exception):
        pass

    def heartbeat():
        beats.append(time.monotonic())
        if len(beats) == 3:
            raise Stop

    started = time.monotonic()
    with pytest.raises(Stop):
        pdf_render.render_result("<p>Một trang</p>", metadata={}, heartbeat=heartbeat, heartbeat_every=0.1)
    assert time.monotonic() - started < 10 and len(beats) == 3
    assert _children() - before == set()  # the render child was killed and reaped


def _children():
    return {pid for task in Path("/proc/self/task").iterdir() for pid in (task / "children").read_text().split()}
