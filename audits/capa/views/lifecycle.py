"""One nonconformity: recording and editing it, its detail page, the printable and PDF request,
the correction and root-cause steps, rejecting and reopening.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa import services as svc
from audits.capa.forms import CauseForm, CorrectionForm, NcEditForm, NcForm, ReasonForm
from audits.capa.models import Action, ActionEvidence, EffectivenessCheck, Nonconformity
from audits.capa.views.common import apply_errors, get_nc, refuse_step, step_page
from qms.pdf.render import render_template_pdf
from qms.core import editions
from qms.core.access import is_manager, role_required
from qms.core.history import history_entries

Status = Nonconformity.Status


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


@role_required()
def nc_edit(request, pk):
    nc = get_nc(request, pk)
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
    return step_page(request, nc, form, _("Sửa thông tin phiếu"))


@role_required()
def nc_detail(request, pk):
    nc = get_nc(request, pk)
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
    nc = get_nc(request, pk)
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
    nc = get_nc(request, pk)
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
        "keywords": editions.pdf_keywords(nc.agency, nc.created_at, nc.reference, clause="8.5.2"),
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="phieu-{nc.reference}.pdf"'
    return response


@role_required()
def nc_correction(request, pk):
    nc = get_nc(request, pk)
    if not svc.can_handle(request.user, nc):
        raise PermissionDenied
    if nc.status not in (Status.OPEN, Status.CORRECTION):
        return refuse_step(request, nc, ValidationError(_("Bước khắc phục đã qua hoặc chưa tới.")))
    initial = {
        "correction": nc.correction, "disposition": nc.disposition, "concession_by": nc.concession_by,
        "reverification": nc.reverification, "correction_on": nc.correction_on or timezone.localdate(),
    }
    edition = editions.edition_on(nc.agency, nc.created_at)
    form = CorrectionForm(request.POST or None, initial=initial, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            svc.nc_record_correction(nc=nc, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận khắc phục."))
            return redirect(nc)
    return step_page(
        request, nc, form, _("Khắc phục và xử lý đầu ra không phù hợp"),
        _("Ghi lại việc đã làm ngay để loại bỏ sự không phù hợp (%(clause)s). Nếu hồ sơ/kết quả đã bị ảnh hưởng, "
          "chọn cách xử lý.") % {"clause": editions.cite("8.3", edition)},
    )


@role_required()
def nc_cause(request, pk):
    nc = get_nc(request, pk)
    if not svc.can_handle(request.user, nc):
        raise PermissionDenied
    allowed = (Status.CORRECTION, Status.CAUSE_ANALYSED) + ((Status.OPEN,) if nc.is_potential else ())
    if nc.status not in allowed:
        message = (
            _("Cần ghi nhận biện pháp khắc phục trước khi phân tích nguyên nhân.")
            if nc.status == Status.OPEN
            else _("Bước phân tích nguyên nhân đã qua.")
        )
        return refuse_step(request, nc, ValidationError(message))
    initial = {
        "cause_category": nc.cause_category,
        "conclusion": nc.cause_conclusion,
        "action_needed": "no" if nc.action_needed is False else "yes",
        "no_action_reason": nc.no_action_reason,
    }
    for step in nc.whys.all():
        initial[f"why_{step.position}"] = step.answer
    edition = editions.edition_on(nc.agency, nc.created_at)
    form = CauseForm(request.POST or None, initial=initial, edition=edition)
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
    return step_page(
        request, nc, form, _("Phân tích nguyên nhân gốc"),
        _("Hỏi “Vì sao?” liên tiếp (thường 5 lần) cho đến khi tìm ra nguyên nhân gốc (%(cause)s), rồi đánh giá có cần "
          "hành động không (%(need)s).") % {"cause": editions.cite("8.5.2.b", edition),
                                            "need": editions.cite("8.5.2.c", edition)},
        template="audits/capa/nc_cause.html",
    )


def _reason_step(request, pk, service, allowed, title, intro, success):
    nc = get_nc(request, pk)
    if not is_manager(request.user):
        raise PermissionDenied
    if nc.status not in allowed:
        return refuse_step(request, nc, ValidationError(_("Không thực hiện được ở trạng thái %(s)s.") % {"s": nc.get_status_display()}))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(nc=nc, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(nc)
    return step_page(request, nc, form, title, intro)


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
