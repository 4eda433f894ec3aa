"""Nonconformities and their actions (scope nc:read), and recording a new NC (scope nc:write) through the same
service as the page (audits/capa/services.nc_open: numbering, history with the token owner, notification).
The register's filters are the page's own filterset (audits/capa/filters.NonconformityFilter)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from api.v1 import auth
from api.v1.pagination import PageParams, paginate
from api.v1.problems import ApiProblem, choice, errors
from audits.capa import services as svc
from audits.capa.filters import NonconformityFilter
from audits.capa.models import Action, Nonconformity
from processes.documents.models import Document
from qms.core import access
from qms.core.models import Department, User

router = Router()
NC_STATUS, NC_SOURCE = choice(Nonconformity.Status), choice(Nonconformity.Source)
NC_SEVERITY, NC_KIND = choice(Nonconformity.Severity), choice(Nonconformity.Kind)
ACTION_STATUS = choice(Action.Status)


class NcFilters(Schema):
    q: str | None = None
    status: NC_STATUS | None = None
    source: NC_SOURCE | None = None
    severity: NC_SEVERITY | None = None
    kind: NC_KIND | None = None
    department: int | None = None
    year: int | None = None
    overdue: bool | None = None
    active: bool | None = None
    clause: str | None = None
    detected_from: datetime.date | None = None
    detected_to: datetime.date | None = None


class ActionOut(Schema):
    id: int
    kind: str
    description: str
    owner: str | None
    due_date: datetime.date
    status: str
    completed_on: datetime.date | None
    result: str


class NcItem(Schema):
    id: int
    reference: str
    kind: str
    source: str
    severity: str
    status: str
    description: str
    clause: str
    department: str | None
    document_id: int | None
    detected_on: datetime.date
    responsible: str | None
    closed_at: datetime.datetime | None


class NcPage(Schema):
    items: list[NcItem]
    next_cursor: str | None


class NcDetail(NcItem):
    correction: str
    cause_category: str
    cause_conclusion: str
    actions: list[ActionOut]


class NcIn(Schema):
    source: NC_SOURCE
    severity: NC_SEVERITY
    description: str = Field(min_length=1)
    kind: NC_KIND = Nonconformity.Kind.NONCONFORMITY
    clause: str = ""
    detected_on: datetime.date | None = None
    department: int | None = None
    document: int | None = None
    responsible: int | None = None
    process_ref: str = ""
    source_ref: str = ""


def _name(user):
    return user.display_name if user is not None else None


def _item(nc):
    return dict(id=nc.pk, reference=nc.reference, kind=nc.kind, source=nc.source, severity=nc.severity,
                status=nc.status, description=nc.description, clause=nc.clause,
                department=nc.department.name if nc.department_id else None, document_id=nc.document_id,
                detected_on=nc.detected_on, responsible=_name(nc.responsible), closed_at=nc.closed_at)


def _scoped(user):
    access.require_agency(user)
    return access.scoped(Nonconformity.objects.select_related("department", "responsible"), user)


@router.get("/ncs", response={200: NcPage, **errors(401, 403, 422, 429)}, auth=auth.token("nc:read"))
def nc_list(request, filters: Query[NcFilters], page: Query[PageParams]):
    """The agency's nonconformity register, filtered as on its page."""
    queryset = _scoped(request.user)
    data = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in filters.dict().items() if v is not None}
    filterset = NonconformityFilter(data, queryset=queryset, agency=request.user.agency)
    if not filterset.is_valid():
        raise ApiProblem(422, _("Bộ lọc không hợp lệ."), errors=filterset.errors)
    rows, cursor = paginate(filterset.qs, page.cursor, page.limit)
    return {"items": [_item(nc) for nc in rows], "next_cursor": cursor}


def _detail(nc):
    actions = nc.actions.select_related("owner").order_by("due_date", "pk")
    return dict(_item(nc), correction=nc.correction, cause_category=nc.cause_category,
                cause_conclusion=nc.cause_conclusion, actions=[
                    dict(id=a.pk, kind=a.kind, description=a.description, owner=_name(a.owner), due_date=a.due_date,
                         status=a.status, completed_on=a.completed_on, result=a.result) for a in actions])


@router.get("/ncs/{int:nc_id}", response={200: NcDetail, **errors(401, 403, 404, 429)}, auth=auth.token("nc:read"))
def nc_detail(request, nc_id: int):
    """One nonconformity with its correction, cause and actions."""
    access.require_agency(request.user)
    nc = access.get_scoped_or_404(Nonconformity.objects.select_related("department", "responsible"), request.user,
                                  pk=nc_id)
    return _detail(nc)


def _own(model, agency, pk, field, **extra):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, agency=agency, **extra).first()
    if found is None:
        raise ValidationError({field: _("Không có mục này trong cơ quan.")})
    return found


@router.post("/ncs", response={201: NcDetail, **errors(400, 401, 403, 422, 429)}, auth=auth.token("nc:write"))
def nc_create(request, payload: NcIn):
    """Record a nonconformity, numbered and notified as from the page; its history names the token's owner."""
    agency = access.require_agency(request.user)
    nc = svc.nc_open(
        agency=agency, source=payload.source, user=request.user, description=payload.description,
        department=_own(Department, agency, payload.department, "department"), clause=payload.clause,
        severity=payload.severity, detected_on=payload.detected_on, kind=payload.kind,
        source_ref=payload.source_ref, process_ref=payload.process_ref,
        document=_own(Document, agency, payload.document, "document", withdrawn_at__isnull=True),
        responsible=_own(User, agency, payload.responsible, "responsible", is_active=True),
    )
    return Status(201, _detail(nc))


class ActionItem(ActionOut):
    nc_id: int
    nc_reference: str


class ActionPage(Schema):
    items: list[ActionItem]
    next_cursor: str | None


@router.get("/actions", response={200: ActionPage, **errors(401, 403, 422, 429)}, auth=auth.token("nc:read"))
def action_list(request, page: Query[PageParams], status: ACTION_STATUS | None = None):
    """The agency's corrective and preventive actions."""
    access.require_agency(request.user)
    actions = access.scoped(Action.objects.select_related("owner", "nc"), request.user)
    if status:
        actions = actions.filter(status=status)
    rows, cursor = paginate(actions, page.cursor, page.limit)
    return {"items": [dict(id=a.pk, kind=a.kind, description=a.description, owner=_name(a.owner),
                           due_date=a.due_date, status=a.status, completed_on=a.completed_on, result=a.result,
                           nc_id=a.nc_id, nc_reference=a.nc.reference) for a in rows], "next_cursor": cursor}
