"""The token and service-account forms: names, scopes, lifetime in days, roles."""

from django import forms
from django.utils.translation import gettext_lazy as _

from api.tokens.models import Scope
from api.tokens.services import MAX_DAYS, SERVICE_ROLES


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên gợi nhớ"), max_length=100,
                           help_text=_("Ví dụ: Phần mềm một cửa, bảng tính của đoàn đánh giá."))
    scopes = forms.MultipleChoiceField(label=_("Phạm vi được dùng"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)
    days = forms.IntegerField(label=_("Thời hạn (ngày)"), min_value=1, max_value=MAX_DAYS, initial=90)


class ServiceAccountForm(forms.Form):
    name = forms.CharField(label=_("Tên hệ thống kết nối"), max_length=150,
                           help_text=_("Ví dụ: Phần mềm một cửa điện tử của tỉnh."))
    roles = forms.MultipleChoiceField(
        label=_("Vai trò"), choices=[(r.value, r.label) for r in SERVICE_ROLES], widget=forms.CheckboxSelectMultiple,
        help_text=_("Hệ thống kết nối chỉ làm được những gì các vai trò này cho phép, như một cán bộ."))
