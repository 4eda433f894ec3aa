"""Carrying out the audit (AUD-4, AUD-5): starting, closing and reopening it, findings, issuing the
report and the report itself (PDF, or a printable page).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.internal import services as svc
from audits.internal.forms import FindingForm, ReasonForm, ReportForm
from audits.internal.models import Audit, Finding
from audits.internal.views.common import apply_errors, flash_errors, get_audit
from qms.core import editions
from qms.pdf.render import render_pdf


def _transition(request, pk, action, success):
    audit = get_audit(request, pk)
    try:
        action(audit)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return redirect(audit)


@require_POST
def audit_start(request, pk):
    return _transition(request, pk, lambda a: svc.audit_start(audit=a, user=request.user), _("Đã bắt đầu cuộc đánh giá."))


@require_POST
def audit_close(request, pk):
    return _transition(request, pk, lambda a: svc.audit_close(audit=a, user=request.user), _("Đã kết thúc cuộc đánh giá."))


@require_POST
def audit_reopen(request, pk):
    # The reason goes through ReasonForm like every other typed text: read raw from request.POST, a reason
    # of NUL bytes alone passed require_reason and was then stored empty (clean_text drops NUL bytes).
    form = ReasonForm(request.POST)

    def reopen(audit):
        if not form.is_valid():
            if not svc.can_lead(request.user, audit):
                raise PermissionDenied
            raise ValidationError(form.errors["reason"])
        svc.audit_reopen(audit=audit, user=request.user, reason=form.cleaned_data["reason"])

    return _transition(request, pk, reopen, _("Đã mở lại cuộc đánh giá."))


# ---------------------------------------------------------------------------------------------
# Findings (AUD-4)


def finding_add(request, pk):
    audit = get_audit(request, pk)
    if not svc.can_work(request.user, audit):
        raise PermissionDenied
    initial = {}
    item_id = request.GET.get("cau_hoi")
    if item_id and item_id.isascii() and item_id.isdecimal():
        item = audit.checklist_items.filter(pk=item_id).first()
        if item:
            initial = {"checklist_item": item, "clause": item.clause, "evidence": item.evidence}
    if audit.departments.count() == 1:
        initial["department"] = audit.departments.first()
    form = FindingForm(request.POST or None, audit=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            finding = svc.finding_add(audit=audit, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            text = _("Đã ghi phát hiện số %(n)s.") % {"n": finding.number}
            if finding.nonconformity_id:
                text += " " + _("Đã mở phiếu sự không phù hợp %(ref)s.") % {"ref": finding.nonconformity.reference}
            messages.success(request, text)
            return redirect(audit)
    closed_message = ""
    if audit.status != Audit.Status.IN_PROGRESS:
        closed_message = {
            Audit.Status.PLANNED: _("Cuộc đánh giá chưa bắt đầu: chưa thể ghi phát hiện."),
            Audit.Status.REPORTED: _("Báo cáo đã phát hành: mở lại cuộc đánh giá (nêu lý do) để ghi thêm phát hiện."),
            Audit.Status.CLOSED: _("Cuộc đánh giá đã kết thúc: không thể ghi thêm phát hiện."),
        }[audit.status]
    return render(request, "audits/internal/audit_finding_form.html", {"audit": audit, "form": form, "closed_message": closed_message})


# ---------------------------------------------------------------------------------------------
# Report (AUD-5)


def audit_issue_report(request, pk):
    audit = get_audit(request, pk)
    if not svc.can_lead(request.user, audit):
        raise PermissionDenied
    unanswered = svc.unanswered_items(audit)
    form = ReportForm(request.POST or None, initial={"summary": audit.summary, "conclusion": audit.conclusion})
    warn = bool(unanswered)
    if not unanswered:
        del form.fields["confirm_unanswered"]  # nothing to confirm
    if request.method == "POST" and form.is_valid():
        try:
            svc.audit_issue_report(audit=audit, user=request.user, **form.cleaned_data)
        except svc.UnansweredItems as exc:
            unanswered = exc.items
            form.add_error("confirm_unanswered", exc.messages)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã phát hành báo cáo đánh giá và thông báo cho lãnh đạo các phòng được đánh giá."))
            return redirect(audit)
    return render(request, "audits/internal/audit_report_issue.html", {
        "audit": audit, "form": form, "unanswered": unanswered, "warn": warn,
        "open_for_report": audit.status == Audit.Status.IN_PROGRESS,
    })


def report_context(audit):
    findings = list(audit.findings.select_related("department", "nonconformity").order_by("number"))
    counts = {kind: 0 for kind in Finding.Kind.values}
    for f in findings:
        counts[f.kind] += 1
    return {
        "audit": audit,
        "agency": audit.agency,
        "departments": list(audit.departments.all()),
        "documents": list(audit.documents.all()),
        "criteria_documents": list(audit.criteria_documents.all()),
        "team": list(audit.team.select_related("department")),
        "auditees": list(audit.auditees.select_related("department")),
        "findings": findings,
        "counts": [(label, counts[value]) for value, label in Finding.Kind.choices],
        "progress": svc.checklist_progress(audit),
        "printed_at": timezone.localtime(),
    }


def audit_report(request, pk):
    """The audit report as a PDF through qms.pdf; ``?html=1`` shows the same report as a printable page."""
    audit = get_audit(request, pk, Audit.objects.select_related("programme", "lead_auditor", "agency", "reported_by"))
    context = report_context(audit)
    if request.GET.get("html"):
        # ?html=1: the same report as a printable page (browser preview).
        return render(request, "pdf/audit_report.html", {**context, "as_page": True})
    html = render_to_string("pdf/audit_report.html", context, request=None)
    pdf = render_pdf(html, metadata={
        "title": _("Báo cáo đánh giá %(code)s") % {"code": audit.code}, "author": audit.agency.name, "subject": audit.title,
        "keywords": editions.pdf_keywords(audit.agency, audit.created_at, audit.code, clause="8.2.2"),
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-danh-gia-{audit.code}.pdf"'
    return response
