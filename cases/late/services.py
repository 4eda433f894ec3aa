"""Late one-stop files (issue 16 item 4, and a dissatisfied rating from item 5): the apology slip (form 04), a
late file opened as a nonconformity in one step, a "not satisfied" rating turned into feedback or an NC.

What "late" means here (Decree 61/2018, art. 19, and the figures of Circular 01/2018): a file is late when its
result was ready after the appointment given at receipt, or when it is still being handled after it. An apology
slip moves the date the applicant is promised (``new_appointment_at``) but not the appointment the file is
measured against: a file with an apology is still counted late once the original date passes. While the desk
awaits supplements the clock is stopped (the appointment is computed again when they come), so such a file is not
late on that account. The rule itself is defined once, in cases/files/models.py (late_condition, Case.late_at).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.models import Nonconformity
from audits.capa.services import nc_open
from audits.feedback.services import feedback_record
from cases.files.models import ApologySlip, Case, CaseStep, Outcome, Rating
from cases.files.services.common import calendar, clean_text, locked_case, refuse_unless
from cases.late.permissions import COORDINATORS, may_issue_apology, may_turn_rating, signers
from qms.core.history import save_tracked
from qms.core.notify import task_done, task_key
from qms.core.workdays import AFTERNOON, MORNING, TZ

# The states in which the file's clock runs (received, being handled): only these become late by the calendar.
RUNNING = Case.RUNNING


def when(value):
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else "—"


def is_late(case, now=None):
    """Late: the result came after the appointment (kept in ``is_late``), or the file is still handled after it.
    Exactly at the appointment it is not late yet. The rule is cases.files.models.late_condition's (one definition
    for the register's filter, the API, the status page and this piece)."""
    return case.late_at(now)


def late_days(case, cal, now=None):
    """Working days from the appointment to the result (or to now for a file still open); 0 when not late."""
    if case.appointment_at is None:
        return 0
    end = case.result_at or case.returned_at or now or timezone.now()
    return max(cal.working_days_between(case.appointment_at, end), 0)


def late_steps(case, now=None):
    """The file's steps finished late, and its active step if past its due time."""
    now = now or timezone.now()
    return [s for s in case.steps.select_related("department").order_by("order")
            if s.outcome == Outcome.LATE or (s.state == CaseStep.State.ACTIVE and s.due_at and s.due_at < now)]


def is_working_moment(cal, moment):
    """A time inside office hours of a working day: a new appointment the applicant can actually come at."""
    local = moment.astimezone(TZ)
    t = local.time()
    return cal.is_working_day(local.date()) and (MORNING[0] <= t <= MORNING[1] or AFTERNOON[0] <= t <= AFTERNOON[1])


@transaction.atomic
def apology_issue(*, case, user, new_appointment_at, reason, signed_by, now=None):
    """Form 04: the apology to the applicant with a new date for the result and the reason for the delay, made by
    the file's handler or the coordinator, signed by a head of the agency, before the current date passes.
    Numbered per file (the first, second… apology of that file); the file's promised date becomes the new one."""
    now = now or timezone.now()
    case = locked_case(case)
    if not may_issue_apology(user, case):
        raise PermissionDenied
    refuse_unless(case, *RUNNING, message=_("Chỉ lập phiếu xin lỗi cho hồ sơ đang giải quyết."))
    current = case.due_at
    if current is None or current <= now:
        raise ValidationError(_("Phiếu xin lỗi và hẹn lại phải lập trước ngày hẹn trả kết quả (%(due)s); ngày này đã "
                                "qua nên không lập phiếu được nữa. Hồ sơ được tính là trễ hạn.") % {"due": when(current)})
    cal = calendar(case.agency)
    errors = {}
    reason = clean_text(reason, 2000)
    if not reason:
        errors["reason"] = _("Cần ghi lý do chậm trễ.")
    if new_appointment_at is None:
        errors["new_appointment_at"] = _("Cần chọn ngày giờ hẹn lại trả kết quả.")
    elif new_appointment_at <= current:
        errors["new_appointment_at"] = _("Ngày hẹn lại phải sau ngày hẹn hiện tại (%(due)s).") % {"due": when(current)}
    elif not is_working_moment(cal, new_appointment_at):
        errors["new_appointment_at"] = _("Ngày hẹn lại phải là giờ làm việc của một ngày làm việc (07:30–11:30, "
                                         "13:30–17:00, không phải ngày nghỉ).")
    if signed_by is None or not signers(case.agency).filter(pk=signed_by.pk).exists():
        errors["signed_by"] = _("Người ký phải là lãnh đạo của cơ quan.")
    if errors:
        raise ValidationError(errors)
    number = (ApologySlip.objects.filter(case=case).aggregate(n=Max("number"))["n"] or 0) + 1
    slip = ApologySlip(case=case, agency=case.agency, number=number, new_appointment_at=new_appointment_at,
                       reason=reason, signed_by=signed_by, issued_by=user, issued_at=now)
    save_tracked(slip, user=user, reason=reason[:200])
    case.new_appointment_at = new_appointment_at
    save_tracked(case, user=user, reason=_("Phiếu xin lỗi và hẹn lại lần %(n)s: %(reason)s")
                 % {"n": number, "reason": reason[:200]})
    task_done(task_key(case, "apology"))
    return slip


