"""Daily work for the scheduler: reminders and escalation of management review decisions, as for CAPA actions
(audits/capa/jobs.py). Idempotent for a day: what was sent is remembered on the decision."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.history import save_tracked
from qms.core.notify import notify, task_key
from quality.review.models import Decision
from quality.review.services import decision_params, managers_of

OVERDUE_REPEAT_DAYS = 7  # an overdue owner is reminded again at most this often


def _open_decisions():
    # Locked for the job's transaction: an owner completing the decision meanwhile waits, then it is not open.
    return Decision.objects.open().select_related("review", "owner", "agency").select_for_update(of=("self",))


def _tell(users, key, decision, **more):
    notify(users, key, decision.get_absolute_url(), params={**decision_params(decision), **more},
           task=task_key(decision), agency=decision.agency)


@transaction.atomic
def remind_decisions(today=None):
    """Tell owners a few days before the due date (QMS_ACTION_REMINDER_DAYS) and again once overdue (weekly)."""
    today = today or timezone.localdate()
    sent = 0
    soon = today + timedelta(days=settings.QMS_ACTION_REMINDER_DAYS)
    for decision in _open_decisions().filter(due_date__gte=today, due_date__lte=soon, reminded_on__isnull=True):
        _tell([decision.owner], "review.decision_reminder", decision)
        decision.reminded_on = today
        save_tracked(decision, reason=_("Nhắc trước hạn"), update_fields=["reminded_on"])
        sent += 1
    repeat_before = today - timedelta(days=OVERDUE_REPEAT_DAYS)
    for decision in _open_decisions().filter(due_date__lt=today):
        if decision.overdue_reminded_on and decision.overdue_reminded_on > repeat_before:
            continue
        _tell([decision.owner], "review.decision_overdue", decision)
        decision.overdue_reminded_on = today
        save_tracked(decision, reason=_("Nhắc quá hạn"), update_fields=["overdue_reminded_on"])
        sent += 1
    return sent


@transaction.atomic
def escalate_overdue_decisions(today=None):
    """Tell the review's chair and the QMS managers about decisions overdue by more than
    QMS_ACTION_ESCALATION_DAYS days. Once per decision."""
    today = today or timezone.localdate()
    limit = today - timedelta(days=settings.QMS_ACTION_ESCALATION_DAYS)
    sent = 0
    decisions = _open_decisions().filter(due_date__lt=limit, escalated_on__isnull=True).select_related("review__chair")
    for decision in decisions:
        recipients = [decision.review.chair, *managers_of(decision.agency)]
        recipients = [u for u in recipients if u.pk != decision.owner_id]
        _tell(recipients, "review.decision_escalated", decision, owner=decision.owner.display_name)
        decision.escalated_on = today
        save_tracked(decision, reason=_("Báo lãnh đạo về quyết định quá hạn"), update_fields=["escalated_on"])
        sent += 1
    return sent


JOBS = [remind_decisions, escalate_overdue_decisions]
