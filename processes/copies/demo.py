"""Demo data for the PDF copies (called by ``manage.py seed_demo`` after processes.documents.demo).

Decision: masters are NOT rendered at seed time (≈ 0.5–1 s each, dozens of revisions). Every approved,
effective or superseded revision of the demo gets a queued MasterPDF and a database task; the
``db_worker`` that ``bin/start`` runs renders them in the background within a minute or so, and the revision
pages show "Đang chờ tạo bản PDF…" and update themselves until then. QT-05 (Hoàn Kiếm) also gets a
distribution register: controlled copies of the effective issue 02 for its distribution list, and the
copies of the superseded issue 01 listed for recall, one of them already returned. Idempotent.
"""

import datetime

from django.utils import timezone

from processes.copies.models import Copy, MasterPDF
from processes.documents.models import Document, Revision
from qms.pdf import codes

S = Revision.Status


def seed(agencies, users):
    from processes.copies import services

    revisions = (Revision.objects.filter(agency__in=list(agencies.values()), status__in=[S.APPROVED, S.EFFECTIVE,
                                                                                        S.SUPERSEDED])
                 .exclude(document__doc_type=Document.Type.EXTERNAL)
                 .exclude(pk__in=MasterPDF.objects.values("revision_id")).order_by("-status", "pk"))
    for revision in revisions:  # effective first, so the worker renders what people open first
        services.queue_master(revision_id=revision.pk)
    _register(agencies["ubnd-hoan-kiem"], users)


def _copy(revision, number, holder, department, issued, **extra):
    copy, _created = Copy.objects.get_or_create(
        revision=revision, number=number,
        defaults={"agency": revision.agency, "kind": Copy.Kind.CONTROLLED, "code": codes.new_code(),
                  "holder": holder, "holder_name": holder.display_name if holder else department.name,
                  "department": department, "department_name": department.name, "issued_at": issued, **extra},
    )
    return copy


def _register(agency, users):
    qt05 = Document.objects.filter(agency=agency, code="QT-05").first()
    if qt05 is None:
        return
    old = qt05.revisions.filter(issue_number=1, status=S.SUPERSEDED).first()
    current = qt05.revisions.filter(issue_number=2, status=S.EFFECTIVE).first()
    if old is None or current is None:
        return
    head = users["hk.truongphong"]
    desk = users["hk.canbo"]
    urban, one_stop = head.department, desk.department
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 30)))  # noqa: E731
    _copy(old, 1, head, urban, at(datetime.date(2024, 1, 15)), recall_requested_at=at(datetime.date(2025, 3, 1)),
          recalled_at=at(datetime.date(2025, 3, 4)), recalled_by=users["hk.thuky"])
    _copy(old, 2, desk, one_stop, at(datetime.date(2024, 1, 15)), recall_requested_at=at(datetime.date(2025, 3, 1)))
    _copy(current, 1, head, urban, at(datetime.date(2025, 3, 1)))
    _copy(current, 2, desk, one_stop, at(datetime.date(2025, 3, 1)))
