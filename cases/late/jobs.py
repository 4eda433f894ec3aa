"""Scheduled work on late files (``run_scheduled``; registered from cases/apps.py).

* ``alert_late`` (daily, and every few minutes through the watch loop): files whose appointment passed while they
  were being handled are marked late; each active step past its due time, and each file past the date the
  applicant was promised (the apology's new date when one was issued), alerts its handler and the head of the
  department once (``late_alerted_at`` is claimed by a conditional UPDATE, so two nodes never both alert); for
  agencies that chose it, late files get their NC opened (by the system: no person in the history).
* ``remind_apology`` (daily): the handler of a file whose appointment comes within APOLOGY_WARNING_DAYS working
  days, with no apology slip yet, is reminded once that the slip must be made before the date.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.files.models import Case, CaseStep, OneStopSettings
from cases.files.services.common import calendar, params
from cases.files.services.routing import recipients
from cases.late.services import RUNNING, late_case_open_nc
from qms.core.history import save_tracked
from qms.core.models import Notification
from qms.core.notify import notify, task_key
from qms.core.subjects import watch

APOLOGY_WARNING_DAYS = 2  # working days before the appointment the handler is reminded of the apology slip
FREQUENT_MINUTES = 5  # the watch loop runs every 30 s; the late check needs no more than this


def _iso(value):
    return timezone.localtime(value).date().isoformat() if value else ""


def _heads(step, handlers):
    """The head of the step's department; for a step of no department, the heads of its handlers' departments."""
    if step is None:
        return []
    if step.department_id:
        return [step.department.head] if step.department.head_id else []
    return [u.department.head for u in handlers if u.department_id and u.department.head_id]


def _claimed(model, pk, now):
    # Only the run whose UPDATE changes the row alerts: another node's run at the same moment changes nothing.
    return model.objects.filter(pk=pk, late_alerted_at__isnull=True).update(late_alerted_at=now) == 1


def mark_late(now):
    """Files still handled after their appointment are late from now on (kept when the result comes)."""
    marked = 0
    for case in Case.objects.filter(status__in=RUNNING, is_late=False, appointment_at__lt=now):
        with transaction.atomic():
            case.is_late = True
            save_tracked(case, reason=_("Quá ngày hẹn trả kết quả"), update_fields=["is_late"])
            marked += 1
    return marked


def alert_steps(now):
    sent = 0
    late = (CaseStep.objects.filter(state=CaseStep.State.ACTIVE, due_at__lt=now, late_alerted_at__isnull=True,
                                    case__status__in=RUNNING)
            .select_related("case__document", "case__agency", "department__head", "taken_by__department__head",
                            "assignee__department__head"))
    for step in late:
        with transaction.atomic():
            if not _claimed(CaseStep, step.pk, now):
                continue
            case = step.case
            # A step for whoever takes it, not taken yet, has nobody of its own: the desk that received the file.
            handlers = recipients(step) or [case.received_by]
            notify([*handlers, *_heads(step, handlers)], "cases.step_late", case.get_absolute_url(),
                   params=params(case, step=f"{step.code} {step.description}"[:150], due=_iso(step.due_at)),
                   task=None, agency=case.agency)
            sent += 1
    return sent


def alert_files(now):
    sent = 0
    late = (Case.objects.filter(status__in=RUNNING, late_alerted_at__isnull=True)
            .annotate(promised=Coalesce("new_appointment_at", "appointment_at")).filter(promised__lt=now)
            .select_related("document", "agency", "received_by", "current_step__department__head",
                            "current_step__taken_by__department__head", "current_step__assignee__department__head"))
    for case in late:
        with transaction.atomic():
            if not _claimed(Case, case.pk, now):
                continue
            step = case.current_step
            handlers = (recipients(step) if step is not None else []) or [case.received_by]
            notify([*handlers, *_heads(step, handlers)], "cases.case_late", case.get_absolute_url(),
                   params=params(case, due=_iso(case.due_at)), task=None, agency=case.agency)
            sent += 1
    return sent


def open_late_ncs(now):
    """For agencies that chose it (OneStopSettings.auto_open_late_nc), every late file without an NC gets one."""
    agencies = OneStopSettings.objects.filter(auto_open_late_nc=True).values("agency_id")
    opened = 0
    for case in Case.objects.filter(agency__in=agencies, is_late=True, nc__isnull=True).only("pk"):
        try:
            late_case_open_nc(case=case, user=None, now=now)
        except ValidationError:
            continue  # opened by a person meanwhile
        opened += 1
    return opened


def alert_late(*, today=None, now=None):
    now = now or timezone.now()
    marked = mark_late(now)
    result = {"marked": marked, "steps": alert_steps(now), "files": alert_files(now), "ncs": open_late_ncs(now)}
    return result


_last_frequent = {"at": None}


@watch
def alert_late_frequently(*, today=None, now=None):
    """The same check between two daily runs, at most every FREQUENT_MINUTES on this node: a step that ran late
    at 10:00 is told before noon, not the next morning. Returns how many alerts went (quiet when none)."""
    now = now or timezone.now()
    last = _last_frequent["at"]
    if last is not None and now - last < timedelta(minutes=FREQUENT_MINUTES):
        return 0
    _last_frequent["at"] = now
    result = alert_late(now=now)
    return result["steps"] + result["files"]


def remind_apology(*, today=None, now=None):
    """Handlers of files whose appointment falls within APOLOGY_WARNING_DAYS working days, without an apology
    slip, are reminded once (the notification's task is finished when the slip is issued)."""
    now = now or timezone.now()
    # A wide calendar bound first (Tết closes up to nine days in a row), then the agency's own working days.
    coarse = now + timedelta(days=APOLOGY_WARNING_DAYS + 14)
    candidates = (Case.objects.filter(status__in=RUNNING, new_appointment_at__isnull=True, appointment_at__gt=now,
                                      appointment_at__lte=coarse)
                  .select_related("document", "agency", "received_by", "current_step__department",
                                  "current_step__taken_by", "current_step__assignee"))
    calendars, sent = {}, 0
    for case in candidates:
        cal = calendars.setdefault(case.agency_id, calendar(case.agency))
        if case.appointment_at > cal.add(now, days=APOLOGY_WARNING_DAYS):
            continue
        key = task_key(case, "apology")
        if Notification.objects.filter(task=key).exists():
            continue
        handlers = (recipients(case.current_step) if case.current_step_id else []) or [case.received_by]
        with transaction.atomic():
            notify(handlers, "cases.apology_due", case.get_absolute_url(),
                   params=params(case, due=_iso(case.appointment_at),
                                 days=str(cal.working_days_between(now, case.appointment_at))),
                   task=key, agency=case.agency)
        sent += 1
    return sent


JOBS = [alert_late, alert_late_frequently, remind_apology]
