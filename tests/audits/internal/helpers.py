"""Building blocks for the internal-audit tests: a programme, documents, auditors, audits in any status."""

import datetime

from audits.internal import services as svc
from audits.internal.models import Audit, AuditProgramme
from processes.documents.models import Document
from qms.core.models import Role
from tests.factories import make_user

YEAR = 2026


def programme(world, year=YEAR):
    return AuditProgramme.objects.get_or_create(
        agency=world.agency, year=year, defaults={"title": f"Chương trình đánh giá nội bộ năm {year}"}
    )[0]


def document(world, code="QT-05", department=None, owner=None, title="Tiếp nhận và trả kết quả hồ sơ"):
    return Document.objects.create(
        agency=world.agency, code=code, title=title, department=department, owner=owner,
        doc_type=Document.Type.PROCEDURE,
    )


def auditor(world, department_key="office", username="auditor2", full_name="Nguyễn Văn Kiểm"):
    return make_user(world.agency, [Role.AUDITOR, Role.STAFF], world.departments[department_key],
                     username=username, full_name=full_name)


def audit(world, *, status="planned", departments=("desk",), documents=(), lead=None, team=(), clauses="4.2.3, 8.2.2",
          month=3, start=datetime.date(YEAR, 3, 10), end=datetime.date(YEAR, 3, 12), auditees=(), title=None):
    """An audit of the One-Stop Desk led by world.auditor (Phòng Tư pháp), moved to ``status``."""
    lead = world.auditor if lead is None else lead
    a = svc.audit_create(
        programme=programme(world), user=world.coordinator, title=title or "Đánh giá Bộ phận một cửa",
        planned_month=month, start_date=start, end_date=end,
        departments=[world.departments[k] for k in departments], documents=list(documents),
        criteria_clauses=clauses, lead_auditor=lead, team=list(team), auditees=list(auditees),
    )
    if status in ("in_progress", "reported", "closed"):
        svc.audit_start(audit=a, user=lead)
    if status in ("reported", "closed"):
        svc.audit_issue_report(audit=a, user=lead, summary="Tóm tắt", conclusion="Kết luận", confirm_unanswered=True)
    if status == "closed":
        svc.audit_close(audit=a, user=lead)
    a.refresh_from_db()
    assert a.status == status
    return a


def refresh(obj):
    obj.refresh_from_db()
    return obj


__all__ = ["Audit", "YEAR", "programme", "document", "auditor", "audit", "refresh"]
