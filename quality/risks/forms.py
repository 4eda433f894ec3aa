"""Forms of the register of risks and opportunities: they validate and convert; quality.risks.services saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import NfcInput
from qms.core.models import User
from quality.risks.models import SCALE, Risk

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE_ERRORS = {"invalid": _("Hãy nhập một ngày (ngày/tháng/năm).")}
SCALE_ERRORS = {"required": _("Hãy chọn mức từ 1 đến 5."), "invalid_choice": _("Hãy chọn mức từ 1 đến 5.")}


class RiskForm(NfcInput, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Risk.Kind.choices,
                             error_messages={"required": _("Hãy chọn rủi ro hay cơ hội."),
                                             "invalid_choice": _("Hãy chọn rủi ro hay cơ hội.")})
    description = forms.CharField(label=_("Mô tả rủi ro, cơ hội"), widget=TEXTAREA, max_length=4000,
                                  error_messages={"required": _("Hãy mô tả rủi ro, cơ hội.")})
    process = forms.CharField(label=_("Quá trình liên quan"), max_length=255, required=False)
    likelihood = forms.TypedChoiceField(label=_("Khả năng xảy ra (1–5)"), choices=SCALE, coerce=int,
                                        error_messages=SCALE_ERRORS)
    impact = forms.TypedChoiceField(label=_("Mức độ ảnh hưởng (1–5)"), choices=SCALE, coerce=int,
                                    error_messages=SCALE_ERRORS)
    next_review_on = forms.DateField(label=_("Ngày xem xét lại"), widget=DATE_WIDGET,
                                     error_messages={**DATE_ERRORS, "required": _("Hãy nhập ngày xem xét lại.")})


class ReviewForm(NfcInput, forms.Form):
    likelihood = forms.TypedChoiceField(label=_("Khả năng xảy ra (1–5)"), choices=SCALE, coerce=int,
                                        error_messages=SCALE_ERRORS)
    impact = forms.TypedChoiceField(label=_("Mức độ ảnh hưởng (1–5)"), choices=SCALE, coerce=int,
                                    error_messages=SCALE_ERRORS)
    next_review_on = forms.DateField(label=_("Ngày xem xét lại tiếp theo"), widget=DATE_WIDGET,
                                     error_messages={**DATE_ERRORS, "required": _("Hãy nhập ngày xem xét lại.")})
    reason = forms.CharField(label=_("Kết quả xem xét"), max_length=255,
                             error_messages={"required": _("Hãy ghi kết quả xem xét.")})


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.display_name


class ActionForm(NfcInput, forms.Form):
    description = forms.CharField(label=_("Hành động"), widget=TEXTAREA, max_length=4000,
                                  error_messages={"required": _("Hãy mô tả hành động.")})
    owner = OwnerField(label=_("Người thực hiện"), queryset=User.objects.none(),
                       error_messages={"required": _("Người thực hiện phải là thành viên của cơ quan."),
                                       "invalid_choice": _("Người thực hiện phải là thành viên của cơ quan.")})
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE_WIDGET,
                               error_messages={**DATE_ERRORS, "required": _("Hãy nhập hạn hoàn thành.")})

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.in_agency(agency).order_by("full_name", "username")


class EvaluateForm(NfcInput, forms.Form):
    effective = forms.TypedChoiceField(label=_("Hiệu lực"), coerce=lambda v: v == "yes",
                                       choices=[("yes", _("Có hiệu lực")), ("no", _("Không có hiệu lực"))],
                                       widget=forms.RadioSelect,
                                       error_messages={"required": _("Hãy chọn có hiệu lực hay không."),
                                                       "invalid_choice": _("Hãy chọn có hiệu lực hay không.")})
    note = forms.CharField(label=_("Căn cứ đánh giá"), widget=TEXTAREA, max_length=4000,
                           error_messages={"required": _("Hãy ghi căn cứ đánh giá hiệu lực.")})
