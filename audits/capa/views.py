"""Nonconformity register, detail page with its workflow, one form page per step, actions and evidence."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audits.capa import services as svc
from audits.capa.filters import ActionFilter, NonconformityFilter
from audits.capa.forms import (
    ActionChangeForm,
    ActionCompleteForm,
    ActionForm,
    CauseForm,
    CorrectionForm,
    EvidenceForm,
    NcEditForm,
    NcForm,
    ReasonForm,
    ScheduleCheckForm,
    VerifyForm,
)
from audits.capa.models import Action, ActionEvidence, EffectivenessCheck, Nonconformity
from qms.core import exports
from qms.pdf.render import render_template_pdf
from qms.core.access import get_scoped_or_404, is_manager, role_required, scoped
from qms.core.history import history_entries

Status = Nonconformity.Status
PAGE_SIZE = 50


def apply_errors(form, exc):
    """Show a service's ValidationError on the form, on its field where the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0] if hasattr(error, "messages") else error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _nc(request, pk):
    queryset = Nonconformity.objects.select_related(
        "agency", "department", "department__head", "document", "detected_by", "responsible", "correction_by", "cause_by",
        "closed_by", "created_by",
    )
    return get_scoped_or_404(queryset, request.user, pk=pk)


def _action(request, pk):
    queryset = Action.objects.select_related("nc", "nc__department", "owner", "agency")
    return get_scoped_or_404(queryset, request.user, pk=pk)


def _register_queryset(user):
    return (
        scoped(Nonconformity.objects.all(), user)
        .select_related("department", "responsible", "document")
        .annotate_overdue()
        # A correlated count rather than JOIN + GROUP BY: the page then walks the (agency, year, number)
        # index and stops after one page, instead of grouping every NC of the agency first.
        .annotate(open_actions=Coalesce(Subquery(
            Action.objects.filter(nc=OuterRef("pk"), status=Action.Status.PLANNED).order_by()
            .values("nc").annotate(n=Count("pk")).values("n")
        ), 0))
        .order_by("-year", "-number")
    )


# ---------------------------------------------------------------------------------------------
# Register


@role_required()
def nc_list(request):
    agency = request.user.agency
    filterset = NonconformityFilter(request.GET or None, queryset=_register_queryset(request.user), agency=agency)
    queryset = filterset.qs
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audits/capa/nc_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "can_export": True,
        },
    )


EXPORT_COLUMNS = [
    ("reference", gettext_lazy("Số phiếu")),
    ("kind", gettext_lazy("Loại")),
    ("source", gettext_lazy("Nguồn")),
    ("department", gettext_lazy("Phòng / bộ phận")),
    ("document", gettext_lazy("Tài liệu / quá trình")),
    ("clause", gettext_lazy("Điều khoản")),
    ("severity", gettext_lazy("Mức độ")),
    ("description", gettext_lazy("Mô tả")),
    ("detected_on", gettext_lazy("Ngày phát hiện")),
    ("responsible", gettext_lazy("Người chịu trách nhiệm")),
    ("status", gettext_lazy("Trạng thái")),
    ("open_actions", gettext_lazy("Hành động đang mở")),
    ("overdue", gettext_lazy("Có hành động quá hạn")),
    ("closed_at", gettext_lazy("Ngày đóng")),
]


def _export_rows(queryset):
    for nc in queryset.iterator(chunk_size=500):
        yield [
            nc.reference,
            nc.get_kind_display(),
            nc.get_source_display(),
            nc.department.name if nc.department_id else "",
            " · ".join(x for x in (str(nc.document) if nc.document_id else "", nc.process_ref) if x),
            nc.clause,
            nc.get_severity_display(),
            nc.description,
            nc.detected_on.strftime("%d/%m/%Y"),
            nc.responsible.display_name if nc.responsible_id else "",
            nc.get_status_display(),
            nc.open_actions,
            _("Có") if nc.has_overdue else "",
            timezone.localtime(nc.closed_at).strftime("%d/%m/%Y") if nc.closed_at else "",
        ]


@role_required()
def nc_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filterset = NonconformityFilter(
        request.GET or None, queryset=_register_queryset(request.user), agency=request.user.agency
    )
    rows = _export_rows(filterset.qs)
    headers = [label for _name, label in EXPORT_COLUMNS]
    name = f"so-theo-doi-khong-phu-hop-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return exports.csv_response(f"{name}.csv", headers, rows)
    return exports.xlsx_response(
        f"{name}.xlsx", headers, rows, sheet_title=_("Sự không phù hợp"),
        widths=(14, 16, 22, 24, 30, 10, 18, 60, 14, 24, 22, 10, 10, 12),
    )


# ---------------------------------------------------------------------------------------------
# Opening and editing


