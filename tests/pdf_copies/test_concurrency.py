"""20 controlled copies issued at once get 20 different numbers (SQLite and PostgreSQL).

Real threads with their own connections (transactional_db): SQLite serialises writers with IMMEDIATE
transactions, PostgreSQL waits on the revision row locked with select_for_update; the unique constraint
(revision, number) backs both.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from processes import services_pdf
from processes.models import Copy
from tests.conftest import build_world
from tests.processes.helpers import effective_revision, make_document

N = 20


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def _run_together(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def runner(index, call):
        try:
            barrier.wait(timeout=20)
            results[index] = ("ok", call())
        except Exception as exc:  # collected and asserted below
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    close_old_connections()
    return results


def test_twenty_concurrent_issues_get_unique_consecutive_numbers(live_world, monkeypatch):
    world = live_world
    # the master render is not what this test is about: keep the approval hook's render out of the threads
    monkeypatch.setattr(services_pdf, "queue_master", lambda **kwargs: None)
    revision = effective_revision(world, make_document(world))
    people = [world.staff, world.author, world.reviewer, world.auditor]

    def issue(i):
        return lambda: services_pdf.issue_controlled_copy(revision=revision, user=world.coordinator,
                                                          holder=people[i % len(people)]).number

    results = _run_together([issue(i) for i in range(N)])
    errors = [value for kind, value in results if kind == "error"]
    assert not errors, errors
    numbers = sorted(value for _, value in results)
    assert numbers == list(range(1, N + 1))
    stored = list(Copy.objects.filter(revision=revision).values_list("number", flat=True))
    assert sorted(stored) == list(range(1, N + 1))
    assert len(set(Copy.objects.values_list("code", flat=True))) == N
