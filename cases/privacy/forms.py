from django import forms
from django.utils.translation import gettext_lazy as _

from cases.files.models import Case
from cases.privacy.services import MAX_RETENTION_MONTHS
from qms.core.models import User


class SettingsForm(forms.Form):
    retention_months = forms.IntegerField(
        label=_("Thời hạn lưu thông tin cá nhân của người nộp (tháng)"), min_value=1, max_value=MAX_RETENTION_MONTHS,
        help_text=_("Tính từ khi hồ sơ được trả kết quả, bị từ chối hoặc rút; sau đó họ tên chỉ còn chữ cái đầu, số "
                    "giấy tờ, địa chỉ, điện thoại, thư điện tử bị xóa; số liệu thống kê được giữ."))
    auto_open_late_nc = forms.BooleanField(
        label=_("Tự động mở sự không phù hợp cho mỗi hồ sơ trễ hạn"), required=False,
        help_text=_("Nếu không chọn, hồ sơ trễ hạn được đề xuất để thư ký ISO mở sự không phù hợp từ danh sách hồ "
                    "sơ trễ hạn."))


class AccessFilterForm(forms.Form):
    ma = forms.CharField(label=_("Mã hồ sơ"), max_length=64, required=False)
    user = forms.ModelChoiceField(label=_("Người xem"), queryset=User.objects.none(), required=False,
                                  empty_label=_("Mọi người"))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(agency=agency).order_by("full_name", "username")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        code, user = self.cleaned_data["ma"].strip(), self.cleaned_data["user"]
        if code:
            queryset = queryset.filter(case__in=Case.objects.filter(code__iexact=code).values("pk"))
        if user:
            queryset = queryset.filter(user=user)
        return queryset
