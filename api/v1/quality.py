"""Quality objectives and their measured figures (scope figures:read), by the objectives page's rule (every
role of the agency but provincial oversight reads them: quality/objectives/views.READERS)."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from ninja import Query, Router, Schema

from api.v1 import auth
from api.v1.pagination import PageParams, paginate
from api.v1.problems import errors
from qms.core import access
from quality.objectives.models import Measurement, Objective
from quality.objectives.views import READERS

router = Router()
SCOPE = "figures:read"


class MeasurementOut(Schema):
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal | None
    computed: bool
    met: bool | None
    note: str


class PlanOut(Schema):
    """The plan to achieve the objective (ISO 9001:2015, 6.2.2): all five answers, or no plan at all."""
    actions: str
    resources: str
    owner: str | None  # the person responsible; None when the lead department answers "who"
    due: datetime.date
    evaluation: str


class ObjectiveOut(Schema):
    id: int
    year: int
    code: str
    title: str
    department: str | None
    indicator: str
    unit: str
    target: Decimal
    direction: str
    frequency: str
    method: str
    plan: PlanOut | None  # None: not planned (optional in a year the agency applies 2008)
    measurements: list[MeasurementOut]


class ObjectivePage(Schema):
    items: list[ObjectiveOut]
    next_cursor: str | None


def _plan(o):
    if not o.is_planned:
        return None
    return dict(actions=o.plan_actions, resources=o.plan_resources, due=o.plan_due, evaluation=o.plan_evaluation,
                owner=o.plan_owner.display_name if o.plan_owner_id else None)


def _objective(o):
    return dict(id=o.pk, year=o.year, code=o.code, title=o.title, department=o.department.name if o.department_id
                else None, indicator=o.indicator, unit=o.unit, target=o.target, direction=o.direction,
                frequency=o.frequency, method=o.method, plan=_plan(o), measurements=[
                    dict(period_start=m.period_start, period_end=m.period_end, value=m.value, computed=m.computed,
                         met=o.meets(m.value) if m.value is not None else None, note=m.note)
                    for m in o.measurements.all()])


def _queryset(user):
    access.require_agency(user)
    access.require_role(user, *READERS)
    return (access.scoped(Objective.objects.all(), user).select_related("department", "plan_owner")
            .prefetch_related(Prefetch("measurements", queryset=Measurement.objects.order_by("period_start"))))


@router.get("/objectives", response={200: ObjectivePage, **errors(401, 403, 422, 429)}, auth=auth.token(SCOPE))
def objective_list(request, page: Query[PageParams], year: int | None = None):
    """The agency's quality objectives with every measurement (all years, or one)."""
    objectives = _queryset(request.user)
    if year is not None:
        objectives = objectives.filter(year=year)
    rows, cursor = paginate(objectives, page.cursor, page.limit)
    return {"items": [_objective(o) for o in rows], "next_cursor": cursor}


@router.get("/objectives/{int:objective_id}", response={200: ObjectiveOut, **errors(401, 403, 404, 429)},
            auth=auth.token(SCOPE))
def objective_detail(request, objective_id: int):
    objectives = _queryset(request.user)
    access.get_scoped_or_404(Objective.objects.all(), request.user, pk=objective_id)  # 404 before anything else
    return _objective(objectives.get(pk=objective_id))
