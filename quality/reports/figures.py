"""The figures of a yearly report: the same functions as the provincial overview row and the agency's dashboard
(so the report, the overview and the dashboard never disagree), frozen as plain JSON.

Shape: ``{"as_of": "yyyy-mm-dd", "sections": [{"title": str, "rows": [[label, value, kind]]}]}`` where kind is
"n" (a count), "text", "date" (ISO date, or null) or "share" ([part, whole]). Labels are Vietnamese: the report
is written to the provincial Department in Vietnamese, whatever language its author reads the site in.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from qms.core.overview import agency_status
from quality.dashboards.services import agency_dashboard


def _yes(flag):
    return _("Có") if flag else _("Chưa có")


def _date(value):
    return value.isoformat() if value else None


def compute(agency, year, today):
    """The year's figures of ``agency``: what happened in [1 Jan, 31 Dec] of ``year``, and what is due or late as
    of the year's last day (today, for the current year)."""
    as_of = min(today, datetime.date(year, 12, 31))
    with translation.override("vi"):
        row = agency_status(agency, as_of)
        board = agency_dashboard(agency, datetime.date(year, 1, 1), datetime.date(year, 12, 31), as_of)
        met = list(row.objectives_met) if row.objectives_met else None

        def counts(figures):
            return [[str(f.label), f.value, "n"] for f in figures]

        sections = [
            {"title": _("Tình trạng hệ thống"), "rows": [
                [_("Chính sách chất lượng"), _yes(row.has_policy), "text"],
                [_("Mục tiêu chất lượng"), _yes(row.has_objectives), "text"],
                [_("Mục tiêu đạt trong năm"), met, "share"],
                [_("Sổ tay chất lượng"), _yes(row.has_manual), "text"],
                [_("Thủ tục bắt buộc còn thiếu"), row.procedures_text, "text"],
                [_("Tài liệu hiện hành"), row.current_documents, "n"],
                [_("Đánh giá nội bộ gần nhất"), _date(row.last_internal_audit), "date"],
                [_("Xem xét của lãnh đạo gần nhất"), _date(row.last_management_review), "date"],
            ]},
            {"title": _("Tài liệu theo tình trạng"), "rows": counts(board.documents)},
            {"title": _("Sự không phù hợp"), "rows": [
                [_("Phát hiện trong năm"), board.nc_detected.value, "n"],
                [_("Sự không phù hợp đang mở"), row.open_ncs, "n"],
                [_("Sự không phù hợp quá hạn"), row.overdue_ncs, "n"],
                [_("Hành động quá hạn"), row.overdue_actions, "n"],
            ]},
            {"title": _("Sự không phù hợp đang xử lý theo tuổi"), "rows": counts(board.nc_age)},
            {"title": _("Sự không phù hợp phát hiện trong năm theo nguồn"), "rows": counts(board.nc_source)},
            {"title": _("Sự không phù hợp phát hiện trong năm theo điều khoản"), "rows": counts(board.nc_clause)},
            {"title": _("Chương trình đánh giá nội bộ"), "rows": [
                [_("Cuộc đánh giá theo chương trình"), board.audits_planned.value, "n"],
                [_("Đã thực hiện (đã có báo cáo)"), board.audits_done.value, "n"],
            ]},
            {"title": _("Phản ánh, kiến nghị của người dân"), "rows": [
                [_("Phản ánh nhận trong năm"), board.feedback_received.value, "n"],
                [_("Trả lời đúng hạn"), board.feedback_on_time.value, "n"],
                [_("Trả lời quá hạn"), board.feedback_late.value, "n"],
                [_("Đang chờ xử lý"), board.feedback_waiting.value, "n"],
            ]},
        ]
    return {"as_of": as_of.isoformat(), "sections": sections}


def cell(value, kind):
    """A stored value for a spreadsheet cell: dates as dates, a share as "x/y", the rest as stored."""
    if kind == "date":
        return datetime.date.fromisoformat(value) if value else None
    if kind == "share":
        return f"{value[0]}/{value[1]}" if value else None
    return value


def text(value, kind):
    """A stored value as the page and the PDF write it (dd/mm/yyyy; "—" for nothing)."""
    value = cell(value, kind)
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
