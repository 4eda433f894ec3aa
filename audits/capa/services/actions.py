"""Corrective and preventive actions (8.5.2.d–e, 8.5.3.c–d): adding them, fixing the plan,
completing, changing and cancelling them, their evidence; the last one done schedules the
effectiveness check.
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.messages import nc_params
from audits.capa.models import Action, EffectivenessCheck, Nonconformity
from audits.capa.services.common import (
    can_handle,
    check_status,
    clean_text,
    eligible_verifiers,
    lock_nc,
    managers_of,
    require_handler,
    task_done,
    task_key,
    tell,
)
from qms.core import search
from qms.core.history import save_tracked

Status = Nonconformity.Status


@transaction.atomic
def action_add(*, nc, user, description, owner, due_date, kind=Action.Kind.CORRECTIVE):
    nc = lock_nc(nc)
    require_handler(user, nc)
    check_status(
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
    elif due_date < timezone.localdate():
        errors["due_date"] = _("Hạn hoàn thành không thể ở quá khứ.")
    if errors:
        raise ValidationError(errors)
    action = Action(
        agency=nc.agency, nc=nc, kind=kind, description=description, owner=owner, due_date=due_date, created_by=user
    )
    search.refresh(action)
    save_tracked(action, user=user, reason=_("Lập hành động"))
    if nc.status == Status.ACTIONS_PLANNED:
        _announce_action(action)
    return action


def _announce_action(action):
    tell(
        [action.owner],
        "capa.action_assigned",
        action.get_absolute_url(),
        action.agency,
        task=task_key(action),
        **nc_params(action.nc, due=action.due_date.isoformat()),
    )


@transaction.atomic
def nc_plan_actions(*, nc, user):
    """cause analysed → actions planned (or straight to actions done when no action is needed)."""
    nc = lock_nc(nc)
    require_handler(user, nc)
    check_status(nc, (Status.CAUSE_ANALYSED,), _("Cần phân tích nguyên nhân trước khi chốt kế hoạch hành động."))
    open_actions = list(nc.actions.open().select_related("owner", "nc"))
    if nc.action_needed is not False and not open_actions:
        raise ValidationError(_("Cần ít nhất một hành động đang thực hiện (người thực hiện, hạn hoàn thành)."))
    nc.status = Status.ACTIONS_PLANNED
    save_tracked(nc, user=user, reason=_("Chốt kế hoạch hành động"))
    task_done(task_key(nc, "handle"))  # from here the owners and the verifier act
    for action in open_actions:
        _announce_action(action)
    if not open_actions:
        _advance_when_actions_done(nc, user)
    return nc


@transaction.atomic
def action_complete(*, action, user, result, completed_on=None, no_evidence_reason=""):
    """An action is done: what was done, when, and what proves it (evidence files, or a written reason for
    having none, e.g. a meeting whose paper minutes are kept elsewhere). The last one moves the NC to "actions done".
    """
    action = Action.objects.select_for_update().select_related("nc").get(pk=action.pk)
    nc = lock_nc(action.nc)
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
    completed_on = completed_on or timezone.localdate()
    if completed_on > timezone.localdate():
        errors["completed_on"] = _("Ngày hoàn thành không thể ở tương lai.")
    elif completed_on < action.created_at.date() - timedelta(days=1):
        errors["completed_on"] = _("Ngày hoàn thành không thể trước ngày lập hành động.")
    has_evidence = action.evidence.exists()
    no_evidence_reason = "" if has_evidence else clean_text(no_evidence_reason)
    if not has_evidence and not no_evidence_reason:
        errors["no_evidence_reason"] = _("Chưa có tệp bằng chứng: tải tệp lên, hoặc ghi lý do không có bằng chứng.")
    if errors:
        raise ValidationError(errors)
    action.status = Action.Status.DONE
    action.result = result
    action.completed_on = completed_on
    action.no_evidence_reason = no_evidence_reason
    reason = _("Hoàn thành hành động")
    if no_evidence_reason:
        reason = _("Hoàn thành hành động, không có tệp bằng chứng: %(reason)s") % {"reason": no_evidence_reason}
    save_tracked(action, user=user, reason=reason)
    task_done(task_key(action))  # the owner's reminders and the head's escalation alike
    _advance_when_actions_done(nc, user)
    return action


@transaction.atomic
def action_change(*, action, user, owner, due_date, reason):
    """Give an open action to someone else or a new due date (an extension), with a reason.

    Reminders and escalation start again from the new date; the new owner is told.
    """
    action = Action.objects.select_for_update().select_related("nc").get(pk=action.pk)
    nc = lock_nc(action.nc)
    require_handler(user, nc)
    if action.status != Action.Status.PLANNED:
        raise ValidationError(_("Hành động này đã kết thúc (%(s)s).") % {"s": action.get_status_display()})
    errors = {}
    if owner is None or not owner.is_active or owner.agency_id != nc.agency_id:
        errors["owner"] = _("Người thực hiện phải là cán bộ của cơ quan.")
    if not isinstance(due_date, datetime.date):
        errors["due_date"] = _("Cần hạn hoàn thành.")
    elif due_date < timezone.localdate():
        errors["due_date"] = _("Hạn hoàn thành không thể ở quá khứ.")
    reason = clean_text(reason)
    if not reason:
        errors["reason"] = _("Cần nêu lý do thay đổi.")
    if errors:
        raise ValidationError(errors)
    if owner.pk == action.owner_id and due_date == action.due_date:
        raise ValidationError(_("Không có gì thay đổi."))
    new_owner = owner.pk != action.owner_id
    if new_owner:
        task_done(task_key(action), users=[action.owner])  # no longer theirs to do
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
    nc = lock_nc(action.nc)
    require_handler(user, nc)
    if action.status != Action.Status.PLANNED:
        raise ValidationError(_("Hành động này đã kết thúc (%(s)s).") % {"s": action.get_status_display()})
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Cần nêu lý do hủy hành động.")})
    action.status = Action.Status.CANCELLED
    action.cancel_reason = reason
    save_tracked(action, user=user, reason=reason)
    task_done(task_key(action))
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
        (a.completed_on for a in nc.actions.filter(status=Action.Status.DONE) if a.completed_on), default=timezone.localdate()
    )
    # Whoever found the NC verifies by default, when eligible_verifiers allows it; a manager names someone otherwise.
    verifier = nc.detected_by
    if verifier is not None and not eligible_verifiers(nc).filter(pk=verifier.pk).exists():
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
        "capa.check_planned",
        nc.get_absolute_url(),
        nc.agency,
        task=task_key(nc, "check"),
        **nc_params(nc, due=check.scheduled_on.isoformat()),
    )


# ---------------------------------------------------------------------------------------------
# Evidence


def action_evidence_add(*, action, user, upload):
    """Attach a file proving the action. Checked before anything is written; removed again if saving fails."""
    from audits.capa.models import ActionEvidence
    from qms.core import uploads

    nc = action.nc
    if user.pk != action.owner_id and not can_handle(user, nc):
        raise PermissionDenied
    if action.status == Action.Status.CANCELLED:
        raise ValidationError(_("Hành động đã hủy: không thêm bằng chứng."))
    if nc.status in (Status.CLOSED, Status.REJECTED):
        raise ValidationError(_("Phiếu đã kết thúc: không thêm bằng chứng."))
    data, (content_type, extension) = uploads.read_checked(upload)
    evidence = ActionEvidence(
        agency=action.agency,
        action=action,
        original_name=uploads.download_name(getattr(upload, "name", ""), extension),
        content_type=content_type,
        size=len(data),
        sha256=uploads.sha256(data),
        uploaded_by=user,
    )
    uploads.store(evidence.file, data, extension)  # a refused write says so and leaves nothing
    try:
        with transaction.atomic():
            save_tracked(evidence, user=user, reason=_("Thêm bằng chứng"))
    except Exception:
        uploads.remove(evidence.file.storage, evidence.file.name)
        raise
    return evidence
