"""Internal audits (scope audits:read): the audit programmes and the audits the caller may read, by the pages'
rules (audits/internal/views/common.py: QMS roles read all of the agency's, others the audits they take part in)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from api.v1 import auth
from api.v1.pagination import PageParams, paginate
from api.v1.problems import choice, errors
from audits.internal.models import Audit, AuditProgramme
from audits.internal.views.common import READERS, can_view
from qms.core import access

router = Router()
AUDIT_STATUS = choice(Audit.Status)
SCOPE = "audits:read"


class ProgrammeOut(Schema):
    id: int
    year: int
    title: str
    objectives: str


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    next_cursor: str | None


class AuditOut(Schema):
    id: int
    programme_id: int
    code: str
    title: str
    audit_type: str
    status: str
    planned_month: int
    start_date: datetime.date | None
    end_date: datetime.date | None
    lead_auditor: str | None
    departments: list[str]
    criteria_clauses: str


class AuditDetail(AuditOut):
    objectives: str
    summary: str
    conclusion: str
    reported_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class AuditPage(Schema):
    items: list[AuditOut]
    next_cursor: str | None


def _programme(p):
    return dict(id=p.pk, year=p.year, title=p.title, objectives=p.objectives)


def _audit(a):
    return dict(id=a.pk, programme_id=a.programme_id, code=a.code, title=a.title, audit_type=a.audit_type,
                status=a.status, planned_month=a.planned_month, start_date=a.start_date, end_date=a.end_date,
                lead_auditor=a.lead_auditor.display_name if a.lead_auditor_id else None,
                departments=[d.name for d in a.departments.all()], criteria_clauses=a.criteria_clauses)


def _readers(user):
    access.require_agency(user)
    access.require_role(user, *READERS)


@router.get("/audit-programmes", response={200: ProgrammePage, **errors(401, 403, 422, 429)}, auth=auth.token(SCOPE))
def programme_list(request, page: Query[PageParams], year: int | None = None):
    """The agency's audit programmes (QMS roles, as the programme page)."""
    _readers(request.user)
    programmes = access.scoped(AuditProgramme.objects.all(), request.user)
    if year is not None:
        programmes = programmes.filter(year=year)
    rows, cursor = paginate(programmes, page.cursor, page.limit)
    return {"items": [_programme(p) for p in rows], "next_cursor": cursor}


@router.get("/audit-programmes/{int:programme_id}", response={200: ProgrammeOut, **errors(401, 403, 404, 429)},
            auth=auth.token(SCOPE))
def programme_detail(request, programme_id: int):
    access.require_agency(request.user)
    programme = access.get_scoped_or_404(AuditProgramme.objects.all(), request.user, pk=programme_id)
    access.require_role(request.user, *READERS)
    return _programme(programme)


@router.get("/audits", response={200: AuditPage, **errors(401, 403, 422, 429)}, auth=auth.token(SCOPE))
def audit_list(request, page: Query[PageParams], programme: int | None = None, status: AUDIT_STATUS | None = None):
    """The audits the caller may read."""
    access.require_agency(request.user)
    audits = (Audit.objects.visible_to(request.user).select_related("lead_auditor")
              .prefetch_related("departments"))
    if programme is not None:
        audits = audits.filter(programme_id=programme)
    if status:
        audits = audits.filter(status=status)
    rows, cursor = paginate(audits, page.cursor, page.limit)
    return {"items": [_audit(a) for a in rows], "next_cursor": cursor}


@router.get("/audits/{int:audit_id}", response={200: AuditDetail, **errors(401, 403, 404, 429)},
            auth=auth.token(SCOPE))
def audit_detail(request, audit_id: int):
    access.require_agency(request.user)
    audit = get_object_or_404(access.scoped(Audit.objects.select_related("lead_auditor"), request.user), pk=audit_id)
    if not can_view(request.user, audit):
        raise access.RoleRequired(READERS)
    return dict(_audit(audit), objectives=audit.objectives, summary=audit.summary, conclusion=audit.conclusion,
                reported_at=audit.reported_at, closed_at=audit.closed_at)
