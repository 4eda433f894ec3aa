"""The figures' selector: a period (this month, quarter, year, or two dates), a procedure, a department."""

import datetime

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from processes.documents.models import Document
from qms.core.models import Department
from qms.core.widgets import FastSelect

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
PERIODS = [(MONTH, _("Tháng này")), (QUARTER, _("Quý này")), (YEAR, _("Năm nay")), (CUSTOM, _("Tùy chọn"))]
MAX_DAYS = 366 * 3  # figures month by month: three years is already 36 rows; more is a typing slip


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


class ProcedureChoices(ModelChoiceIterator):
    """The procedures as (pk, "code title"), the label Document.__str__ gives, read with values_list once per form:
    an agency has hundreds (264 at province scale), and a model instance for each cost the page more than its
    figures. Choosing one still validates through the field's queryset (ModelChoiceField.to_python)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "_options", None) is None:
            self.field._options = [(pk, f"{code} {title}") for pk, code, title
                                   in self.queryset.values_list("pk", "code", "title")]
        yield from self.field._options


class ProcedureField(forms.ModelChoiceField):
    iterator = ProcedureChoices


class FiguresForm(forms.Form):
    period = forms.ChoiceField(label=_("Kỳ"), choices=PERIODS, initial=YEAR)
    start = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    # FastSelect: the options built in Python, not through a template each (qms/core/widgets.py).
    document = ProcedureField(label=_("Thủ tục"), queryset=Document.objects.none(), required=False,
                              empty_label=_("Tất cả thủ tục"), widget=FastSelect)
    department = forms.ModelChoiceField(label=_("Phòng xử lý"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("Tất cả các phòng"), widget=FastSelect)

    def __init__(self, data=None, *, agency, today, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["document"].queryset = Document.objects.filter(
            agency=agency, doc_type=Document.Type.PROCEDURE).only("pk", "code", "title").order_by("code")
        self.fields["department"].queryset = Department.objects.filter(agency=agency).order_by("name")

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
                self.add_error("end", _("Kỳ dài quá 3 năm: chọn kỳ ngắn hơn."))
        return data

    def selection(self):
        """(start, end, document, department) of a valid form; this year, every procedure and department
        otherwise."""
        if self.is_bound and self.is_valid():
            d = self.cleaned_data
            return d["start"], d["end"], d.get("document"), d.get("department")
        start, end = period_dates(YEAR, self.today)
        return start, end, None, None
