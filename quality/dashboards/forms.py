"""The dashboard's period selector: this month, this quarter, this year, or two dates (both included)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
PERIODS = [(MONTH, _("Tháng này")), (QUARTER, _("Quý này")), (YEAR, _("Năm nay")), (CUSTOM, _("Tùy chọn"))]
MAX_DAYS = 366 * 10  # a wider period is a typing slip (the year 20260 for 2026), not a question anyone asks


def period_dates(period, today):
    """(first, last) local date of this month, quarter or year containing ``today``."""
    if period == MONTH:
        first = today.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
    elif period == QUARTER:
        first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
        following = (first + datetime.timedelta(days=93)).replace(day=1)
    else:
        first = today.replace(month=1, day=1)
        following = first.replace(year=first.year + 1)
    return first, following - datetime.timedelta(days=1)


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ"), choices=PERIODS, initial=YEAR)
    start = forms.DateField(label=_("Từ ngày"), required=False, help_text=_("dd/mm/yyyy"))
    end = forms.DateField(label=_("Đến ngày"), required=False, help_text=_("dd/mm/yyyy"))

    def __init__(self, data=None, *, today, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period != CUSTOM:
            if period:
                data["start"], data["end"] = period_dates(period, self.today)
            return data
        start, end = data.get("start"), data.get("end")
        if "start" not in self.errors and not start:
            self.add_error("start", _("Nhập ngày bắt đầu của kỳ."))
        if "end" not in self.errors and not end:
            self.add_error("end", _("Nhập ngày kết thúc của kỳ."))
        if start and end:
            if end < start:
                self.add_error("end", _("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", _("Kỳ dài quá 10 năm: kiểm tra lại năm đã nhập."))
        return data

    def dates(self):
        """(start, end) of a valid form; the default period (this year) otherwise."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return period_dates(YEAR, self.today)
