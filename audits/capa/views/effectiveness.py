"""The effectiveness check (who verifies and when, the result) and closing the nonconformity."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.capa import services as svc
from audits.capa.forms import ScheduleCheckForm, VerifyForm
from audits.capa.models import Action, Nonconformity
from audits.capa.views.common import apply_errors, get_nc, post_step, refuse_step, step_page
from qms.core import editions
from qms.core.access import is_manager, role_required

Status = Nonconformity.Status


@role_required()
def nc_schedule_check(request, pk):
    nc = get_nc(request, pk)
    if not is_manager(request.user):
        raise PermissionDenied
    if nc.status != Status.ACTIONS_DONE:
        return refuse_step(request, nc, ValidationError(_("Chỉ lên lịch kiểm tra hiệu lực khi mọi hành động đã hoàn thành.")))
    pending = nc.checks.pending().first()
    initial = {"verifier": pending.verifier if pending else None,
               "scheduled_on": pending.scheduled_on if pending else timezone.localdate()}
    form = ScheduleCheckForm(request.POST or None, nc=nc, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.check_schedule(nc=nc, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã phân công kiểm tra hiệu lực."))
            return redirect(nc)
    return step_page(request, nc, form, _("Phân công kiểm tra hiệu lực"),
                      _("Người kiểm tra không được là người thực hiện hành động của phiếu này (%(clause)s).") % {
                          "clause": editions.cite("8.5.2.f", editions.edition_on(nc.agency, nc.created_at))})


@role_required()
def nc_verify(request, pk):
    nc = get_nc(request, pk)
    if nc.status != Status.ACTIONS_DONE:
        return refuse_step(request, nc, ValidationError(_("Chỉ kiểm tra hiệu lực khi mọi hành động đã hoàn thành.")))
    pending = nc.checks.pending().first()
    if request.user.pk in svc.action_owner_ids(nc):
        return refuse_step(
            request, nc, ValidationError(_("Người kiểm tra hiệu lực không được là người thực hiện hành động của phiếu này."))
        )
    if not svc.may_verify(request.user, nc, pending):
        raise PermissionDenied
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nc = svc.nc_verify(nc=nc, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if nc.status == Status.CLOSED:
                messages.success(request, _("Hành động có hiệu lực. Phiếu %(ref)s đã đóng.") % {"ref": nc.reference})
            else:
                messages.warning(request, _("Đã ghi nhận: hành động chưa có hiệu lực. Phiếu quay lại bước lập hành động."))
            return redirect(nc)
    return step_page(
        request, nc, form, _("Kiểm tra hiệu lực hành động"),
        _("Xem xét hồ sơ, bằng chứng và kết quả thực tế sau khi thực hiện hành động: sự không phù hợp có còn tái diễn không?"),
        extra={
            # What each action rests on, for the verifier: its files or the written reason for having none.
            "actions": list(
                nc.actions.exclude(status=Action.Status.CANCELLED).select_related("owner").prefetch_related("evidence")
            ),
            "pending_check": pending,
        },
    )


@require_POST
@role_required()
def nc_close(request, pk):
    nc = get_nc(request, pk)
    if not is_manager(request.user):
        raise PermissionDenied
    return post_step(request, nc, lambda: svc.nc_close(nc=nc, user=request.user), _("Đã đóng phiếu."))
