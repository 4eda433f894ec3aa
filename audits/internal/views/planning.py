"""Planning pages (AUD-1, AUD-2): the programmes, a programme's coverage (departments, clauses and
processes against its audits, with the gaps), the audits list, an audit's page, its plan and team.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.internal import services as svc
from audits.internal.forms import AssignForm, AuditFilter, AuditPlanForm, ProgrammeForm, ReasonForm
from audits.internal.models import Audit, AuditProgramme, Finding, auditable_clauses, clause_covers
from audits.internal.views.common import apply_errors, get_audit, get_programme, readers_only
from qms.core import clauses, editions, search
from qms.core.access import MANAGERS, require_agency, require_role
from qms.core.history import history_entries
from qms.core.models import Department


# ---------------------------------------------------------------------------------------------
# Programme and coverage (AUD-1)


def programme_list(request):
    readers_only(request.user)
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
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lập chương trình đánh giá năm %(y)s.") % {"y": programme.year})
            return redirect(programme)
    return render(request, "audits/internal/programme_form.html", {"form": form})


def programme_detail(request, pk):
    programme = get_programme(request, pk)
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


def _cited_in(agency, audit):
    """The audit's criteria clauses in the agency's current edition."""
    made = editions.edition_on(agency, audit.created_at)
    if made == agency.iso_edition:
        return audit.clause_list
    found = []
    for code in audit.clause_list:
        found += [c for c in (clauses.equivalent(code, made, agency.iso_edition) or ()) if c not in found]
    return found


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

    # An audit planned under 2008 in an agency now on 2015 covers the 2015 equivalents of its clauses.
    cited = {audit.pk: _cited_in(agency, audit) for audit in audits}
    clause_rows = []
    for clause, title in auditable_clauses(agency.iso_edition):
        marks = [any(clause_covers(c, clause) for c in cited[audit.pk]) for audit in audits]
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
    programme = get_programme(request, pk)
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
                  {"filter": filterset, "audits": page.object_list, "page": page, "query": query.urlencode(),
                   "search": search.parse(request.GET.get("q"))})


def _plan_kwargs(data):
    return {k: v for k, v in data.items() if k not in ("lead_auditor", "team")}


def audit_create(request, pk):
    programme = get_programme(request, pk)
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
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lập kế hoạch cuộc đánh giá %(code)s.") % {"code": audit.code})
            return redirect(audit)
    return render(request, "audits/internal/audit_form.html", {"form": form, "programme": programme, "audit": None})


def audit_detail(request, pk):
    audit = get_audit(request, pk)
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
    audit = get_audit(request, pk)
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
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch cuộc đánh giá."))
            return redirect(audit)
    return render(request, "audits/internal/audit_form.html", {"form": form, "programme": audit.programme, "audit": audit})


def audit_assign(request, pk):
    audit = get_audit(request, pk)
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
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã phân công đoàn đánh giá."))
            return redirect(audit)
    return render(request, "audits/internal/audit_assign.html", {"form": form, "audit": audit})
