"""Pages of one-stop files: the desk's receive form, the register (form 06), a file's page and its actions.

Who (cases/files/permissions.py): every member of the agency reads the register and files, the applicant's
details only if they handle files (desk, coordinator, the file's step handlers); the desk receives and returns;
a step's people take and complete it; oversight: 403; another agency's file: 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.files import hooks, register, services
from cases.files.filters import CaseFilter
from cases.files.forms import (
    CompleteForm,
    PapersForm,
    ProcedureChoiceForm,
    RateForm,
    ReasonForm,
    ReceiveForm,
    RefuseForm,
    ResultForm,
    ReturnForm,
    SupplementForm,
)
from cases.files.models import Case, CaseStep, Handover, PersonalDataAccess
from cases.files.permissions import CLERKS, MEMBERS, may_take, sees_all_applicants, sees_applicant
from qms.core import search
from qms.core.access import get_scoped_or_404, role_required, scoped
from qms.core.models import Role

PAGE_SIZE = 50


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _apply(form, exc):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error.messages[0])
    else:
        for message in exc.messages:
            form.add_error(None, message)


@role_required(*MEMBERS)
def case_list(request):
    agency = request.user.agency
    narrowed = CaseFilter(request.GET, queryset=scoped(Case.objects.all(), request.user), agency=agency)
    found = narrowed.qs if narrowed.is_valid() else Case.objects.none()
    full = sees_all_applicants(request.user)
    query = search.parse(request.GET.get("q"))
    # Those who may not see applicants search by code only: a search must not tell them whose file exists.
    found = search.apply(found, query) if full else search.apply(found, query, "search_code")
    # Filters, search, count and the page's 50 are decided on the files' own table; the procedure and the current
    # step's department are joined to those 50 only. (Joined in the same query, PostgreSQL misjudging how many
    # files are late joined every matching file before sorting: 1,367 step lookups for a page of 50.)
    ordering = ("-received_at", "-pk")
    page = Paginator(found.order_by(*ordering).values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page"))
    page.object_list = list(
        Case.objects.filter(pk__in=page.object_list).select_related("document", "current_step__department")
        .only("pk", "code", "status", "sets", "received_at", "appointment_at", "new_appointment_at", "returned_at",
              "is_late", "applicant_name", "applicant_address", "applicant_phone", "document__code",
              "document__title", "document__procedure_code", "current_step__code", "current_step__department__name")
        .order_by(*ordering))
    params = request.GET.copy()
    params.pop("page", None)
    now = timezone.now()
    for case in page.object_list:
        case.late_now = case.late_at(now)
    return render(request, "cases/files/case_list.html", {
        "page": page, "rows": register.rows(page, query, full), "filter": narrowed, "search": query,
        "query": params.urlencode(), "full": full,
        "can_receive": request.user.has_role(*CLERKS), "is_coordinator": request.user.has_role(Role.COORDINATOR),
    })


@role_required(*CLERKS, action=_("tiếp nhận hồ sơ tại Bộ phận một cửa"))
def case_receive(request):
    """Step 1 (GET without a procedure): choose the procedure. Step 2: the file's data, the papers of that
    revision and the appointment the file would get if received now."""
    agency = request.user.agency
    chooser = ProcedureChoiceForm(request.GET or None, agency=agency)
    data = request.POST if request.method == "POST" else None
    revision = None
    if data is not None:
        probe = ProcedureChoiceForm(data, agency=agency)
        if not probe.is_valid():
            chooser = probe
            return render(request, "cases/files/receive.html", {"chooser": chooser, "form": None}, status=200)
        revision = probe.cleaned_data["revision"]
    elif chooser.is_bound and chooser.is_valid():
        revision = chooser.cleaned_data["revision"]
    if revision is None:
        return render(request, "cases/files/receive.html", {"chooser": chooser, "form": None})
    form = ReceiveForm(data, agency=agency, revision=revision, initial={"revision": revision.pk})
    if data is not None and form.is_valid():
        d = form.cleaned_data
        intake = services.Intake(
            agency=agency, revision=revision, applicant_kind=d["applicant_kind"], applicant_name=d["applicant_name"],
            applicant_id_number=d["applicant_id_number"], applicant_address=d["applicant_address"],
            applicant_phone=d["applicant_phone"], applicant_email=d["applicant_email"], papers=d["papers"],
            sets=d["sets"], channel=d["channel"])
        try:
            if d["decision"] == "supplement":
                case = services.case_request_supplement(user=request.user, intake=intake, text=d["supplement_text"])
                messages.success(request, _("Đã lập phiếu yêu cầu bổ sung cho hồ sơ %(code)s.") % {"code": case.code})
            elif d["decision"] == "refuse":
                case = services.case_refuse(user=request.user, intake=intake, reasons=d["refusal_reasons"],
                                            legal_basis=d["refusal_legal_basis"])
                messages.success(request, _("Đã lập phiếu từ chối cho hồ sơ %(code)s.") % {"code": case.code})
            else:
                case = services.case_receive(user=request.user, intake=intake)
                messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả %(date)s.") % {
                    "code": case.code, "date": timezone.localtime(case.appointment_at).strftime("%H:%M %d/%m/%Y")})
        except ValidationError as exc:
            _apply(form, exc)
        else:
            return redirect(case)
    listed = services.dossier_papers(revision)
    return render(request, "cases/files/receive.html", {
        "chooser": ProcedureChoiceForm(agency=agency, initial={"revision": revision.pk}), "form": form,
        "revision": revision, "appointment": services.appointment(agency, revision, timezone.now()),
        "papers_listed": listed, "steps": revision.steps,
    })


def _case(request, pk):
    return get_scoped_or_404(Case.objects.select_related("document", "revision", "received_by", "current_step"),
                             request.user, pk=pk)


@role_required(*MEMBERS)
def case_detail(request, pk):
    case = _case(request, pk)
    steps = list(case.steps.select_related("department", "assignee", "taken_by").order_by("order"))
    handovers = list(Handover.objects.filter(case=case).select_related("from_user", "to_user", "to_department", "step"))
    user = request.user
    personal = sees_applicant(user, case, steps)
    if personal and case.personal_data_erased_at is None:
        PersonalDataAccess.objects.create(case=case, agency=case.agency, user=user, what="detail")
    now = timezone.now()
    active = next((s for s in steps if s.state == CaseStep.State.ACTIVE), None)
    clerk = user.has_role(*CLERKS)
    holder = active is not None and active.taken_by_id == user.pk and case.status == Case.Status.IN_PROGRESS
    context = {
        "case": case, "steps": steps, "handovers": handovers, "personal": personal, "now": now, "active": active,
        "overdue": case.overdue(now),
        "can_take": active is not None and active.taken_by_id is None and may_take(user, active)
        and case.status in (Case.Status.RECEIVED, Case.Status.IN_PROGRESS),
        "holder": holder, "clerk": clerk,
        "complete_form": CompleteForm(agency=case.agency) if holder else None,
        "return_form": ReasonForm() if holder else None,
        "supplement_form": SupplementForm() if (clerk or holder) and case.status in (
            Case.Status.RECEIVED, Case.Status.IN_PROGRESS) else None,
        "papers_form": PapersForm(case=case) if clerk and case.status == Case.Status.SUPPLEMENT else None,
        "refuse_form": RefuseForm() if (clerk or holder) and case.is_open else None,
        "withdraw_form": ReasonForm() if clerk and case.is_open else None,
        "result_form": ResultForm(initial={"result_text": case.result_text})
        if clerk and case.status == Case.Status.RESULT_READY else None,
        "deliver_form": ReturnForm() if clerk and case.status == Case.Status.RESULT_READY else None,
        "rate_form": RateForm() if clerk and case.status == Case.Status.RETURNED and not case.rating else None,
    }
    context["panels"] = hooks.panels_for(request, case, context)
    return render(request, "cases/files/case_detail.html", context)


def _step(request, pk):
    step = get_object_or_404(scoped(CaseStep.objects.select_related("case"), request.user), pk=pk)
    return step


def _post_action(request, case, run, form=None, success=""):
    """Run a service for a POST action; errors come back as messages on the file's page."""
    try:
        if form is not None and not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        run(form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, success)
    return redirect(case)


