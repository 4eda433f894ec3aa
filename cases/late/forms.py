"""Forms of late files: the apology slip (form 04). The agency's choice to open late files' NCs by themselves is
on the one-stop settings page (cases/privacy). They validate and normalise; the services decide (cases/late/services.py)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.late.permissions import signers
from qms.core.workdays import TZ

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": "60"}, format="%H:%M")


class ApologyForm(forms.Form):
    """The new date and time the applicant is asked to come, why the file is late, and which head signs."""

    new_date = forms.DateField(label=_("Ngày hẹn lại trả kết quả"), widget=DATE_WIDGET,
                               error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")})
    new_time = forms.TimeField(label=_("Giờ hẹn lại"), widget=TIME_WIDGET, initial=datetime.time(16, 0),
                               error_messages={"invalid": _("Giờ không hợp lệ (hh:mm).")})
    reason = forms.CharField(label=_("Lý do chậm trễ"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    signed_by = forms.ModelChoiceField(label=_("Lãnh đạo ký phiếu"), queryset=None,
                                       empty_label=_("— Chọn lãnh đạo —"),
                                       error_messages={"invalid_choice": _("Người ký phải là lãnh đạo của cơ quan.")})

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_by"].queryset = signers(agency)
        self.fields["signed_by"].label_from_instance = lambda u: u.display_name

    def new_appointment_at(self):
        d = self.cleaned_data
        return datetime.datetime.combine(d["new_date"], d["new_time"], tzinfo=TZ)
