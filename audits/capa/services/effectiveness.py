"""Effectiveness (8.5.2.f, 8.5.3.e) and closing: who verifies and when, the check's result, and
the close, which needs a recorded cause, completed actions and an independent effective check.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.messages import nc_params
from audits.capa.models import Action, EffectivenessCheck, Nonconformity
from audits.capa.services.common import (
    action_owner_ids,
    check_status,
    clean_text,
    eligible_verifiers,
    lock_nc,
    managers_of,
    require_manager,
    task_done,
    task_key,
    tell,
)
from qms.core.access import MANAGERS, has_role
from qms.core.history import save_tracked
from qms.core.models import Role

Status = Nonconformity.Status


@transaction.atomic
def check_schedule(*, nc, user, verifier, scheduled_on):
    """Set who verifies effectiveness and when; the verifier must own none of the NC's actions."""
    nc = lock_nc(nc)
    require_manager(user, nc)
    check_status(nc, (Status.ACTIONS_DONE,), _("Chỉ lên lịch kiểm tra hiệu lực khi mọi hành động đã hoàn thành."))
    errors = {}
    if verifier is None or not eligible_verifiers(nc).filter(pk=verifier.pk).exists():
        # The decision is eligible_verifiers' (the form offers the same list); the message says which part failed.
        errors["verifier"] = (
            _("Người kiểm tra hiệu lực không được là người thực hiện hành động của phiếu này.")
            if verifier is not None and verifier.pk in action_owner_ids(nc)
            else _("Người kiểm tra hiệu lực phải là cán bộ đang làm việc của cơ quan.")
        )
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
    task_done(task_key(nc, "check"))  # earlier notices (other verifier, other date) are replaced by this one
    tell(
        [verifier],
        "capa.check_assigned",
        nc.get_absolute_url(),
        nc.agency,
        task=task_key(nc, "check"),
        **nc_params(nc, due=scheduled_on.isoformat()),
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
    nc = lock_nc(nc)
    check_status(nc, (Status.ACTIONS_DONE,), _("Chỉ kiểm tra hiệu lực khi mọi hành động đã hoàn thành."))
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
    task_done(task_key(nc, "check"))
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
        "capa.not_effective",
        nc.get_absolute_url(),
        nc.agency,
        task=task_key(nc, "handle"),
        **nc_params(nc),
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
    nc = lock_nc(nc)
    if user.agency_id != nc.agency_id:
        raise PermissionDenied
    check_status(nc, (Status.VERIFIED,), _("Chỉ đóng phiếu sau khi hành động đã được kiểm tra có hiệu lực."))
    blockers = close_blockers(nc)
    if blockers:
        raise ValidationError(blockers)
    nc.status = Status.CLOSED
    nc.closed_at = timezone.now()
    nc.closed_by = user
    save_tracked(nc, user=user, reason=_("Đóng phiếu"))
    recipients = {p for p in (nc.responsible, nc.detected_by) if p is not None and p != user}
    tell(list(recipients), "capa.closed", nc.get_absolute_url(), nc.agency, task=None, **nc_params(nc))
    return nc
