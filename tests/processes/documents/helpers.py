"""Building documents and revisions in given states through the real services."""

import datetime

from django.utils import timezone

from processes.documents import services
from processes.documents.models import Document, Revision
from tests.factories import PASSWORD

STEPS = [
    {"step": "B1", "responsibility": "Cán bộ một cửa", "description": "Tiếp nhận hồ sơ", "time": "0,5 ngày", "forms": "BM-05-01"},
    {"step": "B2", "responsibility": "Phòng Quản lý đô thị", "description": "Thẩm định hồ sơ", "time": "10 ngày", "forms": ""},
    {"step": "B3", "responsibility": "Lãnh đạo UBND", "description": "Ký giấy phép", "time": "4,5 ngày", "forms": "Giấy phép"},
]


def make_document(world, code="QT-05", title="Cấp giấy phép xây dựng", agency=None, **extra):
    agency = agency or world.agency
    document = Document(agency=agency, code=code, title=title, doc_type=extra.pop("doc_type", Document.Type.PROCEDURE),
                        department=extra.pop("department", world.departments["urban"] if agency == world.agency else None),
                        **extra)
    return services.document_save(document=document, user=None)


def make_draft(world, document, author=None, **content):
    author = author or world.coordinator
    draft = services.revision_create_draft(document=document, user=author)
    data = {"purpose": "Quy định trình tự cấp giấy phép xây dựng.", "steps": STEPS, "processing_time_days": 15}
    data.update(content)
    return services.revision_update_content(revision=draft, user=author, data=data)


def submit(world, revision, summary="Sửa bảng các bước"):
    return services.revision_submit(revision=revision, user=revision.author, reviewers=[world.reviewer],
                                    approver=world.head, change_summary=summary)


def approve(world, revision, effective_date=None):
    services.revision_sign(revision=revision, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    return services.revision_approve(revision=revision, user=world.head, password=PASSWORD,
                                      effective_date=effective_date)


def effective_revision(world, document, **content):
    revision = make_draft(world, document, **content)
    submit(world, revision)
    approve(world, revision)
    revision.refresh_from_db()
    assert revision.status == Revision.Status.EFFECTIVE
    return revision


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)
