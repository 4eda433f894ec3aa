"""seed_scale at a small size: valid states, search columns as the app computes them, history, determinism."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Max, Q

from audits.models import Action, Nonconformity, NonconformityCounter
from processes import services as doc_services
from processes.filters import search
from processes.models import Document, Revision, Signature
from qms.core.integrity import tracked_models
from qms.core.models import Agency, User

S = Revision.Status


def snapshot():
    return (
        list(Document.objects.order_by("agency__code", "code").values_list("agency__code", "code", "title")),
        list(Revision.objects.order_by("document__agency__code", "document__code", "issue_number")
             .values_list("status", "content_hash")),
        list(Nonconformity.objects.order_by("agency__code", "reference").values_list("reference", "status", "description")),
    )


def test_seed_scale_command_builds_a_valid_province_data_set(db):
    call_command("seed_scale", agencies=2, scale=0.004, seed=3, quiet=True)

    assert Agency.objects.count() == 2
    assert Document.objects.count() == 40
    assert Revision.objects.count() == 200
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
        stored = (doc.search_folded, doc.search_exact)
        doc_services.refresh_document_search(doc)
        assert (doc.search_folded, doc.search_exact) == stored
    for rev in Revision.objects.all():
        stored = rev.search_folded
        doc_services.refresh_revision_search(rev)
        assert rev.search_folded == stored, rev.pk
    assert search(Document.objects.all(), "duong").exists()
    assert search(Document.objects.all(), "cải cách").exists()


def test_seeded_nonconformities_have_unique_references_and_counters_at_the_last_number(seed_scale):
    seed_scale(0.004, agencies=2)

    assert Nonconformity.objects.values("agency", "reference").distinct().count() == Nonconformity.objects.count()
    for counter in NonconformityCounter.objects.all():
        last = Nonconformity.objects.filter(agency=counter.agency, year=counter.year).aggregate(m=Max("number"))["m"]
        assert counter.last_number == last
    assert not Action.objects.filter(status="done", completed_on__isnull=True).exists()
    assert Action.objects.count() > Nonconformity.objects.count()


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
