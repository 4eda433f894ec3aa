"""20 controlled copies issued at once get 20 different numbers (SQLite file database and PostgreSQL).

Real threads with their own connections (tests/concurrency/helpers.py): SQLite serialises writers with
IMMEDIATE transactions on a file database, PostgreSQL waits on the revision row locked with
select_for_update; the unique constraint (revision, number) backs both.
"""

import pytest

from processes.copies import services as services_pdf
from processes.copies.models import Copy
from tests.concurrency.helpers import is_lock_error, run_concurrently
from tests.conftest import build_world
from tests.processes.documents.helpers import effective_revision, make_document

N = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_issues_get_unique_consecutive_numbers(monkeypatch):
    world = build_world()
    # the master render is not what this test is about: keep the approval hook's render out of it
    monkeypatch.setattr(services_pdf, "queue_master", lambda **kwargs: None)
    revision = effective_revision(world, make_document(world))
    people = [world.staff, world.author, world.reviewer, world.auditor]

    def issue(index):
        return services_pdf.issue_controlled_copy(revision=revision, user=world.coordinator,
                                                  holder=people[index % len(people)]).number

    outcome = run_concurrently((issue, N))
    assert not [e for e in outcome.raised if is_lock_error(e)], outcome.messages()
    outcome.assert_no_errors()
    assert sorted(outcome.results) == list(range(1, N + 1))
    stored = list(Copy.objects.filter(revision=revision).values_list("number", flat=True))
    assert sorted(stored) == list(range(1, N + 1))
    assert len(set(Copy.objects.values_list("code", flat=True))) == N