def late_description(case, now=None):
    """The NC's description, written for the coordinator: file, procedure, dates, how late, which steps."""
    now = now or timezone.now()
    cal = calendar(case.agency)
    procedure = " – ".join(p for p in (case.document.procedure_code, case.document.title) if p)
    lines = [
        _("Hồ sơ %(code)s trễ hạn %(days)s ngày làm việc.") % {"code": case.code, "days": late_days(case, cal, now)},
        _("Thủ tục: %(p)s (quy trình %(doc)s).") % {"p": procedure, "doc": case.document.code},
        _("Tiếp nhận: %(at)s; hẹn trả: %(due)s.") % {"at": when(case.received_at), "due": when(case.appointment_at)},
    ]
    if case.new_appointment_at:
        lines.append(_("Đã có phiếu xin lỗi, hẹn lại: %(at)s.") % {"at": when(case.new_appointment_at)})
    if case.result_at:
        lines.append(_("Có kết quả lúc: %(at)s.") % {"at": when(case.result_at)})
    steps = late_steps(case, now)
    if steps:
        lines.append(_("Các bước trễ hạn:"))
        lines += [f"- {s.code} {s.description} ({s.department or s.responsibility or '—'}; "
                  + _("hạn %(due)s") % {"due": when(s.due_at)} + ")" for s in steps]
    return "\n".join(lines), steps


@transaction.atomic
def late_case_open_nc(*, case, user, now=None):
    """Open a nonconformity (source "hồ sơ trễ hạn") for a late file in one step and link it to the file.
    ``user`` is the coordinator, or None when the daily job opens it for an agency that chose so (the history
    then shows no person: the system did it). Refused for a file that is not late or already has an NC."""
    now = now or timezone.now()
    case = locked_case(case)
    if user is not None and (user.agency_id != case.agency_id or not user.has_role(*COORDINATORS)):
        raise PermissionDenied
    if case.nc_id:
        raise ValidationError(_("Hồ sơ %(code)s đã có phiếu không phù hợp %(ref)s.")
                              % {"code": case.code, "ref": case.nc.reference})
    if not is_late(case, now):
        raise ValidationError(_("Hồ sơ %(code)s không trễ hạn: không mở sự không phù hợp.") % {"code": case.code})
    description, steps = late_description(case, now)
    department = next((s.department for s in steps if s.department_id), None)
    nc = nc_open(agency=case.agency, source=Nonconformity.Source.LATE_CASE, user=user, description=description,
                 department=department, clause="8.2.3", severity=Nonconformity.Severity.MINOR, source_ref=case.code,
                 document=case.document, process_ref=case.document.title[:255])
    case.nc, case.is_late = nc, True
    save_tracked(case, user=user, reason=(_("Mở sự không phù hợp %(ref)s cho hồ sơ trễ hạn") if user else
                                          _("Tự động mở sự không phù hợp %(ref)s cho hồ sơ trễ hạn"))
                 % {"ref": nc.reference})
    return nc


def _dissatisfied(case, user):
    if not may_turn_rating(user, case):
        raise PermissionDenied
    if case.rating != Rating.NOT_SATISFIED:
        raise ValidationError(_("Chỉ chuyển được đánh giá \"Không hài lòng\" của người dân."))


def _rating_text(case):
    text = _("Người nộp hồ sơ %(code)s (%(procedure)s) đánh giá: không hài lòng.") % {
        "code": case.code, "procedure": case.document.title[:200]}
    if case.rating_comment:
        text += "\n" + _("Ý kiến: %(c)s") % {"c": case.rating_comment}
    return text


@transaction.atomic
def rating_to_feedback(*, case, user):
    """A "not satisfied" rating becomes citizens' feedback (the agency's inbox, answered as any other), linked to
    the file. The applicant is named by initials only (Decree 13/2023: the feedback inbox is not the file)."""
    case = locked_case(case)
    _dissatisfied(case, user)
    if case.feedback_id:
        raise ValidationError(_("Đánh giá này đã được chuyển thành phản ánh %(code)s.")
                              % {"code": case.feedback.tracking_code})
    feedback = feedback_record(agency=case.agency, user=user, content=_rating_text(case), name=case.initials,
                               procedure=" – ".join(p for p in (case.document.procedure_code, case.document.title) if p))
    case.feedback = feedback
    save_tracked(case, user=user, reason=_("Chuyển đánh giá không hài lòng thành phản ánh %(code)s")
                 % {"code": feedback.tracking_code})
    return feedback


@transaction.atomic
def rating_to_nc(*, case, user):
    """A "not satisfied" rating becomes a nonconformity (source: citizens' feedback) in one step, linked to the
    file. A file already linked to an NC (opened because it was late) is refused: that NC is the place."""
    case = locked_case(case)
    _dissatisfied(case, user)
    if case.nc_id:
        raise ValidationError(_("Hồ sơ %(code)s đã có phiếu không phù hợp %(ref)s.")
                              % {"code": case.code, "ref": case.nc.reference})
    nc = nc_open(agency=case.agency, source=Nonconformity.Source.CITIZEN_FEEDBACK, user=user,
                 description=_rating_text(case), clause="8.2.1", severity=Nonconformity.Severity.MINOR,
                 source_ref=case.code, document=case.document, process_ref=case.document.title[:255],
                 detected_on=timezone.localtime(case.rated_at).date() if case.rated_at else None)
    case.nc = nc
    save_tracked(case, user=user, reason=_("Chuyển đánh giá không hài lòng thành sự không phù hợp %(ref)s")
                 % {"ref": nc.reference})
    return nc
