"""Who receives the controlled copies of a new issue (PDF-2, PDF-4): on its effective date, when the old
copies are asked back, the holders of the previous issue's copies and the distribution list each get one,
numbered 01, 02… without gaps; nobody gets two; the approver only as a previous holder or a listed reader.

Reported: the automatic copy of issue 02 went to the approver (the head of the one-stop desk, listed as a
department) while the one-stop clerk who held copy 02 of issue 01 got none.
"""

import pytest

from processes.copies import services as services_pdf
from processes.copies.models import Copy
from processes.documents.models import DistributionEntry, Revision
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit, tomorrow

S = Revision.Status


@pytest.fixture(autouse=True)
def _no_master_render(monkeypatch):
    # Which copies are issued does not depend on the PDF: skip the render (tested in test_master.py).
    monkeypatch.setattr(services_pdf, "queue_master", lambda **kwargs: None)


@pytest.fixture
def desk_headed_by_the_approver(world):
    """As in the demo agency: the one-stop desk has no head of its own, the head of the agency heads it."""
    desk = world.departments["desk"]
    desk.head = world.head
    desk.save()
    return desk


def _next_issue(world, document, *, effective_date=None, execute):
    revision = make_draft(world, document)
    with execute(execute=True):
        submit(world, revision, summary="Rút ngắn thời gian thẩm định")
        approve(world, revision, effective_date=effective_date)
    revision.refresh_from_db()
    return revision


def _issue_01_held_by_the_reviewer_and_the_clerk(world, desk):
    document = make_document(world)
    first = effective_revision(world, document)
    services_pdf.issue_controlled_copy(revision=first, user=world.coordinator, holder=world.reviewer)
    services_pdf.issue_controlled_copy(revision=first, user=world.coordinator, holder=world.staff, department=desk)
    return document, first


def _holders(revision):
    return [(c.number, c.holder, c.department_name, c.issued_by)
            for c in Copy.objects.filter(revision=revision, kind=Copy.Kind.CONTROLLED).order_by("number")]


def test_previous_holders_and_the_list_get_the_new_issue_numbered_without_gaps(
        world, desk_headed_by_the_approver, django_capture_on_commit_callbacks):
    desk = desk_headed_by_the_approver
    document, first = _issue_01_held_by_the_reviewer_and_the_clerk(world, desk)
    DistributionEntry.objects.create(document=document, agency=world.agency, department=world.departments["urban"])
    DistributionEntry.objects.create(document=document, agency=world.agency, department=desk)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.auditor)

    second = _next_issue(world, document, execute=django_capture_on_commit_callbacks)

    assert second.status == S.EFFECTIVE
    assert _holders(second) == [
        (1, world.reviewer, "Phòng Quản lý đô thị", None),
        (2, world.staff, "Bộ phận một cửa", None),  # the clerk keeps the desk's copy
        (3, world.auditor, "Phòng Tư pháp", None),  # listed by name, new on the list
    ]
    assert not Copy.objects.filter(revision=second, holder=world.head).exists()  # the approver is neither
    old = list(Copy.objects.filter(revision=first).order_by("number"))
    assert all(c.recall_requested_at is not None and c.recalled_at is None for c in old)


def test_the_approver_gets_one_copy_when_listed_and_a_previous_holder(
        world, desk_headed_by_the_approver, django_capture_on_commit_callbacks):
    office = world.departments["office"]
    document = make_document(world)
    first = effective_revision(world, document)
    services_pdf.issue_controlled_copy(revision=first, user=world.coordinator, holder=world.head, department=office)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.head)
    DistributionEntry.objects.create(document=document, agency=world.agency, department=office)

    second = _next_issue(world, document, execute=django_capture_on_commit_callbacks)

    assert _holders(second) == [(1, world.head, "Văn phòng", None)]


def test_a_department_new_on_the_list_gets_its_copy_through_its_head(
        world, django_capture_on_commit_callbacks):
    document, first = _issue_01_held_by_the_reviewer_and_the_clerk(world, world.departments["desk"])
    justice = world.departments["justice"]
    justice.head = world.auditor
    justice.save()
    DistributionEntry.objects.create(document=document, agency=world.agency, department=justice, copies=2)

    second = _next_issue(world, document, execute=django_capture_on_commit_callbacks)

    # The list asks for two copies for the Justice office: its head holds both, as when issued by hand.
    assert _holders(second) == [
        (1, world.reviewer, "Phòng Quản lý đô thị", None),
        (2, world.staff, "Bộ phận một cửa", None),
        (3, world.auditor, "Phòng Tư pháp", None),
        (4, world.auditor, "Phòng Tư pháp", None),
    ]


def test_copies_issued_before_the_effective_date_are_not_doubled_and_returned_or_departed_holders_get_none(
        world, desk_headed_by_the_approver, django_capture_on_commit_callbacks):
    from processes.documents import services

    desk = desk_headed_by_the_approver
    document, first = _issue_01_held_by_the_reviewer_and_the_clerk(world, desk)
    third_holder = services_pdf.issue_controlled_copy(revision=first, user=world.coordinator, holder=world.author)
    services_pdf.confirm_recall(copy=third_holder, user=world.coordinator)  # handed back before issue 02
    DistributionEntry.objects.create(document=document, agency=world.agency, department=desk)
    second = _next_issue(world, document, effective_date=tomorrow(), execute=django_capture_on_commit_callbacks)
    assert second.status == S.APPROVED
    world.reviewer.is_active = False  # left the agency since
    world.reviewer.save()
    early = services_pdf.issue_controlled_copy(revision=second, user=world.coordinator, holder=world.staff,
                                               department=desk)

    with django_capture_on_commit_callbacks(execute=True):
        services.activate_due_revisions(tomorrow())

    # The desk's copy is the one issued by hand; the author handed theirs back, the reviewer has left.
    assert _holders(second) == [(1, world.staff, "Bộ phận một cửa", world.coordinator)]
    assert early.number == 1