@role_required()
def nc_create(request):
    agency = request.user.agency
    form = NcForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nc = svc.nc_open(
                agency=agency,
                source=data["source"],
                user=request.user,
                description=data["description"],
                department=data["department"],
                clause=data["clause"],
                severity=data["severity"],
                detected_on=data["detected_on"],
                kind=data["kind"],
                source_ref=data["source_ref"],
                document=data["document"],
                process_ref=data["process_ref"],
                responsible=data["responsible"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận %(ref)s.") % {"ref": nc.reference})
            return redirect(nc)
    return render(request, "audits/capa/nc_form.html", {"form": form, "title": _("Ghi nhận sự không phù hợp")})


def _step_page(request, nc, form, title, intro="", template="audits/capa/nc_step.html", extra=None):
    context = {"nc": nc, "form": form, "title": title, "intro": intro, "next_step": svc.next_step(nc),
               "today": timezone.localdate()}
    context.update(extra or {})
    return render(request, template, context)


def _refuse_step(request, nc, exc):
    for message in exc.messages:
        messages.error(request, message)
    return redirect(nc)


@role_required()
def nc_edit(request, pk):
    nc = _nc(request, pk)
    if not svc.can_handle(request.user, nc):
        raise PermissionDenied
    if nc.status not in (Status.OPEN, Status.CORRECTION):
        messages.error(request, _("Chỉ sửa được thông tin khi phiếu mới ghi nhận."))
        return redirect(nc)
    initial = {
        "department": nc.department, "clause": nc.clause, "severity": nc.severity, "description": nc.description,
        "process_ref": nc.process_ref, "responsible": nc.responsible, "source_ref": nc.source_ref,
        "document": nc.document,
    }
    form = NcEditForm(request.POST or None, agency=nc.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.nc_update(nc=nc, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin phiếu."))
            return redirect(nc)
    return _step_page(request, nc, form, _("Sửa thông tin phiếu"))


# ---------------------------------------------------------------------------------------------
# Detail


@role_required()
def nc_detail(request, pk):
    nc = _nc(request, pk)
    actions = list(
        nc.actions.select_related("owner").prefetch_related(
            Prefetch("evidence", queryset=ActionEvidence.objects.order_by("uploaded_at"))
        )
    )
    checks = list(nc.checks.select_related("verifier").order_by("created_at", "pk"))
    pending = next((c for c in checks if c.result == EffectivenessCheck.Result.PENDING), None)
    user = request.user
    handler = svc.can_handle(user, nc)
    manager = is_manager(user)
    owner_ids = {a.owner_id for a in actions if a.status != Action.Status.CANCELLED}
    today = timezone.localdate()
    path = list(Nonconformity.PATH)
    if nc.is_potential and nc.correction == "":
        path.remove(Status.CORRECTION)
    current_index = path.index(nc.status) if nc.status in path else -1
    steps = [
        {"label": Status(s).label, "done": i < current_index or nc.status == Status.CLOSED, "current": i == current_index}
        for i, s in enumerate(path)
    ]
    context = {
        "nc": nc,
        "whys": list(nc.whys.all()),
        "actions": actions,
        "checks": checks,
        "pending_check": pending,
        "steps": steps,
        "next_step": svc.next_step(nc),
        "today": today,
        "can": {
            "edit": handler and nc.status in (Status.OPEN, Status.CORRECTION),
            "correction": handler and nc.status in (Status.OPEN, Status.CORRECTION),
            "cause": handler and (nc.status in (Status.CORRECTION, Status.CAUSE_ANALYSED) or (nc.is_potential and nc.status == Status.OPEN)),
            "add_action": handler and nc.status in (Status.CAUSE_ANALYSED, Status.ACTIONS_PLANNED) and nc.action_needed is not False,
            "plan": handler and nc.status == Status.CAUSE_ANALYSED,
            "schedule": manager and nc.status == Status.ACTIONS_DONE,
            "verify": nc.status == Status.ACTIONS_DONE and pending is not None and user.pk not in owner_ids
            and (pending.verifier_id == user.pk if pending.verifier_id else svc.may_verify(user, nc, pending)),
            "close": manager and nc.status == Status.VERIFIED,
            "reject": manager and nc.status in (Status.OPEN, Status.CORRECTION, Status.CAUSE_ANALYSED),
            "reopen": manager and nc.status in (Status.CLOSED, Status.REJECTED),
            "history": manager,
        },
        "history_entries": history_entries(nc) if manager else [],
        "linked_feedback": list(nc.feedback.all()),
    }
    return render(request, "audits/capa/nc_detail.html", context)


@role_required()
def nc_print(request, pk):
    """The corrective action request ("phiếu yêu cầu hành động khắc phục") as a printable page."""
    nc = _nc(request, pk)
    context = {
        "nc": nc,
        "whys": list(nc.whys.all()),
        "actions": list(nc.actions.exclude(status=Action.Status.CANCELLED).select_related("owner")),
        "checks": list(nc.checks.exclude(result=EffectivenessCheck.Result.PENDING).select_related("verifier")),
    }
    return render(request, "audits/capa/nc_print.html", context)


@role_required()
def nc_report_pdf(request, pk):
    """The corrective action request as a PDF record, rendered through the shared PDF machinery."""
    nc = _nc(request, pk)
    title = _("Phiếu yêu cầu hành động phòng ngừa") if nc.is_potential else _("Phiếu yêu cầu hành động khắc phục")
    context = {
        "nc": nc,
        "title": title,
        "whys": list(nc.whys.all()),
        "actions": list(nc.actions.exclude(status=Action.Status.CANCELLED).select_related("owner")),
        "checks": list(nc.checks.exclude(result=EffectivenessCheck.Result.PENDING).select_related("verifier")),
        "printed_at": timezone.localtime(),
    }
    pdf = render_template_pdf("pdf/nc_report.html", context, metadata={
        "title": f"{title} {nc.reference}", "author": nc.agency.name, "subject": nc.reference,
        "keywords": ["ISO 9001:2008", "8.5.2", nc.reference],
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="phieu-{nc.reference}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Steps


@role_required()
def nc_correction(request, pk):
    nc = _nc(request, pk)
    if not svc.can_handle(request.user, nc):
        raise PermissionDenied
    if nc.status not in (Status.OPEN, Status.CORRECTION):
        return _refuse_step(request, nc, ValidationError(_("Bước khắc phục đã qua hoặc chưa tới.")))
    initial = {
        "correction": nc.correction, "disposition": nc.disposition, "concession_by": nc.concession_by,
        "reverification": nc.reverification, "correction_on": nc.correction_on or timezone.localdate(),
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.nc_record_correction(nc=nc, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận khắc phục."))
            return redirect(nc)
    return _step_page(
        request, nc, form, _("Khắc phục và xử lý đầu ra không phù hợp"),
        _("Ghi lại việc đã làm ngay để loại bỏ sự không phù hợp (8.3). Nếu hồ sơ/kết quả đã bị ảnh hưởng, chọn cách xử lý."),
    )


@role_required()
def nc_cause(request, pk):
    nc = _nc(request, pk)
    if not svc.can_handle(request.user, nc):
        raise PermissionDenied
    allowed = (Status.CORRECTION, Status.CAUSE_ANALYSED) + ((Status.OPEN,) if nc.is_potential else ())
    if nc.status not in allowed:
        message = (
            _("Cần ghi nhận biện pháp khắc phục trước khi phân tích nguyên nhân.")
            if nc.status == Status.OPEN
            else _("Bước phân tích nguyên nhân đã qua.")
        )
        return _refuse_step(request, nc, ValidationError(message))
    initial = {
        "cause_category": nc.cause_category,
        "conclusion": nc.cause_conclusion,
        "action_needed": "no" if nc.action_needed is False else "yes",
        "no_action_reason": nc.no_action_reason,
    }
    for step in nc.whys.all():
        initial[f"why_{step.position}"] = step.answer
    form = CauseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.nc_analyse_cause(
                nc=nc,
                user=request.user,
                whys=form.whys(),
                cause_category=data["cause_category"],
                conclusion=data["conclusion"],
                action_needed=data["action_needed"],
                no_action_reason=data["no_action_reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận nguyên nhân gốc."))
            return redirect(nc)
    return _step_page(
        request, nc, form, _("Phân tích nguyên nhân gốc"),
        _("Hỏi “Vì sao?” liên tiếp (thường 5 lần) cho đến khi tìm ra nguyên nhân gốc (8.5.2.b), rồi đánh giá có cần hành động không (8.5.2.c)."),
        template="audits/capa/nc_cause.html",
    )


@role_required()
def action_create(request, pk):
    nc = _nc(request, pk)
    if not svc.can_handle(request.user, nc):
        raise PermissionDenied
    if nc.status not in (Status.CAUSE_ANALYSED, Status.ACTIONS_PLANNED):
        return _refuse_step(request, nc, ValidationError(_("Chỉ lập hành động sau khi đã phân tích nguyên nhân.")))
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
    return _step_page(
        request, nc, form, _("Thêm hành động khắc phục / phòng ngừa"),
        _("Mỗi hành động có một người thực hiện và hạn hoàn thành; người thực hiện được thông báo khi kế hoạch được chốt."),
        template="audits/capa/action_form.html",
    )


def _post_step(request, nc, call, success):
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(nc)


@require_POST
@role_required()
def nc_plan(request, pk):
    nc = _nc(request, pk)
    return _post_step(request, nc, lambda: svc.nc_plan_actions(nc=nc, user=request.user), _("Đã chốt kế hoạch hành động."))


@require_POST
@role_required()
def nc_close(request, pk):
    nc = _nc(request, pk)
    if not is_manager(request.user):
        raise PermissionDenied
    return _post_step(request, nc, lambda: svc.nc_close(nc=nc, user=request.user), _("Đã đóng phiếu."))


@role_required()
def nc_schedule_check(request, pk):
    nc = _nc(request, pk)
    if not is_manager(request.user):
        raise PermissionDenied
    if nc.status != Status.ACTIONS_DONE:
        return _refuse_step(request, nc, ValidationError(_("Chỉ lên lịch kiểm tra hiệu lực khi mọi hành động đã hoàn thành.")))
    pending = nc.checks.pending().first()
    initial = {"verifier": pending.verifier if pending else None,
               "scheduled_on": pending.scheduled_on if pending else timezone.localdate()}
    form = ScheduleCheckForm(request.POST or None, agency=nc.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.check_schedule(nc=nc, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã phân công kiểm tra hiệu lực."))
            return redirect(nc)
    return _step_page(request, nc, form, _("Phân công kiểm tra hiệu lực"),
                      _("Người kiểm tra không được là người thực hiện hành động của phiếu này (8.5.2.f)."))


@role_required()
def nc_verify(request, pk):
    nc = _nc(request, pk)
    if nc.status != Status.ACTIONS_DONE:
        return _refuse_step(request, nc, ValidationError(_("Chỉ kiểm tra hiệu lực khi mọi hành động đã hoàn thành.")))
    pending = nc.checks.pending().first()
    if request.user.pk in svc.action_owner_ids(nc):
        return _refuse_step(
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
    return _step_page(
        request, nc, form, _("Kiểm tra hiệu lực hành động"),
        _("Xem xét hồ sơ, bằng chứng và kết quả thực tế sau khi thực hiện hành động: sự không phù hợp có còn tái diễn không?"),
        extra={
            "actions": list(nc.actions.exclude(status=Action.Status.CANCELLED).select_related("owner")),
            "pending_check": pending,
        },
    )


def _reason_step(request, pk, service, allowed, title, intro, success):
    nc = _nc(request, pk)
    if not is_manager(request.user):
        raise PermissionDenied
    if nc.status not in allowed:
        return _refuse_step(request, nc, ValidationError(_("Không thực hiện được ở trạng thái %(s)s.") % {"s": nc.get_status_display()}))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(nc=nc, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(nc)
    return _step_page(request, nc, form, title, intro)


@role_required()
def nc_reject(request, pk):
    return _reason_step(
        request, pk, svc.nc_reject, (Status.OPEN, Status.CORRECTION, Status.CAUSE_ANALYSED),
        _("Bác bỏ phiếu"), _("Phiếu được đánh dấu là không có cơ sở. Các hành động đang mở sẽ bị hủy với cùng lý do."),
        _("Đã bác bỏ phiếu."),
    )


@role_required()
def nc_reopen(request, pk):
    return _reason_step(
        request, pk, svc.nc_reopen, (Status.CLOSED, Status.REJECTED),
        _("Mở lại phiếu"), _("Phiếu quay về bước mới ghi nhận; mọi nội dung trước đó vẫn được lưu trong lịch sử."),
        _("Đã mở lại phiếu."),
    )


# ---------------------------------------------------------------------------------------------
# Actions


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
        {"filter": filterset, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


@role_required()
def action_detail(request, pk):
    action = _action(request, pk)
    nc = action.nc
    user = request.user
    is_owner_or_handler = user.pk == action.owner_id or svc.can_handle(user, nc)
    context = {
        "action": action,
        "nc": nc,
        "evidence": list(action.evidence.select_related("uploaded_by")),
        "can_complete": is_owner_or_handler and action.is_open and nc.status == Status.ACTIONS_PLANNED,
        "can_cancel": svc.can_handle(user, nc) and action.is_open,
        "can_change": svc.can_handle(user, nc) and action.is_open,
        "can_upload": is_owner_or_handler and action.status != Action.Status.CANCELLED and not nc.is_finished,
        "complete_form": ActionCompleteForm(),
        "evidence_form": EvidenceForm(),
        "today": timezone.localdate(),
    }
    return render(request, "audits/capa/action_detail.html", context)


@role_required()
def action_complete(request, pk):
    action = _action(request, pk)
    if request.user.pk != action.owner_id and not svc.can_handle(request.user, action.nc):
        raise PermissionDenied
    form = ActionCompleteForm(request.POST or None)
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
    action = _action(request, pk)
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
    action = _action(request, pk)
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
    action = _action(request, pk)
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
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        from django.http import Http404

        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)
