"""Rows stored before a migration changed their shape still read right after it.

Each check writes rows with the schema of before its migration, and reads them with today's models. All checks
share one trip, on an empty database of their own: forward to every ``BEFORE`` at once, write, forward to the
latest. (Going back on the worker's test database instead, then forward again, cost twice as much: to unapply the
later migrations of every app, Django renders the models of every state from the first migration on.)

- core 0004: stored notifications get the key "legacy" and keep their sentence (issue 14, item 3);
- processes 0009: every revision takes the title its content hash was computed over, so signed revisions still
  verify (issue 12, finding 7).
"""

import hashlib
import json

import pytest
from django.db import connections
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


def write_people_before(old):
    agency = old.get_model("core", "Agency").objects.create(code="ubnd-cu", name="UBND Quận Cũ")
    User = old.get_model("core", "User")
    return agency, {name: User.objects.create(username=name, agency=agency) for name in ["staff", "author"]}


def write_notification_before_0004(old, agency, people):
    OldNotification = old.get_model("core", "Notification")
    return OldNotification.objects.create(user_id=people["staff"].pk, agency_id=agency.pk,
                                          text="Xem xét tài liệu QT-01 – Lần ban hành 02", url="/tai-lieu/1/").pk


def write_revisions_before_0009(old, agency, people):
    Document = old.get_model("processes", "Document")
    OldRevision = old.get_model("processes", "Revision")
    document = Document.objects.create(agency_id=agency.pk, code="QT-05", title="Cấp giấy phép xây dựng")
    stored = []
    for issue, status in [(1, "superseded"), (2, "effective"), (3, "draft")]:
        signed = status != "draft"
        stored.append(OldRevision.objects.create(
            document=document, agency_id=agency.pk, issue_number=issue, status=status,
            author_id=people["author"].pk, effective_date="2026-01-05" if signed else None, **CONTENT,
            content_hash=hash_before_0009("QT-05", document.title, issue, CONTENT) if signed else "",
        ).pk)
    return stored


@pytest.fixture
def empty_database(db, tmp_path):
    """An empty database on the same server stands in for the worker's test database (left as it is) until the
    test ends: the migrations' own code and today's models then use it as they would the only database."""
    test_database = connections["default"]
    settings_dict = {**test_database.settings_dict}
    if test_database.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "empty.sqlite3")
    else:
        settings_dict["NAME"] += "_empty"
        with test_database._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    connections["default"] = type(test_database)(settings_dict, "default")
    try:
        yield connections["default"]
    finally:
        connections["default"].close()
        connections["default"] = test_database
        if test_database.vendor != "sqlite":
            with test_database._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{settings_dict["NAME"]}"')


def test_rows_stored_before_a_migration_read_right_after_it(empty_database):
    executor = MigrationExecutor(empty_database)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    agency, people = write_people_before(old)
    notification = write_notification_before_0004(old, agency, people)
    revisions = write_revisions_before_0009(old, agency, people)
    executor.loader.build_graph()  # reads the migrations now applied
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
