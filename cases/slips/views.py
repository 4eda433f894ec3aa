"""Printing the one-stop forms (Circular 01/2018/TT-VPCP) and exporting the register (form 06).

Who: forms 01–04 carry the applicant's details, so only people who see them (cases/files/permissions.py:
clerks, the coordinator, the file's handlers) print them, and each print is logged; form 05 (process control
slip) names the applicant by initials and is for every member of the agency, at any moment. The register
exports follow the register page: full applicants for the desk and the coordinator, initials for others, and
only the full export is logged. Oversight: 403; another agency's file: 404.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.files.filters import CaseFilter
from cases.files.models import ApologySlip, Case, Handover
from cases.files.permissions import MEMBERS, sees_all_applicants, sees_applicant
from cases.slips import render, services
from qms.core import search
from qms.core.access import get_scoped_or_404, role_required, scoped

logger = logging.getLogger("qms.cases.slips")

# A register longer than this is refused as a PDF (it would be hundreds of pages): narrow the filter, or take
# the XLSX, which holds up to XLSX_LIMIT rows.
PDF_LIMIT = 1000
XLSX_LIMIT = 20000


def _case(request, pk):
    return get_scoped_or_404(Case.objects.select_related("agency", "document", "revision", "received_by",
                                                         "refused_by", "supplement_requested_by"),
                             request.user, pk=pk)


def _personal_case(request, pk):
    case = _case(request, pk)
    if not sees_applicant(request.user, case):
        raise PermissionDenied(_("Phiếu này có thông tin cá nhân của người nộp; chỉ người xử lý hồ sơ và thư ký "
                                 "ISO được in."))
    return case


def _pdf(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _print(request, case, template, title, what, slug, **more):
    pdf, seconds = render.render_slip(template, render.slip_context(case, **more), title=title)
    if what:
        services.log_printed(user=request.user, cases=[case], what=what)
    logger.info("printed %s of %s in %.3f s", slug, case.code, seconds)
    return _pdf(pdf, f"{slug}-{case.code}.pdf")


@role_required(*MEMBERS)
def form_receipt(request, pk):
    """Form 01: receipt and appointment slip, with the QR code of the public status page."""
    case = _personal_case(request, pk)
    if case.appointment_at is None:
        raise Http404  # awaiting supplements or refused at the desk: no appointment was given
    url = render.public_url(case)
    received = [p for p in case.papers if p.get("received")]
    return _print(request, case, "cases/slips/form01.html", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
                  services.FORM_01, "giay-tiep-nhan", public_url=url, qr=render.qr_data_uri(url),
                  papers_received=received)


@role_required(*MEMBERS)
def form_supplement(request, pk):
    """Form 02: request for supplements (what to add and why, once and completely)."""
    case = _personal_case(request, pk)
    if not case.supplement_request:
        raise Http404
    return _print(request, case, "cases/slips/form02.html", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
                  services.FORM_02, "phieu-bo-sung", officer=case.supplement_requested_by or case.received_by)


@role_required(*MEMBERS)
def form_refusal(request, pk):
    """Form 03: refusal to accept or handle the file, with reasons and their legal basis."""
    case = _personal_case(request, pk)
    if case.status != Case.Status.REFUSED:
        raise Http404
    return _print(request, case, "cases/slips/form03.html", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
                  services.FORM_03, "phieu-tu-choi", officer=case.refused_by)


@role_required(*MEMBERS)
def form_apology(request, pk, number):
    """Form 04: apology and new appointment, from the ApologySlip row."""
    case = _personal_case(request, pk)
    slip = get_object_or_404(ApologySlip.objects.select_related("signed_by", "issued_by"), case=case, number=number)
    return _print(request, case, "cases/slips/form04.html", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
                  services.FORM_04, f"phieu-xin-loi-{slip.number}", slip=slip)


@role_required(*MEMBERS)
def form_control(request, pk):
    """Form 05: process control slip, every hand-over so far; the applicant by initials (not logged)."""
    case = _case(request, pk)
    handovers = list(Handover.objects.filter(case=case)
                     .select_related("from_user", "to_user", "to_department", "step").order_by("at", "pk"))
    return _print(request, case, "cases/slips/form05.html", _("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
                  None, "phieu-kiem-soat", handovers=handovers)


def _register(request):
    """The register's files under the register page's filters and search (cases/files/views.py case_list)."""
    agency = request.user.agency
    queryset = (scoped(Case.objects.all(), request.user)
                .select_related("agency", "document", "current_step__department")
                .order_by("received_at", "pk"))
    narrowed = CaseFilter(request.GET, queryset=queryset, agency=agency)
    queryset = narrowed.qs if narrowed.is_valid() else queryset.none()
    full = sees_all_applicants(request.user)
    query = search.parse(request.GET.get("q"))
    queryset = search.apply(queryset, query) if full else search.apply(queryset, query, "search_code")
    return queryset, full, narrowed


def _too_many(request, limit):
    messages.error(request, _("Sổ theo dõi có hơn %(n)d hồ sơ theo bộ lọc này. Thu hẹp bộ lọc (thời gian, thủ "
                              "tục) rồi xuất lại.") % {"n": limit})
    return redirect(reverse("cases:case_list") + "?" + request.GET.urlencode())


def _filter_lines(narrowed, full):
    """What the printed register was narrowed to, in words, under its title."""
    lines = []
    data = narrowed.form.cleaned_data if narrowed.is_valid() else {}
    for name, field in narrowed.form.fields.items():
        value = data.get(name)
        if value in (None, ""):
            continue
        if hasattr(value, "strftime"):
            value = value.strftime("%d/%m/%Y")
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            value = dict(field.choices).get(value, value)
        lines.append(f"{field.label}: {value}")
    if not full:
        lines.append(_("Người nộp ghi tắt (chữ cái đầu)"))
    return lines


@role_required(*MEMBERS)
def register_pdf(request):
    """Form 06 on A4 landscape, the register page's filters applied."""
    queryset, full, narrowed = _register(request)
    cases = list(queryset[:PDF_LIMIT + 1])
    if len(cases) > PDF_LIMIT:
        return _too_many(request, PDF_LIMIT)
    agency = request.user.agency
    rows = list(render.register_rows(cases, full=full))
    title = _("Sổ theo dõi hồ sơ")
    pdf, seconds = render.render_slip("cases/slips/form06.html", {
        "agency": agency, "rows": rows, "headers": render.register_headers(), "full": full,
        "filter_lines": _filter_lines(narrowed, full), "printed_at": timezone.localtime(),
    }, title=title)
    if full:
        services.log_printed(user=request.user, cases=cases, what=services.REGISTER_PDF)
    logger.info("register PDF of %d files in %.3f s", len(rows), seconds)
    return _pdf(pdf, f"so-theo-doi-ho-so-{timezone.localdate():%Y-%m-%d}.pdf")


@role_required(*MEMBERS)
def register_xlsx(request):
    queryset, full, _narrowed = _register(request)
    cases = list(queryset[:XLSX_LIMIT + 1])
    if len(cases) > XLSX_LIMIT:
        return _too_many(request, XLSX_LIMIT)
    response = render.register_xlsx(render.register_rows(cases, full=full), agency=request.user.agency,
                                    filename=f"so-theo-doi-ho-so-{timezone.localdate():%Y-%m-%d}.xlsx")
    if full:
        services.log_printed(user=request.user, cases=cases, what=services.REGISTER_XLSX)
    return response
