"""Handling a file: taking a step, completing it (hand-over to the next), returning it for more information, the
result, its return to the applicant and the applicant's rating. One transaction each; the file is locked first,
then its step, so two people acting on one file queue instead of both succeeding."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.files import hooks
from cases.files.models import Case, CaseStep, Handover, Outcome, Rating, ReturnMethod
from cases.files.permissions import CLERKS, may_take
from cases.files.services.common import calendar, clean_text, locked_case, outcome_of, params, refuse_unless
from cases.files.services.routing import start_step
from qms.core.history import save_tracked
from qms.core.models import User
from qms.core.notify import notify, task_done, task_key


def _local_date(value):
    return timezone.localtime(value).date()


def _locked(step):
    case = locked_case(step.case)
    return case, CaseStep.objects.select_for_update(of=("self",)).select_related("taken_by", "department").get(pk=step.pk)


def _when(value):
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


@transaction.atomic
def step_take(*, step, user, now=None):
    """``user`` takes the file's active step; a step already taken by someone else is refused, saying by whom."""
    now = now or timezone.now()
    case, step = _locked(step)
    refuse_unless(case, Case.Status.RECEIVED, Case.Status.IN_PROGRESS)
    if step.state != CaseStep.State.ACTIVE:
        raise ValidationError(_("Bước %(step)s không phải bước đang xử lý của hồ sơ.") % {"step": step.code})
    if step.taken_by_id == user.pk:
        return step
    if step.taken_by_id:
        raise ValidationError(_("Bước %(step)s đã được %(name)s nhận xử lý lúc %(at)s.")
                              % {"step": step.code, "name": step.taken_by.display_name, "at": _when(step.taken_at)})
    if not may_take(user, step):
        raise ValidationError(_("Bước %(step)s giao cho %(who)s; anh/chị không nhận được.")
                              % {"step": step.code, "who": step.assignee or step.department})
    step.taken_by, step.taken_at = user, now
    save_tracked(step, user=user, reason=_("Nhận xử lý"))
    if case.status == Case.Status.RECEIVED:
        case.status = Case.Status.IN_PROGRESS
        save_tracked(case, user=user, reason=_("Bắt đầu giải quyết"))
    task_done(task_key(step))
    return step


def _holder_check(case, step, user):
    refuse_unless(case, Case.Status.IN_PROGRESS)
    if step.state != CaseStep.State.ACTIVE:
        raise ValidationError(_("Bước %(step)s không phải bước đang xử lý của hồ sơ.") % {"step": step.code})
    if step.taken_by_id != user.pk:
        raise ValidationError(_("Chỉ người đã nhận xử lý bước %(step)s mới làm được việc này.") % {"step": step.code})


@transaction.atomic
def step_complete(*, step, user, note="", to_user=None, now=None):
    """The holder finishes the step: its outcome against its due time is kept, the file is handed over to the next
    step (to ``to_user`` when named, else to the step's department) whose due time runs from now; after the last
    step the result is ready for the desk."""
    now = now or timezone.now()
    case, step = _locked(step)
    _holder_check(case, step, user)
    following = case.steps.filter(order__gt=step.order).order_by("order").first()
    if to_user is not None:
        if following is None:
            raise ValidationError({"to_user": _("Đây là bước cuối: kết quả chuyển về Bộ phận một cửa.")})
        if to_user.agency_id != case.agency_id or not may_take(to_user, following):
            raise ValidationError({"to_user": _("%(name)s không xử lý được bước %(step)s (giao cho %(who)s).")
                                   % {"name": to_user.display_name, "step": following.code,
                                      "who": following.assignee or following.department}})
    step.state, step.done_at, step.note = CaseStep.State.DONE, now, clean_text(note)
    step.outcome = outcome_of(now, step.due_at, tz_date=_local_date)
    save_tracked(step, user=user, reason=_("Hoàn thành bước"))
    task_done(task_key(step))
    if following is not None:
        start_step(case, following, user=user, now=now, kind=Handover.Kind.NEXT_STEP, to_user=to_user,
                   result=step.outcome, note=step.note)
        return following
    case.status, case.result_at, case.current_step = Case.Status.RESULT_READY, now, None
    case.outcome = outcome_of(now, case.appointment_at, tz_date=_local_date)
    case.is_late = case.is_late or case.outcome == Outcome.LATE
    case.working_days_taken = calendar(case.agency).working_days_between(case.received_at, now)
    save_tracked(case, user=user, reason=_("Đã có kết quả giải quyết"))
    hooks.counted(case, hooks.RESULT)
    Handover.objects.create(case=case, agency=case.agency, step=None, kind=Handover.Kind.RESULT, from_user=user,
                            to_user=case.received_by, to_department=case.received_by.department, at=now,
                            result=step.outcome, note=step.note)
    desk = User.objects.in_agency(case.agency).with_role(*CLERKS)
    notify([u for u in desk if u.pk != user.pk], "cases.result_ready", case.get_absolute_url(), params=params(case),
           task=task_key(case, "return"), agency=case.agency)
    return None


