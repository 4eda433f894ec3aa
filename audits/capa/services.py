"""Nonconformity workflow: one named, transactional function per step (8.3, 8.5.2, 8.5.3).

Every function locks the NC row it changes, checks that the step follows the previous one and
that the user may take it, and raises ``ValidationError`` (field-keyed, Vietnamese) or
``PermissionDenied`` otherwise, leaving nothing half-done. Notifications go out on commit.

Entry point for other parts of the app (internal audit findings, management review)::

    nc_open(*, agency, source, user, description, department=None, clause="", severity=..., detected_on=None, **extra)
"""

import datetime
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audits.capa.models import Action, EffectivenessCheck, Nonconformity, NonconformityCounter, WhyStep
from qms.core.access import MANAGERS, has_role, is_manager
from qms.core.history import require_reason, save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify

Status = Nonconformity.Status

MAX_WHYS = 10


# ---------------------------------------------------------------------------------------------
# Small helpers


def clean_text(value):
    """NFC-normalised, stripped text; NUL bytes removed (PostgreSQL refuses them)."""
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def _lock(nc):
    return Nonconformity.objects.select_for_update().get(pk=nc.pk)


def _today():
    return timezone.localdate()


def _check_status(nc, allowed, message):
    if nc.status not in allowed:
        raise ValidationError(message)


def can_handle(user, nc):
    """May record the correction, the cause and plan actions: managers, the person responsible, the department head."""
    if not user.is_authenticated or user.agency_id != nc.agency_id:
        return False
    if is_manager(user):
        return True
    if nc.responsible_id and nc.responsible_id == user.pk:
        return True
    return bool(nc.department_id and nc.department.head_id == user.pk)


def _require_handler(user, nc):
    if not can_handle(user, nc):
        raise PermissionDenied


def _require_manager(user, nc):
    if user.agency_id != nc.agency_id or not is_manager(user):
        raise PermissionDenied


def _member_of(agency, user, field):
    if user is None or not user.is_active or user.agency_id != agency.pk:
        raise ValidationError({field: _("Người này không thuộc cơ quan.")})


def action_owner_ids(nc):
    """Owners of the NC's actions that were not cancelled: they cannot verify their own work."""
    return set(nc.actions.exclude(status=Action.Status.CANCELLED).values_list("owner_id", flat=True))


def managers_of(agency):
    return list(User.objects.in_agency(agency).with_role(*MANAGERS))


def tell(users, message, url, agency, **params):
    """Notify each person in their own language: ``message`` is a lazy translation, ``params`` fill it."""
    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            text = str(message) % params if params else str(message)
            notify([user], text, url, agency=agency)



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
    severity=Nonconformity.Severity.MINOR,
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
    if severity not in Nonconformity.Severity.values:
        errors["severity"] = _("Mức độ không hợp lệ.")
    today = _today()
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
    save_tracked(nc, user=user, reason=_("Ghi nhận sự không phù hợp"))
    if responsible is not None and responsible != user:
        tell(
            [responsible],
            _lazy("%(ref)s: sự không phù hợp mới cần xử lý"),
            nc.get_absolute_url(),
            agency,
            ref=nc.reference,
        )
    return nc


@transaction.atomic
def nc_update(*, nc, user, **fields):
    """Correct the description of an NC still open (department, clause, severity, process, description)."""
    nc = _lock(nc)
    _require_handler(user, nc)
    _check_status(nc, (Status.OPEN, Status.CORRECTION), _("Chỉ sửa được thông tin khi phiếu mới ghi nhận."))
    editable = {"description", "department", "document", "clause", "severity", "process_ref", "responsible", "source_ref"}
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
    save_tracked(nc, user=user, reason=_("Sửa thông tin phiếu"))
    return nc


# ---------------------------------------------------------------------------------------------
# Correction (8.3) and root cause (8.5.2.b–c)


