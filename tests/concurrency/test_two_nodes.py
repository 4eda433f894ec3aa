"""Several nodes on one PostgreSQL, with real processes: two workers never render one master twice, and
schedulers started on every node run each daily job once a day (qms/core/scheduler.py)."""

import pytest
from django.db import connection
from django.utils.dateparse import parse_date

from processes.copies.models import MasterPDF
from processes.copies.tasks import render_master_task
from qms.core.models import JobRun
from qms.core.subjects import daily_jobs
from tests.conftest import build_world
from tests.faults.test_worker_killed import Processes, wait_for, worker_command_of_bin_start
from tests.processes.documents.helpers import approve, make_document, make_draft, submit

pytestmark = pytest.mark.django_db(transaction=True)

DAY = "2026-12-02"


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("two processes writing at once: run with DATABASE_URL=postgres://… (the CI PostgreSQL leg)")


@pytest.fixture
def processes(tmp_path, settings):
    running = Processes(tmp_path, settings.MEDIA_ROOT)
    yield running
    running.stop()


def test_schedulers_on_two_nodes_run_each_daily_job_once(postgres, processes):
    procs = [processes.start(f"scheduler{i}", ["manage.py", "run_scheduled", "--date", DAY]) for i in (1, 2)]
    for proc in procs:
        assert proc.wait(120) == 0, processes.log(proc)
    outputs = [processes.log(proc) for proc in procs]
    labels = [f"{job.__module__}.{job.__name__}" for job in daily_jobs()]
    assert labels
    for label in labels:
        ran = [out for out in outputs if f"{label}: " in out and f"{label}: done already today" not in out]
        skipped = [out for out in outputs if f"{label}: done already today" in out]
        assert (len(ran), len(skipped)) == (1, 1), (label, outputs)
    runs = JobRun.objects.filter(day=parse_date(DAY))
    assert sorted(runs.values_list("job", flat=True)) == sorted(labels)
    assert {(r.status, r.attempts) for r in runs} == {(JobRun.Status.DONE, 1)}
    # A third scheduler the same day does nothing; the next day each job runs again.
    third = processes.start("scheduler3", ["manage.py", "run_scheduled", "--date", DAY])
    assert third.wait(120) == 0 and processes.log(third).count("done already today") == len(labels)


def test_two_workers_render_each_master_once_even_when_queued_twice(postgres, processes, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world = build_world()
    masters = []
    for number in range(3):
        draft = make_draft(world, make_document(world, code=f"QT-0{number + 1}"))
        submit(world, draft)
        approve(world, draft)  # commits; the render's task row is written on commit
        masters.append(MasterPDF.objects.get(revision=draft))
    for master in masters:  # a second web node queued the same master again: two task rows for one master
        render_master_task.enqueue(master.pk)
    args = ["manage.py", *worker_command_of_bin_start(), "--no-startup-delay", "--interval", "0.2"]
    workers = [processes.start(f"worker{i}", args) for i in (1, 2)]

    def all_done():
        return all(m.status == MasterPDF.Status.DONE for m in MasterPDF.objects.filter(pk__in=[m.pk for m in masters]))

    wait_for(all_done, 240, "every master rendered", workers)
    rows = list(MasterPDF.objects.filter(pk__in=[m.pk for m in masters]).values_list("attempts", "file"))
    assert [attempts for attempts, _ in rows] == [1, 1, 1], rows
    from tests.files import stored

    assert len(stored()) == 3  # one file per master, none left by a second render
    logs = "".join(processes.log(w) for w in workers)
    assert logs.count("rendered:") <= 3