@transaction.atomic
def step_return_for_information(*, step, user, reason, now=None):
    """The holder sends the file back to the previous step for more information (reason required); that step is
    active again for the person who did it, with a fresh due time."""
    now = now or timezone.now()
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do trả lại và thông tin cần bổ sung.")})
    case, step = _locked(step)
    _holder_check(case, step, user)
    previous = case.steps.filter(order__lt=step.order).order_by("-order").first()
    if previous is None:
        raise ValidationError(_("Bước đầu tiên không trả lại được. Nếu hồ sơ thiếu giấy tờ, lập phiếu yêu cầu bổ "
                                "sung, hoàn thiện hồ sơ."))
    step.state, step.taken_by, step.taken_at, step.due_at = CaseStep.State.PENDING, None, None, None
    step.returned_count += 1
    step.return_reason, step.returned_at = reason, now
    save_tracked(step, user=user, reason=_("Trả lại để bổ sung thông tin: %(r)s") % {"r": reason[:200]})
    task_done(task_key(step))
    previous.done_at, previous.outcome = None, ""
    start_step(case, previous, user=user, now=now, kind=Handover.Kind.RETURNED_FOR_INFO, to_user=previous.taken_by,
               note=reason)
    notify([previous.taken_by], "cases.step_returned", case.get_absolute_url(),
           params=params(case, step=f"{previous.code} {previous.description}"[:150], reason=reason[:200]),
           task=None, agency=case.agency)
    return previous


@transaction.atomic
def case_record_result(*, case, user, result_text):
    """What the file's result is (the licence's number, the certificate…), for the receipt of return (form 06)."""
    result_text = clean_text(result_text)
    if not result_text:
        raise ValidationError({"result_text": _("Cần ghi kết quả giải quyết (ví dụ số giấy phép).")})
    case = locked_case(case)
    refuse_unless(case, Case.Status.RESULT_READY)
    case.result_text = result_text
    save_tracked(case, user=user, reason=_("Ghi kết quả giải quyết"))
    return case


@transaction.atomic
def case_return(*, case, user, method, now=None):
    """The result is handed to the applicant (in person, by post, online)."""
    case = locked_case(case)
    refuse_unless(case, Case.Status.RESULT_READY)
    if method not in ReturnMethod.values:
        raise ValidationError({"method": _("Chọn hình thức trả kết quả.")})
    if not case.result_text:
        raise ValidationError({"method": _("Chưa ghi kết quả giải quyết: ghi kết quả trước khi trả.")})
    case.status, case.returned_at, case.return_method, case.returned_by = (
        Case.Status.RETURNED, now or timezone.now(), method, user)
    save_tracked(case, user=user, reason=_("Trả kết quả cho người nộp"))
    task_done(task_key(case, "return"))
    return case


@transaction.atomic
def case_rate(*, case, rating, comment="", user=None, now=None):
    """The applicant's rating of the service, once, after the result was returned (at the desk by the clerk
    for them, or later by themselves through the receipt's QR: ``user`` None)."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Chọn mức đánh giá: hài lòng, chấp nhận được hoặc không hài lòng.")})
    case = locked_case(case)
    refuse_unless(case, Case.Status.RETURNED, message=_("Chỉ đánh giá được sau khi đã nhận kết quả."))
    if case.rating:
        raise ValidationError(_("Hồ sơ này đã được đánh giá."))
    case.rating, case.rating_comment, case.rated_at = rating, clean_text(comment, 2000), now or timezone.now()
    save_tracked(case, user=user, reason=_("Người dân đánh giá"))
    hooks.counted(case, hooks.RATED)
    return case
