"""seed_scale at a small size: valid states, search columns as the app computes them, history, determinism."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q

from cases.files.models import Case
from cases.files.scale import FILES_PER_PROVINCE
from audits.capa.models import Action, Nonconformity, NonconformityCounter
from audits.feedback.models import Feedback
from audits.internal.models import Audit, AuditProgramme, ChecklistItem, Finding
from audits.internal.services import close_blockers, format_audit_code, independence_conflicts
from processes.documents import services as doc_services
from processes.documents.filters import search
from processes.copies.models import Copy, CopyDownload
from processes.documents.models import Document, Revision, Signature
from qms.core import search as core_search
from qms.core.integrity import tracked_models
from qms.core.models import Agency, Role, User
from qms.core.scale.generate import ANCHOR

S = Revision.Status


def snapshot():
    return (
        list(Document.objects.order_by("agency__code", "code").values_list("agency__code", "code", "title")),
        list(Revision.objects.order_by("document__agency__code", "document__code", "issue_number")
             .values_list("status", "content_hash")),
        list(Nonconformity.objects.order_by("agency__code", "reference").values_list("reference", "status", "description")),
        list(Audit.objects.order_by("agency__code", "code").values_list(
            "code", "status", "title", "start_date", "lead_auditor__username", "criteria_clauses")),
        list(Finding.objects.order_by("audit__agency__code", "audit__code", "number").values_list(
            "audit__code", "number", "kind", "clause", "description", "nonconformity__reference")),
        list(Copy.objects.order_by("code").values_list("code", "kind", "number", "revision__document__code")),
        CopyDownload.objects.count(),
    )


def test_seed_scale_command_builds_a_valid_province_data_set(db):
    call_command("seed_scale", agencies=2, scale=0.004, seed=3, quiet=True)

    # The two supervised agencies, and the oversight body that reads their figures.
    assert Agency.objects.supervised().count() == 2
    assert Agency.objects.filter(kind=Agency.Kind.OVERSIGHT).count() == 1
    assert User.objects.with_role(Role.OVERSIGHT).get().username == "so-khcn-0000"
    assert Document.objects.count() == 40
    assert Revision.objects.count() == 200
    # The command seeds the one-stop files at full share: each agency its part of the province's million.
    assert Case.objects.count() == 2 * round(FILES_PER_PROVINCE * 0.004 / 2) == 4000
    # Exactly one effective revision per document, except withdrawn ones (none).
    per_doc = Document.objects.annotate(
        effective=Count("revisions", filter=Q(revisions__status=S.EFFECTIVE)),
        open=Count("revisions", filter=Q(revisions__status__in=Revision.OPEN)),
    )
    for doc in per_doc:
        assert doc.effective == (0 if doc.withdrawn_at else 1), doc.code
        assert doc.open <= 1, doc.code
    # Every approved issue was signed by a reviewer and the approver over its content hash.
    locked = Revision.objects.filter(status__in=Revision.LOCKED)
    assert Signature.objects.filter(revision__in=locked).count() == 2 * locked.count()
    for rev in locked.select_related("document")[:50]:
        assert rev.compute_hash() == rev.content_hash
        assert set(rev.signatures.values_list("content_hash", flat=True)) == {rev.content_hash}
    # Bodies of 2–20 pages, Vietnamese with diacritics, stored as NFC.
    bodies = [len(b) for b in Revision.objects.exclude(procedure_html="").values_list("procedure_html", flat=True)]
    assert min(bodies) >= 2 * 1800 and max(bodies) <= 21 * 1800
    assert "đường" in "".join(Revision.objects.values_list("procedure_html", flat=True)[:50])


def test_seeded_search_columns_are_what_the_processes_app_computes(seed_scale):
    seed_scale(0.002, agencies=2)

    for doc in Document.objects.all():
        stored = (doc.search_folded, doc.search_exact, doc.search_code)
        doc_services.refresh_document_search(doc)
        assert (doc.search_folded, doc.search_exact, doc.search_code) == stored
    for rev in Revision.objects.all():
        stored = rev.search_folded
        doc_services.refresh_revision_search(rev)
        assert rev.search_folded == stored, rev.pk
    assert search(Document.objects.all(), "duong").exists()
    assert search(Document.objects.all(), "cải cách").exists()


def test_seeded_search_columns_of_the_other_lists_are_what_their_services_compute(seed_scale):
    seed_scale(0.002, agencies=2)

    for model in (Nonconformity, Action, Audit, Feedback):
        rows = list(model.objects.all())
        assert rows, model
        for obj in rows:
            stored = obj.search_folded
            core_search.refresh(obj)
            assert obj.search_folded == stored, (model, obj.pk)
    assert core_search.apply(Nonconformity.objects.all(), "ho so").exists()


def test_seeded_nonconformities_have_unique_references_and_counters_at_the_last_number(seed_scale):
    seed_scale(0.004, agencies=2)

    assert Nonconformity.objects.values("agency", "reference").distinct().count() == Nonconformity.objects.count()
    for counter in NonconformityCounter.objects.all():
        last = Nonconformity.objects.filter(agency=counter.agency, year=counter.year).aggregate(m=Max("number"))["m"]
        assert counter.last_number == last
    assert not Action.objects.filter(status="done", completed_on__isnull=True).exists()
    assert Action.objects.count() > Nonconformity.objects.count()


def test_seeded_audits_are_numbered_independent_and_in_valid_states(seed_scale):
    counts = seed_scale(0.004, agencies=2)

    assert counts["audits.Audit"] == 8 and counts["audits.Finding"] == 80
    assert set(Audit.objects.values_list("status", flat=True)) == set(Audit.Status.values)
    # One programme per agency and year; audits numbered 1..n in each, the counter at the last number.
    for programme in AuditProgramme.objects.annotate(n=Count("audits"), last=Max("audits__number")):
        numbers = sorted(programme.audits.values_list("number", flat=True))
        assert numbers == list(range(1, programme.n + 1)), programme
        assert programme.last_audit_number == (programme.last or 0)
    for audit in Audit.objects.select_related("programme", "lead_auditor"):
        assert audit.code == format_audit_code(audit.programme.year, audit.number)
        for day in (audit.start_date, audit.end_date):
            assert day is None or day.year == audit.programme.year, audit.code
        if audit.status != Audit.Status.PLANNED:
            assert audit.start_date and audit.end_date and audit.lead_auditor and audit.start_date <= ANCHOR
        # The services' own independence check, and only people holding the auditor role.
        team = list(audit.team.all())
        assert independence_conflicts(lead_auditor=audit.lead_auditor, team=team,
                                      departments=list(audit.departments.all()),
                                      documents=list(audit.documents.select_related("department"))) == [], audit.code
        for person in [audit.lead_auditor, *team]:
            assert person is None or (person.has_role(Role.AUDITOR) and person.agency_id == audit.agency_id)
        if audit.status == Audit.Status.CLOSED:
            assert close_blockers(audit) == [], audit.code
            assert audit.closed_at > max([audit.reported_at] + [
                f.nonconformity.checks.get().verified_at
                for f in audit.findings.filter(nonconformity__isnull=False).select_related("nonconformity")])
        # Findings numbered 1..k, recorded while the audit was in progress; none before it started.
        findings = list(audit.findings.order_by("number"))
        assert [f.number for f in findings] == list(range(1, len(findings) + 1))
        if audit.status == Audit.Status.PLANNED:
            assert not findings and not audit.checklist_items.exclude(answer="").exists()
        for f in findings:
            assert audit.start_date <= f.created_at.date() <= min(audit.end_date, ANCHOR)
        if audit.status in (Audit.Status.REPORTED, Audit.Status.CLOSED):
            assert audit.reported_at and audit.summary and not audit.checklist_items.filter(answer="").exists()

    # Major/minor findings opened an NC of the same agency that says where it came from; others opened none.
    assert not Finding.objects.filter(kind__in=Finding.NC_KINDS, nonconformity__isnull=True).exists()
    assert not Finding.objects.exclude(kind__in=Finding.NC_KINDS).filter(nonconformity__isnull=False).exists()
    for f in Finding.objects.filter(nonconformity__isnull=False).select_related("audit", "nonconformity"):
        nc = f.nonconformity
        assert (nc.agency_id, nc.source, nc.source_ref) == (f.agency_id, "internal_audit", f.audit.code)
        assert nc.severity == ("major" if f.kind == Finding.Kind.MAJOR_NC else "minor")
        assert nc.detected_on == f.created_at.date() and nc.department_id == f.department_id
    # An NC from an internal audit always has its finding.
    assert not Nonconformity.objects.filter(source="internal_audit", finding__isnull=True).exists()
    assert ChecklistItem.objects.filter(answer="nonconform").exists()


def test_seeded_copies_are_numbered_per_revision_and_downloads_match_them(seed_scale):
    counts = seed_scale(0.004, agencies=2)

    assert counts["processes.CopyDownload"] == 800
    # Controlled copies numbered 1..n per revision (unique), the others unnumbered.
    for revision_id in Copy.objects.controlled().values_list("revision", flat=True).distinct():
        numbers = sorted(Copy.objects.filter(revision_id=revision_id).exclude(number=None)
                         .values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1)), revision_id
    assert not Copy.objects.exclude(kind="controlled").filter(number__isnull=False).exists()
    assert Copy.objects.values("code").distinct().count() == Copy.objects.count()
    # Copies only of issued revisions; recall only for issues no longer in force, after they stopped.
    assert not Copy.objects.exclude(revision__status__in=[S.EFFECTIVE, S.SUPERSEDED, S.OBSOLETE]).exists()
    recalled = Copy.objects.filter(recall_requested_at__isnull=False)
    assert not recalled.filter(revision__status=S.EFFECTIVE).exists()
    assert Copy.objects.to_recall().exists() and recalled.filter(recalled_at__isnull=False).exists()
    for copy in recalled.select_related("revision"):
        assert copy.recalled_at is None or copy.recall_requested_at <= copy.recalled_at
    assert not Copy.objects.filter(kind="controlled", revision__status=S.SUPERSEDED, recall_requested_at=None).exists()
    # Every download: a copy of the same agency, revision and kind, by someone of that agency, while it was out.
    assert not CopyDownload.objects.exclude(agency=F("copy__agency")).exists()
    assert not CopyDownload.objects.exclude(revision=F("copy__revision")).exists()
    assert not CopyDownload.objects.exclude(kind=F("copy__kind")).exists()
    assert not CopyDownload.objects.exclude(user__agency=F("agency")).exists()
    assert not CopyDownload.objects.filter(downloaded_at__lt=F("copy__issued_at")).exists()
    assert not CopyDownload.objects.filter(copy__recalled_at__isnull=False,
                                           downloaded_at__gt=F("copy__recalled_at")).exists()
    assert set(CopyDownload.objects.values_list("kind", flat=True)) == set(Copy.Kind.values)
    # An uncontrolled or obsolete download is a copy of its own.
    reader = CopyDownload.objects.exclude(kind="controlled")
    assert reader.values("copy").distinct().count() == reader.count() == Copy.objects.exclude(kind="controlled").count()


def test_every_seeded_tracked_row_has_its_history(seed_scale):
    seed_scale(0.002, agencies=1)

    for model in tracked_models():
        ids = set(model._default_manager.values_list("pk", flat=True))
        if not ids:
            continue
        created = set(model.history.filter(history_type="+").values_list("id", flat=True))
        assert ids <= created, model._meta.label
    # Status changes are in the history too: a closed NC went through every step.
    closed = Nonconformity.objects.filter(status="closed").first()
    assert list(closed.history.order_by("history_date", "history_id").values_list("status", flat=True)) == list(
        Nonconformity.PATH)
    assert User.history.filter(history_type="+").count() == User.objects.count()
    # An audit's life as the services record it: planned (with one row per scope/team set), started,
    # reported, closed; the last row carries the scope and team (simple-history's m2m snapshot).
    audit = Audit.objects.filter(status="closed").first()
    rows = list(audit.history.order_by("history_date", "history_id"))
    assert [r.status for r in rows][-3:] == ["in_progress", "reported", "closed"]
    assert rows[0].history_type == "+" and {r.status for r in rows[:-3]} == {"planned"}
    assert set(rows[-1].departments.values_list("department_id", flat=True)) == set(
        audit.departments.values_list("pk", flat=True))
    assert set(rows[-1].team.values_list("user_id", flat=True)) == set(audit.team.values_list("pk", flat=True))
    assert not rows[0].departments.exists()  # created first, scope set just after
    # A recalled copy: issued, listed for recall, returned.
    copy = Copy.objects.filter(revision__status="superseded", recalled_at__isnull=False).first()
    assert [(h.recall_requested_at is not None, h.recalled_at is not None)
            for h in copy.history.order_by("history_date", "history_id")] == [
        (False, False), (True, False), (True, True)]


def test_seed_scale_is_deterministic_for_a_seed(seed_scale):
    with transaction.atomic():
        seed_scale(0.002, agencies=2, seed=9)
        first = snapshot()
        transaction.set_rollback(True)
    seed_scale(0.002, agencies=2, seed=9)

    assert snapshot() == first


def test_seed_scale_refuses_a_database_with_data(seed_scale):
    from django.core.management.base import CommandError

    seed_scale(0.001)
    with pytest.raises(CommandError, match="empty database"):
        call_command("seed_scale", scale=0.001, quiet=True)


def test_a_subjects_share_scales_its_rows_alone(seed_scale):
    """The tests' fixture seeds the one-stop files at a tenth (tests/scale/conftest.py): a tenth of the files,
    everything else as the scale gives it."""
    counts = seed_scale(0.002, shares={"cases.files": 0.1})
    assert Case.objects.count() == round(FILES_PER_PROVINCE * 0.002 * 0.1) == 200
    assert Document.objects.count() == 20 and counts["history rows"] > 0
