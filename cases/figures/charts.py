"""The figures' charts (qms/core/charts.py), drawn from the figures already counted: no query of their own."""

from django.utils.translation import gettext as _

from qms.core.charts import bar_chart, line_chart


def figures_charts(f, *, target=None):
    labels = [row.label for row in f.months]
    return {
        "months": bar_chart(_("Hồ sơ có kết quả theo tháng, so với hẹn"), labels, {
            _("Trước hạn"): [row.early for row in f.months],
            _("Đúng hạn"): [row.on_time for row in f.months],
            _("Quá hạn"): [row.late for row in f.months],
        }, category=_("Tháng")),
        "on_time": line_chart(_("Tỷ lệ hồ sơ giải quyết đúng hạn"), labels, {
            _("Đúng hạn (%)"): [row.on_time_percent for row in f.months]}, unit="%", target=target,
            category=_("Tháng")),
        "days": bar_chart(_("Số ngày làm việc giải quyết trung bình"), labels, {
            _("Thực tế"): [row.days_taken for row in f.months],
            _("Theo quy trình"): [row.days_stated for row in f.months],
        }, category=_("Tháng"), unit=_("ngày")),
        "ratings": bar_chart(_("Đánh giá của người dân"), [str(label) for _v, label, _c, _p, _u in f.ratings],
                             {_("Tỷ lệ (%)"): [p for _v, _l, _c, p, _u in f.ratings]}, unit="%",
                             category=_("Mức đánh giá")),
    }