@require_POST
@role_required(*MEMBERS)
def step_take(request, pk):
    step = _step(request, pk)
    return _post_action(request, step.case, lambda d: services.step_take(step=step, user=request.user),
                        success=_("Đã nhận xử lý bước %(s)s.") % {"s": step.code})


@require_POST
@role_required(*MEMBERS)
def step_complete(request, pk):
    step = _step(request, pk)
    form = CompleteForm(request.POST, agency=step.agency)
    return _post_action(request, step.case, lambda d: services.step_complete(
        step=step, user=request.user, note=d["note"], to_user=d["to_user"]), form,
        success=_("Đã hoàn thành bước và chuyển hồ sơ."))


@require_POST
@role_required(*MEMBERS)
def step_return(request, pk):
    step = _step(request, pk)
    return _post_action(request, step.case, lambda d: services.step_return_for_information(
        step=step, user=request.user, reason=d["reason"]), ReasonForm(request.POST),
        success=_("Đã trả lại bước trước để bổ sung thông tin."))


def _is_holder(user, case):
    return case.current_step_id and case.current_step.taken_by_id == user.pk


@require_POST
@role_required(*MEMBERS)
def case_supplement(request, pk):
    case = _case(request, pk)
    if not (request.user.has_role(*CLERKS) or _is_holder(request.user, case)):
        raise PermissionDenied
    return _post_action(request, case, lambda d: services.case_request_supplement(
        case=case, user=request.user, text=d["text"]), SupplementForm(request.POST),
        success=_("Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."))


