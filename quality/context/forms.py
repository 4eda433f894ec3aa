"""Forms of the agency's context: they validate and convert; quality.context.services decides and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import NfcInput
from quality.context.models import ContextIssue

TEXTAREA = forms.Textarea(attrs={"rows": 3})
REASON_HELP = _("Khi sửa một mục đã ghi: nêu lý do (được lưu trong lịch sử).")


class IssueForm(NfcInput, forms.Form):
    # Both forms share a page: their own id prefixes keep the ids unique ("Còn theo dõi", "Lý do thay đổi").
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "issue_%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(label=_("Loại vấn đề"), choices=ContextIssue.Kind.choices,
                             error_messages={"required": _("Hãy chọn vấn đề nội bộ hay bên ngoài."),
                                             "invalid_choice": _("Hãy chọn vấn đề nội bộ hay bên ngoài.")})
    description = forms.CharField(label=_("Vấn đề"), widget=TEXTAREA, max_length=4000,
                                  error_messages={"required": _("Hãy mô tả vấn đề.")})
    effect = forms.CharField(label=_("Ảnh hưởng đến hệ thống quản lý chất lượng"), widget=TEXTAREA, max_length=4000,
                             required=False)
    is_active = forms.BooleanField(label=_("Còn theo dõi"), required=False, initial=True)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=255, required=False, help_text=REASON_HELP)


class PartyForm(NfcInput, forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "party_%s")
        super().__init__(*args, **kwargs)

    name = forms.CharField(label=_("Bên quan tâm"), max_length=255,
                           error_messages={"required": _("Hãy ghi tên bên quan tâm.")})
    requirements = forms.CharField(label=_("Nhu cầu, yêu cầu liên quan"), widget=TEXTAREA, max_length=4000,
                                   error_messages={"required": _("Hãy ghi nhu cầu, yêu cầu của bên quan tâm.")})
    monitoring = forms.CharField(label=_("Cách theo dõi, xem xét"), widget=TEXTAREA, max_length=4000, required=False)
    is_active = forms.BooleanField(label=_("Còn theo dõi"), required=False, initial=True)
    reason = forms.CharField(label=_("Lý do thay đổi"), max_length=255, required=False, help_text=REASON_HELP)
