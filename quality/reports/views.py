"""The yearly report's pages: the agency's managers make, edit and send it; the oversight body reads what was
sent by the agencies it supervises (a draft stays the agency's own: 404 to anyone else)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import editions, exports
from qms.core.access import MANAGERS, has_role, require_role, role_required
from qms.core.history import history_entries
from qms.core.models import Agency, Role
from qms.pdf.render import render_template_pdf
from quality.reports import figures, services
from quality.reports.forms import CreateForm, TextForm
from quality.reports.models import YearlyReport


def get_report(request, pk, *, write=False):
    """The agency's managers: their own reports (other members 403). Oversight: a sent report of a supervised
    agency, to read. Anything else: 404."""
    user = request.user
    report = YearlyReport.objects.select_related("agency", "sent_by").filter(pk=pk).first()
    if report is None:
        raise Http404
    if user.agency_id == report.agency_id:
        require_role(user, *MANAGERS, action=_("xem báo cáo năm về áp dụng HTQLCL"))
        return report
    if (not write and has_role(user, Role.OVERSIGHT) and not report.is_draft
            and Agency.objects.supervised().filter(pk=report.agency_id).exists()):
        return report
    raise Http404


def _errors(form, exc):
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@role_required(*MANAGERS)
def report_list(request):
    form = CreateForm(initial={"year": timezone.localdate().year})
    reports = YearlyReport.objects.for_agency(request.user.agency)
    return render(request, "quality/reports/report_list.html", {"reports": reports, "form": form})


@require_POST
@role_required(*MANAGERS)
def report_create(request):
    form = CreateForm(request.POST)
    if form.is_valid():
        try:
            report = services.create_report(agency=request.user.agency, year=form.cleaned_data["year"],
                                            user=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Đã lập báo cáo năm %(y)s với số liệu tính từ hồ sơ.") % {"y": report.year})
            return redirect(report)
    reports = YearlyReport.objects.for_agency(request.user.agency)
    return render(request, "quality/reports/report_list.html", {"reports": reports, "form": form}, status=400)


def report_detail(request, pk):
    report = get_report(request, pk)
    can_write = report.agency_id == request.user.agency_id and report.is_draft
    return render(request, "quality/reports/report_detail.html", {
        "report": report, "sections": _sections(report), "can_write": can_write,
        "history": history_entries(report) if report.agency_id == request.user.agency_id else None,
    })


def report_edit(request, pk):
    report = get_report(request, pk, write=True)
    if not report.is_draft:
        messages.error(request, _("Báo cáo đã gửi, không sửa được nữa."))
        return redirect(report)
    form = TextForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_text(report=report, user=request.user, reason=form.cleaned_data["reason"],
                                 **{name: form.cleaned_data[name] for name in services.TEXT_FIELDS})
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect(report)
    return render(request, "quality/reports/report_edit.html", {"report": report, "form": form})


@require_POST
def report_refresh(request, pk):
    report = get_report(request, pk, write=True)
    try:
        services.refresh_figures(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã tính lại số liệu."))
    return redirect(report)


@require_POST
def report_send(request, pk):
    report = get_report(request, pk, write=True)
    try:
        services.send_report(report=report, user=request.user, reason=request.POST.get("reason", "").strip()[:500])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã gửi báo cáo. Báo cáo không sửa được nữa."))
    return redirect(report)


def _sections(report):
    return [{"title": s["title"], "rows": [(label, figures.text(value, kind), kind == "n")
                                          for label, value, kind in s["rows"]]}
            for s in report.figures["sections"]]


def _texts(report):
    return [(_("Kết quả áp dụng HTQLCL"), report.results), (_("Khó khăn, vướng mắc"), report.difficulties),
            (_("Đề xuất, kiến nghị"), report.proposals)]


def report_xlsx(request, pk):
    report = get_report(request, pk)
    rows = [[s["title"], label, figures.cell(value, kind)]
            for s in report.figures["sections"] for label, value, kind in s["rows"]]
    rows += [[_("Nội dung báo cáo"), title, body] for title, body in _texts(report)]
    return exports.xlsx_response(
        f"bao-cao-htqlcl-{report.year}.xlsx", [_("Mục"), _("Chỉ tiêu"), _("Số liệu")], rows,
        sheet_title=_("Báo cáo năm %(y)s") % {"y": report.year},
        title_lines=[report.agency.name, str(report).upper()])


def report_pdf(request, pk):
    report = get_report(request, pk)
    # In Vietnamese whatever the reader's language: it is the document the agency sends to the Department.
    with translation.override("vi"):
        return _pdf_response(report)


def _pdf_response(report):
    title = _("Báo cáo tình hình áp dụng hệ thống quản lý chất lượng")
    pdf = render_template_pdf("pdf/yearly_report.html", {
        "report": report, "title": title, "sections": _sections(report), "texts": _texts(report),
        "printed_at": timezone.localtime(),
    }, metadata={"title": f"{title} {report.year}", "author": report.agency.name, "subject": title,
                 "keywords": editions.pdf_keywords(report.agency, report.as_of, "TCVN")})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-htqlcl-{report.year}.pdf"'
    return response


@role_required(Role.OVERSIGHT)
def report_received(request):
    """The oversight body: yearly reports sent by the agencies it supervises, newest first."""
    reports = (YearlyReport.objects.sent().filter(agency__in=Agency.objects.supervised())
               .select_related("agency").order_by("-year", "agency__name"))
    return render(request, "quality/reports/report_received.html", {"reports": reports})
