"""Pages of the internal audit (8.2.2): programme and coverage, audits, checklists, findings, report.

Access: every object is fetched through ``get_scoped_or_404`` (another agency → 404); reading an
audit needs a QMS role (manager, auditor, department head) or a part in the audit (→ 403
otherwise); each change is allowed or refused by the service function it calls.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.internal import services as svc
from audits.internal.forms import (
    ApplyTemplateForm,
    AssignForm,
    AttachForm,
    AuditFilter,
    AuditPlanForm,
    ChecklistAddForm,
    ChecklistAnswerForm,
    FindingForm,
    ProgrammeForm,
    ReasonForm,
    ReportForm,
    TemplateForm,
)
from audits.internal.models import (
    Audit,
    AuditProgramme,
    ChecklistAttachment,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
)
from audits.internal.models import AUDITABLE_CLAUSES, clause_covers
from qms.core.access import MANAGERS, get_scoped_or_404, has_role, require_agency, require_role
from qms.core.history import history_entries
from qms.core.models import Department, Role
from qms.pdf.render import render_pdf

READERS = (*MANAGERS, Role.AUDITOR, Role.REVIEWER)


def _readers_only(user):
    require_agency(user)
    require_role(user, *READERS)


def can_view(user, audit):
    return user.agency_id == audit.agency_id and (has_role(user, *READERS) or svc.is_on_audit(user, audit) or (
        audit.auditees.filter(pk=user.pk).exists()
    ))


def _get_audit(request, pk, queryset=None):
    require_agency(request.user)
    audit = get_scoped_or_404(queryset if queryset is not None else Audit.objects.select_related("programme", "lead_auditor"), request.user, pk=pk)
    if not can_view(request.user, audit):
        raise PermissionDenied
    return audit


def _apply_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _flash_errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


# ---------------------------------------------------------------------------------------------
# Programme and coverage (AUD-1)


def programme_list(request):
    _readers_only(request.user)
    programmes = (
        AuditProgramme.objects.filter(agency=request.user.agency)
        .annotate(
            audit_count=Count("audits", distinct=True),
            closed_count=Count("audits", filter=Q(audits__status=Audit.Status.CLOSED), distinct=True),
        )
        .order_by("-year")
    )
    return render(request, "audits/internal/programme_list.html", {
        "programmes": programmes, "can_manage": svc.is_audit_manager(request.user, request.user.agency),
    })


def programme_create(request):
    require_agency(request.user)
    require_role(request.user, *MANAGERS)
    form = ProgrammeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            programme = svc.programme_create(agency=request.user.agency, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lập chương trình đánh giá năm %(y)s.") % {"y": programme.year})
            return redirect(programme)
    return render(request, "audits/internal/programme_form.html", {"form": form})


def _programme(request, pk):
    require_agency(request.user)
    programme = get_scoped_or_404(AuditProgramme.objects.all(), request.user, pk=pk)  # another agency's → 404
    require_role(request.user, *READERS)
    return programme


def programme_detail(request, pk):
    programme = _programme(request, pk)
    audits = (
        programme.audits.select_related("lead_auditor")
        .prefetch_related("departments", "team")
        .with_counts()
        .order_by("planned_month", "number")
    )
    return render(request, "audits/internal/programme_detail.html", {
        "programme": programme, "audits": audits,
        "can_manage": svc.is_audit_manager(request.user, programme.agency),
        "history_entries": history_entries(programme),
    })


def coverage(programme):
    """Departments × months, clauses × audits and processes × audits for a programme, with the gaps.

    Fixed number of queries whatever the size of the programme.
    """
    from audits.capa.models import Nonconformity
    from processes.documents.models import Document

    agency = programme.agency
    audits = list(
        programme.audits.prefetch_related("departments", "documents").order_by("planned_month", "number")
    )
    departments = list(Department.objects.filter(agency=agency).order_by("name"))
    ncs_last_year = dict(
        Nonconformity.objects.filter(agency=agency, year=programme.year - 1, department__isnull=False)
        .values_list("department").annotate(n=Count("pk")).values_list("department", "n")
    )
    majors_last_year = dict(
        Finding.objects.filter(agency=agency, audit__programme__year=programme.year - 1, kind=Finding.Kind.MAJOR_NC,
                               department__isnull=False)
        .values_list("department").annotate(n=Count("pk")).values_list("department", "n")
    )
    cells = {d.pk: {m: [] for m in range(1, 13)} for d in departments}
    for audit in audits:
        month = audit.start_date.month if audit.start_date else audit.planned_month
        for dept in audit.departments.all():
            if dept.pk in cells:
                cells[dept.pk][month].append(audit)
    dept_rows = []
    for dept in departments:
        months = [cells[dept.pk][m] for m in range(1, 13)]
        covered = any(months)
        ncs, majors = ncs_last_year.get(dept.pk, 0), majors_last_year.get(dept.pk, 0)
        priority = "high" if majors or ncs >= 3 else ("medium" if ncs else "normal")
        dept_rows.append({"department": dept, "months": months, "covered": covered, "ncs_last_year": ncs,
                          "majors_last_year": majors, "priority": priority})

    clause_rows = []
    for clause, title in AUDITABLE_CLAUSES:
        marks = [any(clause_covers(c, clause) for c in audit.clause_list) for audit in audits]
        clause_rows.append({"clause": clause, "title": title, "marks": marks, "covered": any(marks)})

    processes = list(
        Document.objects.filter(agency=agency, doc_type=Document.Type.PROCEDURE, withdrawn_at__isnull=True)
        .select_related("department").order_by("code")
    )
    in_scope = {}
    for audit in audits:
        for doc in audit.documents.all():
            in_scope.setdefault(doc.pk, []).append(audit)
    process_rows = [{"document": d, "audits": in_scope.get(d.pk, []), "covered": d.pk in in_scope} for d in processes]
    return {
        "audits": audits,
        "months": list(range(1, 13)),
        "dept_rows": dept_rows,
        "clause_rows": clause_rows,
        "process_rows": process_rows,
        "gaps": {
            "departments": [r["department"] for r in dept_rows if not r["covered"]],
            "clauses": [r["clause"] for r in clause_rows if not r["covered"]],
            "processes": [r["document"] for r in process_rows if not r["covered"]],
        },
    }


def programme_coverage(request, pk):
    programme = _programme(request, pk)
    return render(request, "audits/internal/programme_coverage.html", {"programme": programme, **coverage(programme)})


# ---------------------------------------------------------------------------------------------
# Audits (AUD-2)


AUDIT_PAGE = 50  # about 100 audits per agency over three years at province scale


def audit_list(request):
    agency = require_agency(request.user)
    base = (
        Audit.objects.visible_to(request.user)
        .select_related("programme", "lead_auditor")
        .prefetch_related("departments")
        .with_counts()
        .order_by("-programme__year", "planned_month", "number")
    )
    filterset = AuditFilter(request.GET, queryset=base, agency=agency)
    # An invalid choice (another agency's department, a made-up year) lists nothing, with the form's message.
    audits = filterset.qs if filterset.is_valid() else base.none()
    page = Paginator(audits, AUDIT_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audits/internal/audit_list.html",
                  {"filter": filterset, "audits": page.object_list, "page": page, "query": query.urlencode()})


def _plan_kwargs(data):
    return {k: v for k, v in data.items() if k not in ("lead_auditor", "team")}


def audit_create(request, pk):
    programme = _programme(request, pk)
    require_role(request.user, *MANAGERS)
    form = AuditPlanForm(request.POST or None, agency=programme.agency, with_team=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = svc.audit_create(
                programme=programme, user=request.user, lead_auditor=data.get("lead_auditor"),
                team=list(data.get("team") or []), **_plan_kwargs(data),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lập kế hoạch cuộc đánh giá %(code)s.") % {"code": audit.code})
            return redirect(audit)
    return render(request, "audits/internal/audit_form.html", {"form": form, "programme": programme, "audit": None})


def audit_detail(request, pk):
    audit = _get_audit(request, pk)
    findings = audit.findings.select_related("department", "nonconformity").order_by("number")
    user = request.user
    return render(request, "audits/internal/audit_detail.html", {
        "audit": audit,
        "findings": findings,
        "progress": svc.checklist_progress(audit),
        "blockers": svc.close_blockers(audit) if audit.status == Audit.Status.REPORTED else [],
        "can_manage": svc.is_audit_manager(user, audit.agency),
        "can_work": svc.can_work(user, audit),
        "can_lead": svc.can_lead(user, audit),
        "reopen_form": ReasonForm(),
        "history_entries": history_entries(audit),
    })


def audit_edit(request, pk):
    audit = _get_audit(request, pk)
    require_role(request.user, *MANAGERS)
    initial = {
        "title": audit.title, "audit_type": audit.audit_type, "planned_month": audit.planned_month,
        "start_date": audit.start_date, "end_date": audit.end_date, "objectives": audit.objectives,
        "departments": audit.departments.all(), "documents": audit.documents.all(),
        "criteria_clauses": audit.criteria_clauses, "criteria_documents": audit.criteria_documents.all(),
        "auditees": audit.auditees.all(),
    }
    form = AuditPlanForm(request.POST or None, agency=audit.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.audit_update(audit=audit, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch cuộc đánh giá."))
            return redirect(audit)
    return render(request, "audits/internal/audit_form.html", {"form": form, "programme": audit.programme, "audit": audit})


def audit_assign(request, pk):
    audit = _get_audit(request, pk)
    require_role(request.user, *MANAGERS)
    form = AssignForm(
        request.POST or None, agency=audit.agency,
        initial={"lead_auditor": audit.lead_auditor, "team": audit.team.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.audit_assign(
                audit=audit, user=request.user, lead_auditor=form.cleaned_data["lead_auditor"],
                team=list(form.cleaned_data["team"]),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã phân công đoàn đánh giá."))
            return redirect(audit)
    return render(request, "audits/internal/audit_assign.html", {"form": form, "audit": audit})


def _transition(request, pk, action, success):
    audit = _get_audit(request, pk)
    try:
        action(audit)
    except ValidationError as exc:
        _flash_errors(request, exc)
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
# Checklist (AUD-3)


def checklist(request, pk):
    audit = _get_audit(request, pk)
    items = list(
        audit.checklist_items.select_related("answered_by").prefetch_related("attachments").order_by("order", "pk")
    )
    editable = audit.status in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS) and (
        svc.can_work(request.user, audit) or svc.can_lead(request.user, audit)
    )
    rows = [
        {
            "item": item,
            "form": ChecklistAnswerForm(
                prefix=f"i{item.pk}",
                initial={"clause": item.clause, "question": item.question, "answer": item.answer, "evidence": item.evidence},
            ),
        }
        for item in items
    ]
    return render(request, "audits/internal/checklist_page.html", {
        "audit": audit, "rows": rows, "progress": svc.checklist_progress(audit), "editable": editable,
        "can_attach": audit.status == Audit.Status.IN_PROGRESS and svc.can_work(request.user, audit),
        "template_form": ApplyTemplateForm(agency=audit.agency), "add_form": ChecklistAddForm(),
        "attach_form": AttachForm(),
    })


def _checklist_closed(audit, user):
    """Why the checklist cannot be changed now (the report is out), or None; PermissionDenied for those who may
    never change it. For the invalid-form branches, which do not reach the service: its ValidationError was
    raised there uncaught, a 500 for any invalid submit once the report was issued."""
    try:
        svc.require_checklist_editable(audit, user)
    except ValidationError as exc:
        return exc
    return None


@require_POST
def checklist_apply_template(request, pk):
    audit = _get_audit(request, pk)
    form = ApplyTemplateForm(request.POST, agency=audit.agency)
    if not form.is_valid():
        closed = _checklist_closed(audit, request.user)
        if closed:
            _flash_errors(request, closed)
        else:
            messages.error(request, _("Chọn một bộ câu hỏi mẫu."))
    else:
        try:
            items = svc.checklist_apply_template(audit=audit, user=request.user, template=form.cleaned_data["template"])
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Đã thêm %(n)s câu hỏi.") % {"n": len(items)})
    return redirect("audits:checklist", pk=audit.pk)


@require_POST
def checklist_item_add(request, pk):
    audit = _get_audit(request, pk)
    form = ChecklistAddForm(request.POST)
    if not form.is_valid():
        closed = _checklist_closed(audit, request.user)
        if closed:
            _flash_errors(request, closed)
        else:
            # Each field's own reason: a clause too long was refused as "Cần nhập câu hỏi." (type a question).
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
    else:
        try:
            svc.checklist_add_item(audit=audit, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Đã thêm câu hỏi."))
    return redirect("audits:checklist", pk=audit.pk)


def _get_item(request, pk):
    require_agency(request.user)
    item = get_scoped_or_404(ChecklistItem.objects.select_related("audit"), request.user, pk=pk)
    if not can_view(request.user, item.audit):
        raise PermissionDenied
    return item


def checklist_item_edit(request, pk):
    """Answer one question (and edit its wording). GET shows the form alone."""
    item = _get_item(request, pk)
    audit = item.audit
    form = ChecklistAnswerForm(
        request.POST or None, prefix=f"i{item.pk}",
        initial={"clause": item.clause, "question": item.question, "answer": item.answer, "evidence": item.evidence},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.checklist_answer(item=item, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu câu hỏi %(n)s.") % {"n": item.order})
                return redirect(reverse("audits:checklist", kwargs={"pk": audit.pk}) + f"#item-{item.pk}")
        else:
            closed = _checklist_closed(audit, request.user)
            if closed:
                _apply_errors(form, closed)
    return render(request, "audits/internal/checklist_item.html", {"audit": audit, "item": item, "form": form})


@require_POST
def checklist_attach(request, pk):
    item = _get_item(request, pk)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        if not svc.can_work(request.user, item.audit):
            raise PermissionDenied
        messages.error(request, _("Chọn một tệp để đính kèm."))
    else:
        try:
            svc.checklist_attach(item=item, user=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Đã đính kèm bằng chứng."))
    return redirect(reverse("audits:checklist", kwargs={"pk": item.audit_id}) + f"#item-{item.pk}")


def checklist_attachment(request, pk):
    require_agency(request.user)
    attachment = get_scoped_or_404(ChecklistAttachment.objects.select_related("item__audit"), request.user, pk=pk)
    if not can_view(request.user, attachment.item.audit):
        raise PermissionDenied
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------------------------------------
# Findings (AUD-4)


def finding_add(request, pk):
    audit = _get_audit(request, pk)
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
            _apply_errors(form, exc)
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
    audit = _get_audit(request, pk)
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
            _apply_errors(form, exc)
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
    audit = _get_audit(request, pk, Audit.objects.select_related("programme", "lead_auditor", "agency", "reported_by"))
    context = report_context(audit)
    if request.GET.get("html"):
        # ?html=1: the same report as a printable page (browser preview).
        return render(request, "pdf/audit_report.html", {**context, "as_page": True})
    html = render_to_string("pdf/audit_report.html", context, request=None)
    pdf = render_pdf(html, metadata={
        "title": f"Báo cáo đánh giá {audit.code}", "author": audit.agency.name, "subject": audit.title,
        "keywords": ["ISO 9001:2008", "8.2.2", audit.code],
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-danh-gia-{audit.code}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Checklist templates


def checklist_template_list(request):
    _readers_only(request.user)
    templates = ChecklistTemplate.objects.filter(agency=request.user.agency).select_related("document").order_by("clause", "title")
    return render(request, "audits/internal/checklist_template_list.html", {
        "templates": templates, "can_edit": has_role(request.user, *MANAGERS, Role.AUDITOR),
    })


def checklist_template_edit(request, pk=None):
    require_agency(request.user)
    require_role(request.user, *MANAGERS, Role.AUDITOR)
    agency = request.user.agency
    template = get_scoped_or_404(ChecklistTemplate.objects.all(), request.user, pk=pk) if pk else None
    initial = {"is_active": True}
    if template:
        initial = {"title": template.title, "clause": template.clause, "document": template.document,
                   "questions": template.questions, "is_active": template.is_active}
    form = TemplateForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.template_save(agency=agency, user=request.user, template=template, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bộ câu hỏi mẫu."))
            return redirect("audits:checklist_template_list")
    return render(request, "audits/internal/checklist_template_form.html", {"form": form, "template_obj": template})
