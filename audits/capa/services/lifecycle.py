"""The nonconformity itself: opening and numbering it, correcting its description, the correction
(8.3) and the root cause (8.5.2.b–c), rejecting it as unfounded and reopening it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.messages import nc_params
from audits.capa.models import Action, Nonconformity, NonconformityCounter, WhyStep
from audits.capa.services.common import (
    check_status,
    clean_text,
    lock_nc,
    require_handler,
    require_manager,
    task_done,
    task_key,
    tell,
)
from qms.core import search
from qms.core.history import require_reason, save_tracked

Status = Nonconformity.Status

MAX_WHYS = 10


def next_step(nc):
    """What is needed to move on, in words, for the detail page."""
    messages = {
        Status.OPEN: (
            _("Phân tích nguyên nhân (sự không phù hợp tiềm ẩn không cần khắc phục tức thời).")
            if nc.is_potential
            else _("Ghi nhận biện pháp khắc phục tức thời và cách xử lý đầu ra không phù hợp (nếu có).")
        ),
        Status.CORRECTION: _("Phân tích nguyên nhân gốc (5 lần hỏi vì sao), nhóm nguyên nhân, kết luận và đánh giá có cần hành động không."),
        Status.CAUSE_ANALYSED: (
            _("Thêm ít nhất một hành động khắc phục/phòng ngừa (người thực hiện, hạn hoàn thành) rồi chốt kế hoạch.")
            if nc.action_needed is not False
            else _("Chốt kết luận không cần hành động để chuyển sang kiểm tra hiệu lực.")
        ),
        Status.ACTIONS_PLANNED: _("Người thực hiện hoàn thành từng hành động (kết quả, bằng chứng)."),
        Status.ACTIONS_DONE: _("Người kiểm tra hiệu lực (không phải người thực hiện hành động) đánh giá hiệu lực của hành động."),
        Status.VERIFIED: _("Đóng phiếu."),
        Status.CLOSED: _("Đã đóng. Chỉ có thể mở lại khi nêu lý do."),
        Status.REJECTED: _("Đã bác bỏ. Chỉ có thể mở lại khi nêu lý do."),
    }
    return messages.get(nc.status, "")


# ---------------------------------------------------------------------------------------------
# Opening


def _allocate_number(agency, year):
    """Next number for (agency, year), taken inside the caller's transaction.

    The counter row is locked (PostgreSQL: SELECT … FOR UPDATE; SQLite: the IMMEDIATE
    transaction already serialises writers), so two simultaneous NCs never share a number;
    the unique constraint on (agency, year, number) stands behind it.
    """
    counter, _created = NonconformityCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def format_reference(year, number):
    return f"NC-{year}-{number:03d}"


@transaction.atomic
def nc_open(
    *,
    agency,
    source,
    user,
    description,
    department=None,
    clause="",
    severity="",
    detected_on=None,
    **extra,
):
    """Record a nonconformity (or, with ``kind="potential"``, a potential one) and number it.

    ``extra`` may hold: kind, source_ref, document (processes.Document), process_ref, detected_by, responsible.
    The person responsible defaults to the department head; they are notified.
    """
    allowed_extra = {"kind", "source_ref", "document", "process_ref", "detected_by", "responsible"}
    unknown = set(extra) - allowed_extra
    if unknown:
        raise TypeError(f"nc_open() got unexpected arguments {sorted(unknown)}")
    errors = {}
    description = clean_text(description)
    if not description:
        errors["description"] = _("Cần mô tả sự không phù hợp.")
    if source not in Nonconformity.Source.values:
        errors["source"] = _("Nguồn phát hiện không hợp lệ.")
    kind = extra.get("kind") or Nonconformity.Kind.NONCONFORMITY
    if kind not in Nonconformity.Kind.values:
        errors["kind"] = _("Loại không hợp lệ.")
    # No default grade: whoever records the NC chooses it (a missing one is refused, never assumed).
    if not severity:
        errors["severity"] = Nonconformity.SEVERITY_MISSING
    elif severity not in Nonconformity.Severity.values:
        errors["severity"] = _("Mức độ không hợp lệ.")
    today = timezone.localdate()
    detected_on = detected_on or today
    if detected_on > today:
        errors["detected_on"] = _("Ngày phát hiện không thể ở tương lai.")
    if department is not None and department.agency_id != agency.pk:
        errors["department"] = _("Phòng này không thuộc cơ quan.")
    document = extra.get("document")
    if document is not None and document.agency_id != agency.pk:
        errors["document"] = _("Tài liệu này không thuộc cơ quan.")
    detected_by = extra.get("detected_by") or (user if user and user.agency_id == agency.pk else None)
    responsible = extra.get("responsible") or (department.head if department is not None else None)
    for field, person in (("detected_by", detected_by), ("responsible", responsible)):
        if person is not None and (person.agency_id != agency.pk or not person.is_active):
            errors[field] = _("Người này không thuộc cơ quan.")
    if errors:
        raise ValidationError(errors)

    year = today.year
    number = _allocate_number(agency, year)
    nc = Nonconformity(
        agency=agency,
        year=year,
        number=number,
        reference=format_reference(year, number),
        kind=kind,
        source=source,
        source_ref=clean_text(extra.get("source_ref", ""))[:200],
        department=department,
        document=document,
        process_ref=clean_text(extra.get("process_ref", ""))[:255],
        clause=clean_text(clause)[:20],
        severity=severity,
        description=description,
        detected_on=detected_on,
        detected_by=detected_by,
        responsible=responsible,
        created_by=user,
    )
    search.refresh(nc)
    save_tracked(nc, user=user, reason=_("Ghi nhận sự không phù hợp"))
    if responsible is not None and responsible != user:
        tell(
            [responsible],
            "capa.nc_new",
            nc.get_absolute_url(),
            agency,
            task=task_key(nc, "handle"),
            **nc_params(nc),
        )
    return nc


def _member_of(agency, user, field):
    if user is None or not user.is_active or user.agency_id != agency.pk:
        raise ValidationError({field: _("Người này không thuộc cơ quan.")})


@transaction.atomic
def nc_update(*, nc, user, **fields):
    """Correct the description of an NC still open (department, clause, severity, process, description)."""
    nc = lock_nc(nc)
    require_handler(user, nc)
    check_status(nc, (Status.OPEN, Status.CORRECTION), _("Chỉ sửa được thông tin khi phiếu mới ghi nhận."))
    editable = {"description", "department", "document", "clause", "severity", "process_ref", "responsible", "source_ref"}
    previous = nc.responsible
    for name, value in fields.items():
        if name not in editable:
            raise TypeError(name)
        if isinstance(value, str):
            value = clean_text(value)
        setattr(nc, name, value)
    if not nc.description:
        raise ValidationError({"description": _("Cần mô tả sự không phù hợp.")})
    if nc.department_id and nc.department.agency_id != nc.agency_id:
        raise ValidationError({"department": _("Phòng này không thuộc cơ quan.")})
    if nc.document_id and nc.document.agency_id != nc.agency_id:
        raise ValidationError({"document": _("Tài liệu này không thuộc cơ quan.")})
    if nc.responsible_id:
        _member_of(nc.agency, nc.responsible, "responsible")
    search.refresh(nc)
    save_tracked(nc, user=user, reason=_("Sửa thông tin phiếu"))
    if previous is not None and previous.pk != nc.responsible_id:
        task_done(task_key(nc, "handle"), users=[previous])  # no longer theirs to handle
    return nc


# ---------------------------------------------------------------------------------------------
# Correction (8.3) and root cause (8.5.2.b–c)


@transaction.atomic
def nc_record_correction(*, nc, user, correction, disposition="", concession_by="", reverification="", correction_on=None):
    """open → correction: what was done at once, and how a nonconforming output was dealt with."""
    nc = lock_nc(nc)
    require_handler(user, nc)
    check_status(
        nc,
        (Status.OPEN, Status.CORRECTION),
        _("Chỉ ghi nhận khắc phục khi phiếu đang ở bước mới ghi nhận (trạng thái hiện tại: %(s)s).")
        % {"s": nc.get_status_display()},
    )
    errors = {}
    correction = clean_text(correction)
    concession_by = clean_text(concession_by)
    reverification = clean_text(reverification)
    if not correction:
        errors["correction"] = _("Cần mô tả biện pháp khắc phục đã thực hiện.")
    if disposition not in Nonconformity.Disposition.values:
        errors["disposition"] = _("Cách xử lý không hợp lệ.")
    if disposition == Nonconformity.Disposition.CONCESSION and not concession_by:
        errors["concession_by"] = _("Nhân nhượng cần ghi rõ người có thẩm quyền chấp nhận.")
    if disposition == Nonconformity.Disposition.FIXED and not reverification:
        errors["reverification"] = _("Đầu ra đã xử lý phải được kiểm tra lại: ghi kết quả kiểm tra lại.")
    correction_on = correction_on or timezone.localdate()
    if correction_on > timezone.localdate():
        errors["correction_on"] = _("Ngày khắc phục không thể ở tương lai.")
    elif correction_on < nc.detected_on:
        errors["correction_on"] = _("Ngày khắc phục không thể trước ngày phát hiện.")
    if errors:
        raise ValidationError(errors)
    nc.correction = correction
    nc.disposition = disposition
    nc.concession_by = concession_by if disposition == Nonconformity.Disposition.CONCESSION else ""
    nc.reverification = reverification
    nc.correction_by = user
    nc.correction_on = correction_on
    nc.status = Status.CORRECTION
    save_tracked(nc, user=user, reason=_("Ghi nhận khắc phục"))
    return nc


@transaction.atomic
def nc_analyse_cause(*, nc, user, whys, cause_category, conclusion, action_needed, no_action_reason=""):
    """correction → cause analysed: the 5-Why chain, the cause category, the conclusion, and 8.5.2.c."""
    nc = lock_nc(nc)
    require_handler(user, nc)
    allowed = (Status.CORRECTION, Status.CAUSE_ANALYSED) + ((Status.OPEN,) if nc.is_potential else ())
    if nc.status == Status.OPEN and not nc.is_potential:
        raise ValidationError(_("Cần ghi nhận biện pháp khắc phục trước khi phân tích nguyên nhân."))
    check_status(
        nc, allowed, _("Không thể phân tích nguyên nhân ở trạng thái %(s)s.") % {"s": nc.get_status_display()}
    )
    errors = {}
    whys = [clean_text(w) for w in (whys or [])]
    whys = [w for w in whys if w]
    if not whys:
        errors["whys"] = _("Cần ít nhất một câu trả lời cho câu hỏi “Vì sao?”.")
    elif len(whys) > MAX_WHYS:
        errors["whys"] = _("Tối đa %(n)d lần hỏi vì sao.") % {"n": MAX_WHYS}
    if cause_category not in Nonconformity.CauseCategory.values:
        errors["cause_category"] = _("Chọn nhóm nguyên nhân.")
    conclusion = clean_text(conclusion)
    if not conclusion:
        errors["conclusion"] = _("Cần kết luận nguyên nhân gốc.")
    if action_needed not in (True, False):
        errors["action_needed"] = _("Cần đánh giá có phải hành động để sự không phù hợp không tái diễn không.")
    no_action_reason = clean_text(no_action_reason)
    if action_needed is False and not no_action_reason:
        errors["no_action_reason"] = _("Cần nêu lý do khi kết luận không cần hành động.")
    if action_needed is False and nc.actions.open().exists():
        errors["action_needed"] = _("Đang có hành động được lập: hủy chúng trước khi kết luận không cần hành động.")
    if errors:
        raise ValidationError(errors)
    for step in list(nc.whys.all()):
        step._history_user = user
        step.delete()
    for position, answer in enumerate(whys, start=1):
        save_tracked(WhyStep(nc=nc, position=position, answer=answer), user=user)
    nc.cause_category = cause_category
    nc.cause_conclusion = conclusion
    nc.action_needed = action_needed
    nc.no_action_reason = no_action_reason if action_needed is False else ""
    nc.cause_by = user
    nc.cause_on = timezone.localdate()
    nc.status = Status.CAUSE_ANALYSED
    save_tracked(nc, user=user, reason=_("Phân tích nguyên nhân gốc"))
    return nc


# ---------------------------------------------------------------------------------------------
# Rejecting and reopening


@transaction.atomic
def nc_reject(*, nc, user, reason):
    """Rejected as unfounded, with a reason; open actions are cancelled with the same reason."""
    nc = lock_nc(nc)
    require_manager(user, nc)
    check_status(
        nc,
        (Status.OPEN, Status.CORRECTION, Status.CAUSE_ANALYSED),
        _("Chỉ bác bỏ được phiếu chưa lập kế hoạch hành động."),
    )
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do bác bỏ.")})
    for action in nc.actions.open():
        action.status = Action.Status.CANCELLED
        action.cancel_reason = reason
        save_tracked(action, user=user, reason=reason)
        task_done(task_key(action))
    task_done(task_key(nc, "handle"))
    nc.status = Status.REJECTED
    nc.rejection_reason = reason
    save_tracked(nc, user=user, reason=reason)
    return nc


@transaction.atomic
def nc_reopen(*, nc, user, reason):
    """closed or rejected → open, only with a reason; earlier records stay in the history."""
    nc = lock_nc(nc)
    require_manager(user, nc)
    check_status(nc, (Status.CLOSED, Status.REJECTED), _("Chỉ mở lại phiếu đã đóng hoặc đã bác bỏ."))
    reason = require_reason(clean_text(reason))
    nc.status = Status.OPEN
    nc.reopen_reason = reason
    nc.rejection_reason = ""
    nc.closed_at = None
    nc.closed_by = None
    save_tracked(nc, user=user, reason=reason)
    if nc.responsible_id and nc.responsible_id != user.pk:
        tell(
            [nc.responsible], "capa.nc_reopened", nc.get_absolute_url(), nc.agency,
            task=task_key(nc, "handle"), **nc_params(nc, reason=reason[:200]),
        )
    return nc
