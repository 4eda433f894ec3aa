"""Rows stored before a migration changed their shape still read right after it.

Each check writes rows with the schema of before its migration, and reads them with today's models. Going back
costs as much as migrating a database from scratch (every later migration of every app is unapplied, then
applied again), so all checks share one trip: back to every ``BEFORE`` at once, write, forward to the latest.

- core 0004: stored notifications get the key "legacy" and keep their sentence (issue 14, item 3);
- processes 0009: every revision takes the title its content hash was computed over, so signed revisions still
  verify (issue 12, finding 7).
"""

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from processes.documents.models import Revision
from qms.core import messages
from qms.core import text as vntext
from qms.core.models import Notification

BEFORE = [("core", "0003_merge_0002_agency_kind_0002_notification_task"), ("processes", "0008_merge_20261201_1646")]
CONTENT = {"purpose": "Quy định trình tự cấp giấy phép.", "scope": "Toàn quận.", "references": "", "definitions": "",
           "procedure_html": "<p>Hồ sơ nộp tại bộ phận một cửa.</p>", "steps": [{"step": "B1"}], "records": [],
           "forms": [], "legal_basis": "", "dossier": "", "dossier_count": "", "processing_time_days": 15, "fee": "",
           "submit_place": ""}


def hash_before_0009(code, title, issue, content):
    """Revision.compute_hash as it was before processes 0009 (the document's code and title)."""
    payload = {"document": code, "title": title, "issue": issue, "content": content}
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(vntext.nfc(raw).encode("utf-8")).hexdigest()


def write_notification_before_0004(old, world):
    OldNotification = old.get_model("core", "Notification")
    return OldNotification.objects.create(user_id=world.staff.pk, agency_id=world.agency.pk,
                                          text="Xem xét tài liệu QT-01 – Lần ban hành 02", url="/tai-lieu/1/").pk


def write_revisions_before_0009(old, world):
    Document = old.get_model("processes", "Document")
    OldRevision = old.get_model("processes", "Revision")
    document = Document.objects.create(agency_id=world.agency.pk, code="QT-05", title="Cấp giấy phép xây dựng")
    stored = []
    for issue, status in [(1, "superseded"), (2, "effective"), (3, "draft")]:
        signed = status != "draft"
        stored.append(OldRevision.objects.create(
            document=document, agency_id=world.agency.pk, issue_number=issue, status=status,
            author_id=world.author.pk, effective_date="2026-01-05" if signed else None, **CONTENT,
            content_hash=hash_before_0009("QT-05", document.title, issue, CONTENT) if signed else "",
        ).pk)
    return stored


@pytest.mark.django_db(transaction=True)
def test_rows_stored_before_a_migration_read_right_after_it(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        notification = write_notification_before_0004(old, world)
        revisions = write_revisions_before_0009(old, world)
    finally:
        # Forward to every app's latest, not just the two: going back also unapplied the migrations that
        # depend on them (other apps' tables), which the rest of this worker's tests need.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    # core 0004: the stored sentence stays, in any language, under the key "legacy".
    row = Notification.objects.get(pk=notification)
    assert (row.key, row.params) == (messages.LEGACY, {})
    with translation.override("en"):
        assert row.title == "Xem xét tài liệu QT-01 – Lần ban hành 02"

    # processes 0009: each revision has the document's title, and the signed ones still verify.
    rows = Revision.objects.filter(pk__in=revisions).select_related("document").order_by("issue_number")
    assert [r.title for r in rows] == ["Cấp giấy phép xây dựng"] * 3
    for revision in rows[:2]:
        assert revision.compute_hash() == revision.content_hash