@require_POST
@role_required(*CLERKS)
def case_supplemented(request, pk):
    case = _case(request, pk)
    return _post_action(request, case, lambda d: services.case_supplements_received(
        case=case, user=request.user, papers=d["papers"]), PapersForm(request.POST, case=case),
        success=_("Đã nhận đủ hồ sơ bổ sung; thời hạn giải quyết được tính lại."))


@require_POST
@role_required(*MEMBERS)
def case_refuse(request, pk):
    case = _case(request, pk)
    if not (request.user.has_role(*CLERKS) or _is_holder(request.user, case)):
        raise PermissionDenied
    return _post_action(request, case, lambda d: services.case_refuse(
        case=case, user=request.user, reasons=d["reasons"], legal_basis=d["legal_basis"]), RefuseForm(request.POST),
        success=_("Đã từ chối giải quyết hồ sơ."))


@require_POST
@role_required(*CLERKS)
def case_withdraw(request, pk):
    case = _case(request, pk)
    return _post_action(request, case, lambda d: services.case_withdraw(
        case=case, user=request.user, reason=d["reason"]), ReasonForm(request.POST),
        success=_("Đã ghi nhận công dân rút hồ sơ."))


@require_POST
@role_required(*CLERKS)
def case_result(request, pk):
    case = _case(request, pk)
    return _post_action(request, case, lambda d: services.case_record_result(
        case=case, user=request.user, result_text=d["result_text"]), ResultForm(request.POST),
        success=_("Đã ghi kết quả giải quyết."))


@require_POST
@role_required(*CLERKS)
def case_return(request, pk):
    case = _case(request, pk)
    return _post_action(request, case, lambda d: services.case_return(
        case=case, user=request.user, method=d["method"]), ReturnForm(request.POST),
        success=_("Đã trả kết quả cho người nộp."))


@require_POST
@role_required(*CLERKS)
def case_rate(request, pk):
    case = _case(request, pk)
    return _post_action(request, case, lambda d: services.case_rate(
        case=case, user=request.user, rating=d["rating"], comment=d["comment"]), RateForm(request.POST),
        success=_("Đã ghi đánh giá của người dân."))

