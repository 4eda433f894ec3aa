"""Turning the revision's step table into a file's steps, and starting a step (its due time, the hand-over
record, the notification)."""

from decimal import Decimal

from django.utils import timezone

from cases.files.models import CaseStep, Handover
from cases.files.services.common import calendar, clean_text, params
from qms.core import text as vntext
from qms.core.history import save_tracked
from qms.core.models import Department, User
from qms.core.notify import notify, task_key
from qms.core.workdays import parse_duration


def department_for(responsibility, departments):
    """The department whose name the step's responsibility names ("Chuyên viên Phòng Quản lý đô thị" → Phòng
    Quản lý đô thị), the longest name winning; None when none does (the step is for whoever takes it)."""
    folded = vntext.fold(responsibility)
    found = [d for d in departments if vntext.fold(d.name) and vntext.fold(d.name) in folded]
    return max(found, key=lambda d: len(d.name)) if found else None


def build_steps(case):
    """Copy the step table of the file's revision: what the revision said at receipt is what the file follows."""
    departments = list(Department.objects.filter(agency=case.agency))
    steps = []
    for order, row in enumerate(case.revision.steps or [], start=1):
        if not isinstance(row, dict):
            continue
        time_text = clean_text(row.get("time"), 100)
        days, hours = parse_duration(time_text) or (Decimal(0), Decimal(0))
        responsibility = clean_text(row.get("responsibility"), 500)
        steps.append(CaseStep(
            case=case, agency=case.agency, order=order, code=clean_text(row.get("step"), 40),
            description=clean_text(row.get("description")), responsibility=responsibility,
            department=department_for(responsibility, departments), time_text=time_text, planned_days=days,
            planned_hours=hours, forms=clean_text(row.get("forms"), 500)))
    for step in steps:
        save_tracked(step, reason="")
    return steps


def due_for(case, step, now):
    if not step.planned_days and not step.planned_hours:
        return None
    return calendar(case.agency).add(now, days=step.planned_days, hours=step.planned_hours)


def recipients(step):
    """Who is told a step came to them: the person it was handed to, else its department's members."""
    if step.taken_by_id:
        return [step.taken_by]
    if step.assignee_id:
        return [step.assignee]
    if step.department_id:
        return list(User.objects.in_agency(step.agency_id).filter(department_id=step.department_id))
    return []


def start_step(case, step, *, user, now, kind, to_user=None, result="", note=""):
    """``step`` becomes the file's active step from ``now``: its due time from the calendar, held by ``to_user``
    when the hand-over names a person; the hand-over is recorded and its receivers told."""
    step.state, step.started_at, step.due_at = CaseStep.State.ACTIVE, now, due_for(case, step, now)
    if to_user is not None:
        step.taken_by, step.taken_at = to_user, now
    save_tracked(step, user=user, reason=str(Handover.Kind(kind).label))
    case.current_step = step
    save_tracked(case, user=user, reason=str(Handover.Kind(kind).label))
    Handover.objects.create(case=case, agency=case.agency, step=step, kind=kind, from_user=user,
                            to_user=step.taken_by, to_department=step.department, at=now, result=result, note=note)
    due = step.due_at or case.appointment_at
    notify([u for u in recipients(step) if u.pk != user.pk], "cases.step_handed_over", case.get_absolute_url(),
           params=params(case, step=f"{step.code} {step.description}"[:150],
                         due=timezone.localtime(due).date().isoformat() if due else ""),
           task=task_key(step), agency=case.agency)
    return step
