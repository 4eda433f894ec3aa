"""Two approvals or activations at once leave exactly one effective revision (DOC-2, DOC-6).

Real threads with their own connections against a real transaction (transactional_db): SQLite
serialises writers with IMMEDIATE transactions, PostgreSQL with select_for_update.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import timezone

from processes.documents import services
from processes.documents.models import Revision, Signature
from tests.conftest import build_world
from tests.factories import PASSWORD
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit, tomorrow

S = Revision.Status


def _run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def runner(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:  # collected and asserted below
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    close_old_connections()
    return results


@pytest.fixture
def live_world(transactional_db):
    return build_world()


def test_two_activations_at_once_leave_one_effective(live_world):
    world = live_world
    document = make_document(world)
    first = effective_revision(world, document)
    second = make_draft(world, document)
    submit(world, second)
    approve(world, second, effective_date=tomorrow())
    results = _run_together(lambda: services.activate_due_revisions(tomorrow()),
                            lambda: services.activate_due_revisions(tomorrow()))
    assert all(kind == "ok" for kind, _ in results), results
    activated = [r for _, value in results for r in value]
    assert [r.pk for r in activated] == [second.pk]
    statuses = dict(Revision.objects.filter(document=document).values_list("pk", "status"))
    assert statuses == {first.pk: S.SUPERSEDED, second.pk: S.EFFECTIVE}


def test_two_approvals_at_once_record_one_approval(live_world):
    world = live_world
    document = make_document(world)
    draft = make_draft(world, document)
    submit(world, draft)
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")

    def approve_once():
        return services.revision_approve(revision=Revision.objects.get(pk=draft.pk), user=world.head,
                                         password=PASSWORD)

    results = _run_together(approve_once, approve_once)
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, ValidationError)
    assert Signature.objects.filter(revision=draft, meaning="approved").count() == 1
    assert Revision.objects.filter(document=document, status=S.EFFECTIVE).count() == 1


def test_two_documents_activated_by_job_and_page_at_once(live_world):
    world = live_world
    documents = [make_document(world, code=f"QT-1{n}") for n in range(2)]
    for document in documents:
        effective_revision(world, document)
        draft = make_draft(world, document)
        submit(world, draft)
        approve(world, draft, effective_date=tomorrow())
    today = tomorrow()
    results = _run_together(lambda: services.activate_due_revisions(today),
                            lambda: services.activate_document(document_id=documents[0].pk, today=today))
    assert all(kind == "ok" for kind, _ in results), results
    for document in documents:
        assert Revision.objects.filter(document=document, status=S.EFFECTIVE).count() == 1
        assert Revision.objects.filter(document=document, status=S.SUPERSEDED).count() == 1
    assert timezone.localdate() < today