@transaction.atomic
def nc_record_correction(*, nc, user, correction, disposition="", concession_by="", reverification="", correction_on=None):
    """open → correction: what was done at once, and how a nonconforming output was dealt with."""
    nc = _lock(nc)
    _require_handler(user, nc)
    _check_status(
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
    correction_on = correction_on or _today()
    if correction_on > _today():
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
    nc = _lock(nc)
    _require_handler(user, nc)
    allowed = (Status.CORRECTION, Status.CAUSE_ANALYSED) + ((Status.OPEN,) if nc.is_potential else ())
    if nc.status == Status.OPEN and not nc.is_potential:
        raise ValidationError(_("Cần ghi nhận biện pháp khắc phục trước khi phân tích nguyên nhân."))
    _check_status(
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
    nc.cause_on = _today()
    nc.status = Status.CAUSE_ANALYSED
    save_tracked(nc, user=user, reason=_("Phân tích nguyên nhân gốc"))
    return nc


# ---------------------------------------------------------------------------------------------
# Actions (8.5.2.d–e, 8.5.3.c–d)


@transaction.atomic
def action_add(*, nc, user, description, owner, due_date, kind=Action.Kind.CORRECTIVE):
    nc = _lock(nc)
    _require_handler(user, nc)
    _check_status(
        nc,
        (Status.CAUSE_ANALYSED, Status.ACTIONS_PLANNED),
        _("Chỉ lập hành động sau khi đã phân tích nguyên nhân (trạng thái hiện tại: %(s)s).")
        % {"s": nc.get_status_display()},
    )
    if nc.action_needed is False:
        raise ValidationError(_("Phân tích nguyên nhân kết luận không cần hành động; sửa lại kết luận nếu cần."))
    errors = {}
    description = clean_text(description)
    if not description:
        errors["description"] = _("Cần mô tả hành động.")
    if kind not in Action.Kind.values:
        errors["kind"] = _("Loại hành động không hợp lệ.")
    if owner is None or not owner.is_active or owner.agency_id != nc.agency_id:
        errors["owner"] = _("Người thực hiện phải là cán bộ của cơ quan.")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Cần hạn hoàn thành.")
    elif due_date < _today():
        errors["due_date"] = _("Hạn hoàn thành không thể ở quá khứ.")
    if errors:
        raise ValidationError(errors)
    action = Action(
        agency=nc.agency, nc=nc, kind=kind, description=description, owner=owner, due_date=due_date, created_by=user
    )
    save_tracked(action, user=user, reason=_("Lập hành động"))
    if nc.status == Status.ACTIONS_PLANNED:
        _announce_action(action)
    return action


def _announce_action(action):
    tell(
        [action.owner],
        _lazy("%(ref)s: bạn được giao hành động, hạn %(due)s"),
        action.get_absolute_url(),
        action.agency,
        ref=action.nc.reference,
        due=action.due_date.strftime("%d/%m/%Y"),
    )


@transaction.atomic
def nc_plan_actions(*, nc, user):
    """cause analysed → actions planned (or straight to actions done when no action is needed)."""
    nc = _lock(nc)
    _require_handler(user, nc)
    _check_status(nc, (Status.CAUSE_ANALYSED,), _("Cần phân tích nguyên nhân trước khi chốt kế hoạch hành động."))
    open_actions = list(nc.actions.open().select_related("owner", "nc"))
    if nc.action_needed is not False and not open_actions:
        raise ValidationError(_("Cần ít nhất một hành động đang thực hiện (người thực hiện, hạn hoàn thành)."))
    nc.status = Status.ACTIONS_PLANNED
    save_tracked(nc, user=user, reason=_("Chốt kế hoạch hành động"))
    for action in open_actions:
        _announce_action(action)
    if not open_actions:
        _advance_when_actions_done(nc, user)
    return nc


@transaction.atomic
def action_complete(*, action, user, result, completed_on=None):
    """An action is done: what was done and when. The last one moves the NC to "actions done"."""
    action = Action.objects.select_for_update().select_related("nc").get(pk=action.pk)
    nc = _lock(action.nc)
    if user.pk != action.owner_id and not can_handle(user, nc):
        raise PermissionDenied
    if action.status != Action.Status.PLANNED:
        raise ValidationError(_("Hành động này đã kết thúc (%(s)s).") % {"s": action.get_status_display()})
    if nc.status != Status.ACTIONS_PLANNED:
        raise ValidationError(_("Kế hoạch hành động chưa được chốt: chưa thể ghi nhận hoàn thành."))
    errors = {}
    result = clean_text(result)
    if not result:
        errors["result"] = _("Cần mô tả kết quả thực hiện.")
    completed_on = completed_on or _today()
    if completed_on > _today():
        errors["completed_on"] = _("Ngày hoàn thành không thể ở tương lai.")
    elif completed_on < action.created_at.date() - timedelta(days=1):
        errors["completed_on"] = _("Ngày hoàn thành không thể trước ngày lập hành động.")
    if errors:
        raise ValidationError(errors)
    action.status = Action.Status.DONE
    action.result = result
    action.completed_on = completed_on
    save_tracked(action, user=user, reason=_("Hoàn thành hành động"))
    _advance_when_actions_done(nc, user)
    return action


@transaction.atomic
def action_change(*, action, user, owner, due_date, reason):
    """Give an open action to someone else or a new due date (an extension), with a reason.

    Reminders and escalation start again from the new date; the new owner is told.
    """
    action = Action.objects.select_for_update().select_related("nc").get(pk=action.pk)
    nc = _lock(action.nc)
    _require_handler(user, nc)
    if action.status != Action.Status.PLANNED:
        raise ValidationError(_("Hành động này đã kết thúc (%(s)s).") % {"s": action.get_status_display()})
    errors = {}
    if owner is None or not owner.is_active or owner.agency_id != nc.agency_id:
        errors["owner"] = _("Người thực hiện phải là cán bộ của cơ quan.")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Cần hạn hoàn thành.")
    elif due_date < _today():
        errors["due_date"] = _("Hạn hoàn thành không thể ở quá khứ.")
    reason = clean_text(reason)
    if not reason:
        errors["reason"] = _("Cần nêu lý do thay đổi.")
    if errors:
        raise ValidationError(errors)
    if owner.pk == action.owner_id and due_date == action.due_date:
        raise ValidationError(_("Không có gì thay đổi."))
    new_owner = owner.pk != action.owner_id
    action.owner = owner
    if due_date != action.due_date:
        action.due_date = due_date
        action.reminded_on = action.overdue_reminded_on = action.escalated_on = None
    save_tracked(action, user=user, reason=reason)
    if new_owner or nc.status == Status.ACTIONS_PLANNED:
        _announce_action(action)
    return action


@transaction.atomic
def action_cancel(*, action, user, reason):
    action = Action.objects.select_for_update().select_related("nc").get(pk=action.pk)
    nc = _lock(action.nc)
    _require_handler(user, nc)
    if action.status != Action.Status.PLANNED:
        raise ValidationError(_("Hành động này đã kết thúc (%(s)s).") % {"s": action.get_status_display()})
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do hủy hành động.")})
    action.status = Action.Status.CANCELLED
    action.cancel_reason = reason
    save_tracked(action, user=user, reason=reason)
    if nc.status == Status.ACTIONS_PLANNED and nc.actions.filter(status=Action.Status.DONE).exists():
        _advance_when_actions_done(nc, user)
    elif nc.status == Status.ACTIONS_PLANNED and not nc.actions.open().exists():
        # Nothing left to do and nothing done: the plan has to be made again.
        nc.status = Status.CAUSE_ANALYSED
        save_tracked(nc, user=user, reason=_("Mọi hành động đã bị hủy: cần lập lại kế hoạch"))
    return action


def _advance_when_actions_done(nc, user):
    """actions planned → actions done once nothing is open; schedule the effectiveness check."""
    if nc.status != Status.ACTIONS_PLANNED or nc.actions.open().exists():
        return
    nc.status = Status.ACTIONS_DONE
    save_tracked(nc, user=user, reason=_("Mọi hành động đã hoàn thành"))
    last_done = max(
        (a.completed_on for a in nc.actions.filter(status=Action.Status.DONE) if a.completed_on), default=_today()
    )
    owners = action_owner_ids(nc)
    verifier = nc.detected_by
    if verifier is not None and (verifier.pk in owners or not verifier.is_active):
        verifier = None
    check = EffectivenessCheck(
        agency=nc.agency,
        nc=nc,
        scheduled_on=last_done + timedelta(days=settings.QMS_EFFECTIVENESS_CHECK_DAYS),
        verifier=verifier,
    )
    save_tracked(check, user=user, reason=_("Lên lịch kiểm tra hiệu lực"))
    recipients = [verifier] if verifier else managers_of(nc.agency)
    tell(
        recipients,
        _lazy("%(ref)s: các hành động đã hoàn thành, kiểm tra hiệu lực dự kiến ngày %(d)s"),
        nc.get_absolute_url(),
        nc.agency,
        ref=nc.reference,
        d=check.scheduled_on.strftime("%d/%m/%Y"),
    )


# ---------------------------------------------------------------------------------------------
# Effectiveness (8.5.2.f, 8.5.3.e) and closing


@transaction.atomic
def check_schedule(*, nc, user, verifier, scheduled_on):
    """Set who verifies effectiveness and when; the verifier must own none of the NC's actions."""
    nc = _lock(nc)
    _require_manager(user, nc)
    _check_status(nc, (Status.ACTIONS_DONE,), _("Chỉ lên lịch kiểm tra hiệu lực khi mọi hành động đã hoàn thành."))
    errors = {}
    if verifier is None or not verifier.is_active or verifier.agency_id != nc.agency_id:
        errors["verifier"] = _("Người kiểm tra hiệu lực phải là cán bộ của cơ quan.")
    elif verifier.pk in action_owner_ids(nc):
        errors["verifier"] = _("Người kiểm tra hiệu lực không được là người thực hiện hành động của phiếu này.")
    if not isinstance(scheduled_on, datetime.date):
        errors["scheduled_on"] = _("Cần ngày kiểm tra.")
    if errors:
        raise ValidationError(errors)
    check = nc.checks.select_for_update().filter(result=EffectivenessCheck.Result.PENDING).first()
    if check is None:
        check = EffectivenessCheck(agency=nc.agency, nc=nc, scheduled_on=scheduled_on)
    check.verifier = verifier
    check.scheduled_on = scheduled_on
    save_tracked(check, user=user, reason=_("Phân công kiểm tra hiệu lực"))
    tell(
        [verifier],
        _lazy("%(ref)s: bạn được phân công kiểm tra hiệu lực hành động ngày %(d)s"),
        nc.get_absolute_url(),
        nc.agency,
        ref=nc.reference,
        d=scheduled_on.strftime("%d/%m/%Y"),
    )
    return check


def may_verify(user, nc, check):
    if check is None or user.agency_id != nc.agency_id or user.pk in action_owner_ids(nc):
        return False
    if check.verifier_id:
        return check.verifier_id == user.pk
    return has_role(user, Role.AUDITOR, *MANAGERS)


@transaction.atomic
def nc_verify(*, nc, user, result, notes):
    """Record the effectiveness check. "effective" verifies and closes; "not effective" reopens for new actions."""
    nc = _lock(nc)
    _check_status(nc, (Status.ACTIONS_DONE,), _("Chỉ kiểm tra hiệu lực khi mọi hành động đã hoàn thành."))
    check = nc.checks.select_for_update().filter(result=EffectivenessCheck.Result.PENDING).first()
    if user.agency_id != nc.agency_id:
        raise PermissionDenied
    if user.pk in action_owner_ids(nc):
        raise ValidationError(_("Người kiểm tra hiệu lực không được là người thực hiện hành động của phiếu này."))
    if check is None:
        raise ValidationError(_("Chưa có lịch kiểm tra hiệu lực."))
    if not may_verify(user, nc, check):
        raise PermissionDenied
    errors = {}
    if result not in (EffectivenessCheck.Result.EFFECTIVE, EffectivenessCheck.Result.NOT_EFFECTIVE):
        errors["result"] = _("Chọn kết quả kiểm tra.")
    notes = clean_text(notes)
    if not notes:
        errors["notes"] = _("Cần ghi nhận xét và bằng chứng đã xem xét.")
    if errors:
        raise ValidationError(errors)
    check.result = result
    check.notes = notes
    check.verifier = user
    check.verified_at = timezone.now()
    save_tracked(check, user=user, reason=_("Kiểm tra hiệu lực"))
    if result == EffectivenessCheck.Result.EFFECTIVE:
        nc.status = Status.VERIFIED
        save_tracked(nc, user=user, reason=_("Hành động có hiệu lực"))
        return nc_close(nc=nc, user=user)
    # Not effective: back to planning; new actions are needed (8.5.2.c answered again).
    nc.status = Status.CAUSE_ANALYSED
    nc.action_needed = True
    nc.no_action_reason = ""
    save_tracked(nc, user=user, reason=_("Hành động không có hiệu lực: cần hành động mới"))
    handler = nc.responsible or (nc.department.head if nc.department_id else None)
    tell(
        [handler] if handler else managers_of(nc.agency),
        _lazy("%(ref)s: hành động chưa có hiệu lực, cần lập hành động mới"),
        nc.get_absolute_url(),
        nc.agency,
        ref=nc.reference,
    )
    return nc


def close_blockers(nc):
    """Reasons the NC cannot close yet (empty when it can)."""
    blockers = []
    if not nc.cause_conclusion or not nc.whys.exists():
        blockers.append(_("Chưa ghi nhận nguyên nhân gốc."))
    if nc.actions.open().exists():
        blockers.append(_("Còn hành động chưa hoàn thành."))
    if nc.action_needed is not False and not nc.actions.filter(status=Action.Status.DONE).exists():
        blockers.append(_("Chưa có hành động nào hoàn thành."))
    last = nc.checks.exclude(result=EffectivenessCheck.Result.PENDING).order_by("-verified_at", "-pk").first()
    if last is None or last.result != EffectivenessCheck.Result.EFFECTIVE:
        blockers.append(_("Chưa có kết quả kiểm tra hiệu lực “có hiệu lực”."))
    elif last.verifier_id in action_owner_ids(nc):
        blockers.append(_("Người kiểm tra hiệu lực là người thực hiện hành động."))
    return blockers


@transaction.atomic
def nc_close(*, nc, user):
    """verified → closed, only with a recorded cause, completed actions and an independent effective check."""
    nc = _lock(nc)
    if user.agency_id != nc.agency_id:
        raise PermissionDenied
    _check_status(nc, (Status.VERIFIED,), _("Chỉ đóng phiếu sau khi hành động đã được kiểm tra có hiệu lực."))
    blockers = close_blockers(nc)
    if blockers:
        raise ValidationError(blockers)
    nc.status = Status.CLOSED
    nc.closed_at = timezone.now()
    nc.closed_by = user
    save_tracked(nc, user=user, reason=_("Đóng phiếu"))
    recipients = {p for p in (nc.responsible, nc.detected_by) if p is not None and p != user}
    tell(list(recipients), _lazy("%(ref)s đã được đóng"), nc.get_absolute_url(), nc.agency, ref=nc.reference)
    return nc


# ---------------------------------------------------------------------------------------------
# Rejecting and reopening


@transaction.atomic
def nc_reject(*, nc, user, reason):
    """Rejected as unfounded, with a reason; open actions are cancelled with the same reason."""
    nc = _lock(nc)
    _require_manager(user, nc)
    _check_status(
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
    nc.status = Status.REJECTED
    nc.rejection_reason = reason
    save_tracked(nc, user=user, reason=reason)
    return nc


@transaction.atomic
def nc_reopen(*, nc, user, reason):
    """closed or rejected → open, only with a reason; earlier records stay in the history."""
    nc = _lock(nc)
    _require_manager(user, nc)
    _check_status(nc, (Status.CLOSED, Status.REJECTED), _("Chỉ mở lại phiếu đã đóng hoặc đã bác bỏ."))
    reason = require_reason(clean_text(reason))
    nc.status = Status.OPEN
    nc.reopen_reason = reason
    nc.rejection_reason = ""
    nc.closed_at = None
    nc.closed_by = None
    save_tracked(nc, user=user, reason=reason)
    if nc.responsible_id and nc.responsible_id != user.pk:
        tell(
            [nc.responsible], _lazy("%(ref)s được mở lại: %(r)s"), nc.get_absolute_url(), nc.agency,
            ref=nc.reference, r=reason,
        )
    return nc


# ---------------------------------------------------------------------------------------------
# Evidence


def action_evidence_add(*, action, user, upload):
    """Attach a file proving the action. Checked before anything is written; removed again if saving fails."""
    from django.core.files.base import ContentFile

    from audits.capa.models import ActionEvidence
    from qms.core.uploads import read_checked, sha256, storage_name

    nc = action.nc
    if user.pk != action.owner_id and not can_handle(user, nc):
        raise PermissionDenied
    if action.status == Action.Status.CANCELLED:
        raise ValidationError(_("Hành động đã hủy: không thêm bằng chứng."))
    if nc.status in (Status.CLOSED, Status.REJECTED):
        raise ValidationError(_("Phiếu đã kết thúc: không thêm bằng chứng."))
    data, (content_type, extension) = read_checked(upload)
    original = clean_text(getattr(upload, "name", "") or "")[:255] or f"bang-chung.{extension}"
    evidence = ActionEvidence(
        agency=action.agency,
        action=action,
        original_name=original.replace("/", "_").replace("\\", "_"),
        content_type=content_type,
        size=len(data),
        sha256=sha256(data),
        uploaded_by=user,
    )
    try:
        evidence.file.save(storage_name(extension), ContentFile(data), save=False)
    except OSError:
        # Media folder unwritable or disk full: nothing was saved, say so instead of a 500.
        raise ValidationError({"file": _(
            "Không lưu được tệp lên máy chủ (thư mục lưu trữ không ghi được hoặc đã hết dung lượng). "
            "Bằng chứng chưa được lưu; hãy thử lại sau hoặc báo quản trị hệ thống.")}) from None
    try:
        with transaction.atomic():
            save_tracked(evidence, user=user, reason=_("Thêm bằng chứng"))
    except Exception:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence
