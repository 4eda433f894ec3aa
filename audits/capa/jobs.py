"""Daily work for the scheduler (``run_scheduled`` calls every function in ``JOBS`` with today's date).

Each job is idempotent for a given day: what it sent is remembered on the row (reminded_on,
overdue_reminded_on, escalated_on), so running it twice sends nothing twice.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.messages import nc_params
from audits.capa.models import Action, EffectivenessCheck
from audits.capa.services import managers_of, tell
from qms.core.notify import task_key
from qms.core.history import save_tracked

# Overdue owners are reminded again at most this often.
OVERDUE_REPEAT_DAYS = 7


def _open_actions():
    # Locked for the job's transaction: an owner completing the action meanwhile waits, and the job then
    # sees the action is no longer open (PostgreSQL re-checks the filter; SQLite serialises writers).
    return (
        Action.objects.open()
        .select_related("nc", "nc__department", "nc__department__head", "owner", "agency")
        .select_for_update(of=("self",))
    )


@transaction.atomic
def remind_actions(today=None):
    """E-mail owners a few days before the due date (QMS_ACTION_REMINDER_DAYS) and again once overdue."""
    today = today or timezone.localdate()
    sent = 0
    soon = today + timedelta(days=settings.QMS_ACTION_REMINDER_DAYS)
    for action in _open_actions().filter(due_date__gte=today, due_date__lte=soon, reminded_on__isnull=True):
        tell(
            [action.owner],
            "capa.action_reminder",
            action.get_absolute_url(),
            action.agency,
            task=task_key(action),
            **nc_params(action.nc, due=action.due_date.isoformat()),
        )
        action.reminded_on = today
        save_tracked(action, reason=_("Nhắc trước hạn"), update_fields=["reminded_on"])
        sent += 1
    repeat_before = today - timedelta(days=OVERDUE_REPEAT_DAYS)
    overdue = _open_actions().filter(due_date__lt=today)
    for action in overdue:
        if action.overdue_reminded_on and action.overdue_reminded_on > repeat_before:
            continue
        tell(
            [action.owner],
            "capa.action_overdue",
            action.get_absolute_url(),
            action.agency,
            task=task_key(action),
            **nc_params(action.nc, due=action.due_date.isoformat()),
        )
        action.overdue_reminded_on = today
        save_tracked(action, reason=_("Nhắc quá hạn"), update_fields=["overdue_reminded_on"])
        sent += 1
    return sent


@transaction.atomic
def escalate_overdue_actions(today=None):
    """Tell the department head (or, without one, the QMS managers) about actions overdue by
    more than QMS_ACTION_ESCALATION_DAYS days. Once per action."""
    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.QMS_ACTION_ESCALATION_DAYS)
    sent = 0
    for action in _open_actions().filter(due_date__lt=limit, escalated_on__isnull=True):
        department = action.nc.department
        head = department.head if department is not None else None
        recipients = [head] if head is not None and head.is_active else managers_of(action.agency)
        tell(
            recipients,
            "capa.action_escalated",
            action.get_absolute_url(),
            action.agency,
            task=task_key(action),
            **nc_params(action.nc, owner=action.owner.display_name, due=action.due_date.isoformat()),
        )
        action.escalated_on = today
        save_tracked(action, reason=_("Báo trưởng phòng về hành động quá hạn"), update_fields=["escalated_on"])
        sent += 1
    return sent


@transaction.atomic
def remind_effectiveness_checks(today=None):
    """Tell the verifier (or the managers, when nobody is assigned) that a check is due."""
    today = today or timezone.localdate()
    sent = 0
    due = (
        EffectivenessCheck.objects.due(today).filter(reminded_on__isnull=True)
        .select_related("nc", "verifier", "agency").select_for_update(of=("self",))
    )
    for check in due:
        recipients = [check.verifier] if check.verifier_id else managers_of(check.agency)
        tell(
            recipients,
            "capa.check_due",
            check.nc.get_absolute_url(),
            check.agency,
            task=task_key(check.nc, "check"),
            **nc_params(check.nc, due=check.scheduled_on.isoformat()),
        )
        check.reminded_on = today
        save_tracked(check, reason=_("Nhắc kiểm tra hiệu lực"), update_fields=["reminded_on"])
        sent += 1
    return sent


JOBS = [remind_actions, escalate_overdue_actions, remind_effectiveness_checks]
