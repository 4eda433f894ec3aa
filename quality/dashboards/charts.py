"""The dashboard's charts (qms/core/charts.py), drawn from the figures already counted: no query of their own."""

from django.utils.translation import gettext as _

from qms.core.charts import bar_chart


def _bar(title, figures, series_name, category):
    return bar_chart(title, [str(f.label) for f in figures], {series_name: [f.value for f in figures]},
                     category=category)


def dashboard_charts(board):
    """{section: Chart}; the page shows each beside its table of linked figures."""
    count = _("Số lượng")
    return {
        "documents": _bar(_("Tài liệu theo tình trạng"), board.documents, count, _("Tình trạng")),
        "nc_age": _bar(_("Sự không phù hợp đang xử lý theo tuổi"), board.nc_age, count, _("Thời gian đã mở")),
        "nc_source": _bar(_("Sự không phù hợp phát hiện trong kỳ theo nguồn"), board.nc_source, count, _("Nguồn")),
        "nc_clause": _bar(_("Sự không phù hợp phát hiện trong kỳ theo điều khoản"), board.nc_clause, count,
                          _("Điều khoản")),
        "feedback": _bar(_("Phản ánh nhận trong kỳ"), [board.feedback_on_time, board.feedback_late,
                                                       board.feedback_waiting], count, _("Kết quả trả lời")),
    }
