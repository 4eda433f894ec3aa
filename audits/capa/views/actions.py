"""Corrective and preventive actions: adding them, fixing the plan, the actions list, one action
and its steps (complete, change, cancel), its evidence.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.capa import services as svc
from audits.capa.filters import ActionFilter
from audits.capa.forms import ActionChangeForm, ActionCompleteForm, ActionForm, EvidenceForm, ReasonForm
from audits.capa.models import Action, ActionEvidence, Nonconformity
from audits.capa.views.common import (
    PAGE_SIZE,
    apply_errors,
    get_action,
    get_nc,
    post_step,
    refuse_step,
    step_page,
)
from qms.core import downloads, search
from qms.core.access import get_scoped_or_404, role_required, scoped

Status = Nonconformity.Status


@role_required()
def action_create(request, pk):
    nc = get_nc(request, pk)
    if not svc.can_handle(request.user, nc):
        raise PermissionDenied
    if nc.status not in (Status.CAUSE_ANALYSED, Status.ACTIONS_PLANNED):
        return refuse_step(request, nc, ValidationError(_("Chỉ lập hành động sau khi đã phân tích nguyên nhân.")))
    form = ActionForm(request.POST or None, agency=nc.agency, nc=nc)
    if request.method == "POST" and form.is_valid():
        try:
            svc.action_add(nc=nc, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm hành động."))
            if "add_another" in request.POST:
                return redirect("audits:action_create", pk=nc.pk)
            return redirect(nc)
    return step_page(
        request, nc, form, _("Thêm hành động khắc phục / phòng ngừa"),
        _("Mỗi hành động có một người thực hiện và hạn hoàn thành; người thực hiện được thông báo khi kế hoạch được chốt."),
        template="audits/capa/action_form.html",
    )


@require_POST
@role_required()
def nc_plan(request, pk):
    nc = get_nc(request, pk)
    return post_step(request, nc, lambda: svc.nc_plan_actions(nc=nc, user=request.user), _("Đã chốt kế hoạch hành động."))


@role_required()
def action_list(request):
    agency = request.user.agency
    base = scoped(Action.objects.all(), request.user).select_related("nc", "owner").order_by("due_date", "pk")
    data = request.GET.copy()
    if not data:
        data = {"status": Action.Status.PLANNED}
    filterset = ActionFilter(data, queryset=base, agency=agency)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audits/capa/action_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "today": timezone.localdate(),
         "search": search.parse(request.GET.get("q"))},
    )


@role_required()
def action_detail(request, pk):
    action = get_action(request, pk)
    nc = action.nc
    user = request.user
    is_owner_or_handler = user.pk == action.owner_id or svc.can_handle(user, nc)
    evidence = list(action.evidence.select_related("uploaded_by"))
    context = {
        "action": action,
        "nc": nc,
        "evidence": evidence,
        "can_complete": is_owner_or_handler and action.is_open and nc.status == Status.ACTIONS_PLANNED,
        "can_cancel": svc.can_handle(user, nc) and action.is_open,
        "can_change": svc.can_handle(user, nc) and action.is_open,
        "can_upload": is_owner_or_handler and action.status != Action.Status.CANCELLED and not nc.is_finished,
        "complete_form": ActionCompleteForm(has_evidence=bool(evidence)),
        "evidence_form": EvidenceForm(),
        "today": timezone.localdate(),
    }
    return render(request, "audits/capa/action_detail.html", context)


@role_required()
def action_complete(request, pk):
    action = get_action(request, pk)
    if request.user.pk != action.owner_id and not svc.can_handle(request.user, action.nc):
        raise PermissionDenied
    form = ActionCompleteForm(request.POST or None, has_evidence=action.evidence.exists())
    if request.method == "POST" and form.is_valid():
        try:
            svc.action_complete(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận hoàn thành hành động."))
            return redirect("audits:action_detail", pk=action.pk)
    return render(request, "audits/capa/action_step.html", {"action": action, "nc": action.nc, "form": form,
                                                       "title": _("Ghi nhận hoàn thành hành động")})


@role_required()
def action_change(request, pk):
    """Reassign an open action or extend its due date, with a reason."""
    action = get_action(request, pk)
    if not svc.can_handle(request.user, action.nc):
        raise PermissionDenied
    if not action.is_open:
        messages.error(request, _("Hành động này đã kết thúc (%(s)s).") % {"s": action.get_status_display()})
        return redirect("audits:action_detail", pk=action.pk)
    form = ActionChangeForm(
        request.POST or None, agency=action.agency, initial={"owner": action.owner, "due_date": action.due_date}
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.action_change(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã thay đổi hành động."))
            return redirect("audits:action_detail", pk=action.pk)
    return render(request, "audits/capa/action_step.html", {"action": action, "nc": action.nc, "form": form,
                                                       "title": _("Đổi người thực hiện / gia hạn")})


@role_required()
def action_cancel(request, pk):
    action = get_action(request, pk)
    if not svc.can_handle(request.user, action.nc):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.action_cancel(action=action, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã hủy hành động."))
            return redirect(action.nc)
    return render(request, "audits/capa/action_step.html", {"action": action, "nc": action.nc, "form": form,
                                                       "title": _("Hủy hành động")})


@require_POST
@role_required()
def evidence_upload(request, pk):
    action = get_action(request, pk)
    if request.user.pk != action.owner_id and not svc.can_handle(request.user, action.nc):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chọn một tệp để tải lên."))
    else:
        try:
            svc.action_evidence_add(action=action, user=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã thêm bằng chứng."))
    return redirect("audits:action_detail", pk=action.pk)


@role_required()
def evidence_download(request, pk):
    evidence = get_scoped_or_404(ActionEvidence.objects.select_related("action"), request.user, pk=pk)
    return downloads.stored_file_response(evidence.file, name=evidence.original_name,
                                          content_type=evidence.content_type)
