"""Document control under simultaneous requests, on SQLite and PostgreSQL (quality.md "Concurrency").

The service-level races (two approvals / activations at once) are in tests/processes/documents/test_concurrency.py;
these go through the pages people use: two approvers' browsers, double-clicked acknowledgements,
two authors opening the next issue at once. Every thread has its own connection (run_concurrently).
"""

import pytest
from django.test import Client
from django.urls import reverse

from processes.documents import services
from processes.documents.models import Acknowledgement, Revision, Signature
from tests.concurrency.helpers import is_lock_error, run_concurrently
from tests.conftest import build_world
from tests.factories import PASSWORD
from tests.processes.documents.helpers import effective_revision, make_document, make_draft, submit

S = Revision.Status
pytestmark = pytest.mark.django_db(transaction=True)


def clients_for(user, n):
    clients = []
    for _ in range(n):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_approver_submitting_the_sign_form_twice_at_once_makes_one_effective_revision():
    world = build_world()
    document = make_document(world)
    first = effective_revision(world, document)
    draft = make_draft(world, document, purpose="Lần ban hành thứ hai.")
    submit(world, draft)
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    url = reverse("processes:revision_sign", kwargs={"pk": draft.pk})
    browsers = clients_for(world.head, 2)

    outcome = run_concurrently([lambda c=c: c.post(url, {"password": PASSWORD}) for c in browsers])

    outcome.assert_no_errors()
    assert sorted(r.status_code for r in outcome.results) in ([200, 302], [302, 302])  # never a 500
    assert Signature.objects.filter(revision=draft, meaning="approved").count() == 1
    assert list(Revision.objects.filter(document=document, status=S.EFFECTIVE).values_list("pk", flat=True)) == [draft.pk]
    first.refresh_from_db()
    assert first.status == S.SUPERSEDED


def test_staff_acknowledging_the_same_revision_at_once_gets_one_row_and_no_error():
    world = build_world()
    revision = effective_revision(world, make_document(world))

    outcome = run_concurrently((lambda: services.acknowledge(revision=revision, user=world.staff).pk, 8))

    assert [m for m in outcome.messages() if is_lock_error(m)] == []
    outcome.assert_no_errors()
    assert len(set(outcome.results)) == 1
    ack = Acknowledgement.objects.get(revision=revision, user=world.staff)
    assert ack.acknowledged_at is not None


def test_staff_double_clicking_read_and_understood_sees_no_error():
    world = build_world()
    revision = effective_revision(world, make_document(world))
    url = reverse("processes:revision_acknowledge", kwargs={"pk": revision.pk})
    browsers = clients_for(world.staff, 4)

    outcome = run_concurrently([lambda c=c: c.post(url) for c in browsers])

    outcome.assert_no_errors()
    assert [r.status_code for r in outcome.results] == [302] * 4
    assert Acknowledgement.objects.filter(revision=revision, user=world.staff, acknowledged_at__isnull=False).count() == 1
    page = browsers[0].get(reverse("processes:revision_detail", kwargs={"pk": revision.pk}))
    assert page.status_code == 200


def test_two_authors_opening_the_next_issue_at_once_get_one_draft_and_a_clear_refusal():
    from django.core.exceptions import ValidationError

    world = build_world()
    document = make_document(world)
    effective_revision(world, document)

    def open_draft(index):
        user = world.coordinator if index == 0 else world.author
        return services.revision_create_draft(document=document, user=user).pk

    outcome = run_concurrently((open_draft, 2))

    outcome.assert_only(ValidationError)  # not an IntegrityError, not a lock error
    assert outcome.ok_count == 1
    assert Revision.objects.filter(document=document, status__in=Revision.OPEN).count() == 1
    refusal = outcome.raised[0]
    assert "dự thảo" in " ".join(refusal.messages).lower()
