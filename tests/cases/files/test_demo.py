"""Demo one-stop files: both demo agencies have files in every state, built through the services with past
moments (late files with apology slips issued before their appointment, one late file opened as an NC, rated
files, hand-overs); ``seed_demo`` run twice adds nothing."""

import pytest
from django.core.management import call_command

from audits.capa.models import Nonconformity
from cases.files.models import ApologySlip, Case, CaseStep, Handover
from qms.core.models import Agency

pytestmark = pytest.mark.django_db

AGENCIES = ("ubnd-hoan-kiem", "so-tu-phap")


@pytest.fixture
def demo(db):
    call_command("seed_demo", quiet=True)


def counts():
    return (Case.objects.count(), CaseStep.objects.count(), Handover.objects.count(), ApologySlip.objects.count(),
            Nonconformity.objects.filter(source=Nonconformity.Source.LATE_CASE).count())


def test_both_agencies_have_files_in_every_state_under_several_procedures(demo):
    for code in AGENCIES:
        files = Case.objects.filter(agency__code=code)
        assert set(files.values_list("status", flat=True)) == set(Case.Status.values), code
        assert files.values("document").distinct().count() >= 3, code
        # Hand-overs are real: every file taken past the desk has one per step started, the first at receipt.
        moved = files.filter(status=Case.Status.IN_PROGRESS)
        assert moved and all(c.handovers.filter(kind=Handover.Kind.NEXT_STEP).exists() for c in moved)
        assert all(c.handovers.order_by("at").first().kind == Handover.Kind.RECEIPT
                   for c in files.exclude(status__in=[Case.Status.REFUSED, Case.Status.SUPPLEMENT]))
        assert files.filter(status=Case.Status.RETURNED).exclude(rating="").count() >= 2, code


def test_late_files_have_apology_slips_issued_before_the_appointment(demo):
    for code in AGENCIES:
        slips = ApologySlip.objects.filter(case__agency__code=code).select_related("case", "signed_by")
        assert slips, code
        for slip in slips:
            case = slip.case
            assert slip.issued_at < case.appointment_at < slip.new_appointment_at
            assert case.new_appointment_at == slip.new_appointment_at
            assert slip.signed_by.has_role("head")
            assert case.is_late or case.status == Case.Status.IN_PROGRESS
    returned_late = Case.objects.filter(is_late=True, status=Case.Status.RETURNED)
    assert {c.agency.code for c in returned_late} == set(AGENCIES)
    assert all(c.outcome == "late" and c.result_at > c.appointment_at for c in returned_late)
    assert Case.objects.filter(rating="not_satisfied", is_late=True, agency__code="ubnd-hoan-kiem").count() == 1


def test_one_late_file_in_progress_is_opened_as_an_nc(demo):
    nc = Nonconformity.objects.get(source=Nonconformity.Source.LATE_CASE)
    case = Case.objects.get(nc=nc)
    assert case.agency.code == "ubnd-hoan-kiem" and case.status == Case.Status.IN_PROGRESS and case.is_late
    assert nc.source_ref == case.code and case.code in nc.description
    assert case.apologies.exists()


def test_one_file_was_sent_back_for_information(demo):
    assert Handover.objects.filter(kind=Handover.Kind.RETURNED_FOR_INFO, case__status=Case.Status.IN_PROGRESS).exists()


def test_newest_received_file_waits_at_the_desk(demo):
    # bin/api-check takes this file and its active step, for the coordinator working at the desk.
    agency = Agency.objects.get(code="ubnd-hoan-kiem")
    case = Case.objects.filter(agency=agency, status="received").order_by("-pk").first()
    assert case.current_step.order == 1 and case.current_step.taken_by_id is None


def test_seed_demo_twice_adds_nothing(demo):
    before = counts()
    call_command("seed_demo", quiet=True)
    assert counts() == before


def test_every_demo_procedure_the_desk_offers_has_a_public_code_and_papers_to_tick(demo):
    """The desk chooses a procedure by its public code and ticks the papers its dossier lists (form 01): a demo
    procedure without them would show the clerk an empty checklist and a receipt without the procedure's code."""
    from cases.files.services import effective_procedures

    for code in AGENCIES:
        revisions = list(effective_procedures(Agency.objects.get(code=code)))
        assert len(revisions) >= 3, code
        for revision in revisions:
            assert revision.document.procedure_code, revision.document.code
            assert revision.dossier.count("\n") >= 1, revision.document.code
    # A file sent back for supplements names the paper it lacks, in both agencies.
    for code in AGENCIES:
        waiting = Case.objects.filter(agency__code=code, status=Case.Status.SUPPLEMENT)
        assert waiting and all(c.papers_missing for c in waiting), code
