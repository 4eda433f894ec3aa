"""Forms of the yearly report: the year to report on, and the coordinator's text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quality.reports.models import YearlyReport

MAX_TEXT = 20000  # characters per text field: several pages of the printed report, not a pasted file


class CreateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm báo cáo"), min_value=1, max_value=9999,
                              error_messages={"invalid": _("Nhập năm bằng số, ví dụ 2026.")})


class TextForm(forms.ModelForm):
    reason = forms.CharField(label=_("Lý do sửa (ghi vào lịch sử)"), required=False, max_length=500)

    class Meta:
        model = YearlyReport
        fields = ["results", "difficulties", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 6, "maxlength": MAX_TEXT})
                   for name in ["results", "difficulties", "proposals"]}

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            if len(data.get(name) or "") > MAX_TEXT:
                self.add_error(name, _("Nội dung dài quá %(n)s ký tự.") % {"n": MAX_TEXT})
        return data
