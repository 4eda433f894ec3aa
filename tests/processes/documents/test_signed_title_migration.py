"""Migration 0009 gives every existing revision the title its stored hash was computed over (issue 12, finding 7).

Revisions written before it were hashed with the document's title; after it they are hashed with their own. The
test writes a signed revision with the schema and hash of before, migrates, and checks the hash still verifies.
"""

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from processes.documents.models import Revision
from qms.core import text as vntext
from tests.factories import AgencyFactory, UserFactory

BEFORE = [("processes", "0008_merge_20261201_1646")]
CONTENT = {"purpose": "Quy định trình tự cấp giấy phép.", "scope": "Toàn quận.", "references": "", "definitions": "",
           "procedure_html": "<p>Hồ sơ nộp tại bộ phận một cửa.</p>", "steps": [{"step": "B1"}], "records": [],
           "forms": [], "legal_basis": "", "dossier": "", "dossier_count": "", "processing_time_days": 15, "fee": "",
           "submit_place": ""}


def hash_before_0009(code, title, issue, content):
    """Revision.compute_hash as it was before 0009 (the document's code and title)."""
    payload = {"document": code, "title": title, "issue": issue, "content": content}
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(vntext.nfc(raw).encode("utf-8")).hexdigest()


def migrate(targets=None):
    """Migrate to ``targets`` (default: every app's latest, where the rest of the suite expects the schema)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_signed_revisions_still_verify_after_the_title_moves_to_the_revision():
    agency = AgencyFactory(code="ubnd-di-tru", name="UBND Di Trú")
    author = UserFactory(agency=agency)
    old = migrate(BEFORE)
    try:
        Document = old.get_model("processes", "Document")
        OldRevision = old.get_model("processes", "Revision")
        document = Document.objects.create(agency_id=agency.pk, code="QT-05", title="Cấp giấy phép xây dựng")
        stored = []
        for issue, status in [(1, "superseded"), (2, "effective"), (3, "draft")]:
            signed = status != "draft"
            stored.append(OldRevision.objects.create(
                document=document, agency_id=agency.pk, issue_number=issue, status=status, author_id=author.pk,
                effective_date="2026-01-05" if signed else None, **CONTENT,
                content_hash=hash_before_0009("QT-05", document.title, issue, CONTENT) if signed else "",
            ).pk)
    finally:
        migrate()

    revisions = Revision.objects.filter(pk__in=stored).select_related("document").order_by("issue_number")
    assert [r.title for r in revisions] == ["Cấp giấy phép xây dựng"] * 3
    for revision in revisions[:2]:
        assert revision.compute_hash() == revision.content_hash
