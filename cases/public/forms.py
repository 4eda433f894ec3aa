from django import forms
from django.utils.translation import gettext_lazy as _

from cases.files.models import Rating


class LookupForm(forms.Form):
    ma = forms.CharField(label=_("Mã hồ sơ"), max_length=64,
                         help_text=_("Ghi trên giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
                         error_messages={"required": _("Nhập mã hồ sơ ghi trên giấy hẹn.")})


class PublicRateForm(forms.Form):
    rating = forms.ChoiceField(label=_("Ông/bà đánh giá thế nào về việc giải quyết hồ sơ?"), choices=Rating.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Chọn mức đánh giá: hài lòng, chấp nhận được hoặc "
                                                             "không hài lòng.")})
    comment = forms.CharField(label=_("Ý kiến (không bắt buộc)"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
