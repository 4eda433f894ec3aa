"""The one-stop forms of Circular 01/2018/TT-VPCP as PDFs (forms 01–05 on A5, the register, form 06, on A4
landscape) and the register as XLSX. Templates in templates/cases/slips/; layout in static/pdf/slips.css."""

import base64
import time

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.exports import xlsx_response


def public_url(case):
    """Absolute address of the file's public status page (what the receipt's QR code carries)."""
    return settings.SITE_URL + reverse("case_public:status", kwargs={"key": case.public_key})


def qr_data_uri(url):
    """The QR code as an SVG data URI: vector in the PDF, sharp at any print size."""
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2, omitsize=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _place(case):
    return case.revision.submit_place or case.agency.address or case.agency.name


def slip_context(case, **more):
    now = timezone.localtime()
    return {"case": case, "agency": case.agency, "place": _place(case), "printed_at": now, **more}


def render_slip(template, context, *, title):
    """Render one form; returns (pdf bytes, seconds taken)."""
    from qms.pdf.render import render_pdf  # WeasyPrint: imported where a PDF is made

    started = time.perf_counter()
    html = render_to_string(template, {**context, "title": title})
    case = context.get("case")
    pdf = render_pdf(html, metadata={
        "title": f"{title} {case.code}" if case else title, "author": context["agency"].name, "subject": title,
        "keywords": ["Thông tư 01/2018/TT-VPCP", "một cửa"],
    })
    return pdf, time.perf_counter() - started


def register_rows(cases, *, full):
    """Form 06's columns, per file; the applicant's details only for those who may see them."""
    for number, case in enumerate(cases, start=1):
        erased = case.personal_data_erased_at is not None
        applicant = case.applicant_name if full and not erased else case.initials
        contact = "" if not full or erased else ", ".join(x for x in (case.applicant_address, case.applicant_phone) if x)
        step = case.current_step
        yield {
            "number": number, "code": case.code, "procedure": case.document.title, "sets": case.sets,
            "applicant": applicant, "contact": contact,
            "deciding": (step.department.name if step and step.department_id else ""),
            "channel": case.get_channel_display(), "received_at": timezone.localtime(case.received_at),
            "appointment_at": timezone.localtime(case.due_at) if case.due_at else None,
            "returned_at": timezone.localtime(case.returned_at) if case.returned_at else None,
            "status": case.get_status_display(), "late": case.late_at(),  # as the register page shows it
        }


def register_headers():
    return [_("STT"), _("Mã hồ sơ"), _("Tên thủ tục hành chính"), _("Số bộ"), _("Tổ chức, cá nhân"),
            _("Địa chỉ, số điện thoại"), _("Cơ quan chủ trì giải quyết"), _("Hình thức nộp"),
            _("Ngày, giờ nhận hồ sơ"), _("Hẹn trả kết quả"), _("Ngày, giờ trả kết quả"), _("Ghi chú")]


def register_xlsx(rows, *, agency, filename):
    table = [[r["number"], r["code"], r["procedure"], r["sets"], r["applicant"], r["contact"], r["deciding"],
              r["channel"], r["received_at"], r["appointment_at"], r["returned_at"],
              r["status"] + (" · " + _("Trễ hạn") if r["late"] else "")] for r in rows]
    return xlsx_response(filename, register_headers(), table, sheet_title=_("Sổ theo dõi hồ sơ"),
                         title_lines=[agency.name, _("SỔ THEO DÕI HỒ SƠ")])
