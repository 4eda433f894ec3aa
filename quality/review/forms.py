"""Forms of the management review: they validate and convert; quality.review.services decides and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from qms.core.forms import InRangeMultipleChoiceField, NfcInput
from qms.core.models import User
from quality.review.models import Decision, Section
from quality.review.services import _period_order_message, clean_text

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class TextCleaning(NfcInput):
    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean_text(value)
        return data


def people(agency):
    return User.objects.in_agency(agency).select_related("department").order_by("full_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return " – ".join(filter(None, [user.display_name, user.department.name if user.department_id else ""]))


class PeopleField(InRangeMultipleChoiceField):
    def label_from_instance(self, user):
        return " – ".join(filter(None, [user.display_name, user.department.name if user.department_id else ""]))


class ReviewForm(TextCleaning, forms.Form):
    held_on = forms.DateField(label=_("Ngày họp"), widget=DATE_WIDGET)
    period_start = forms.DateField(label=_("Kỳ xem xét từ ngày"), widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Kỳ xem xét đến ngày"), widget=DATE_WIDGET,
                                 help_text=_("Cả hai ngày đều được tính (giờ Việt Nam)."))
    chair = PersonChoiceField(label=_("Chủ trì"), queryset=User.objects.none(),
                              error_messages={"required": _("Cần chọn người chủ trì cuộc họp.")})
    participants = PeopleField(label=_("Thành phần tham dự (cán bộ của cơ quan)"), queryset=User.objects.none(),
                               required=False, widget=forms.CheckboxSelectMultiple)
    guests = forms.CharField(label=_("Khách mời"), widget=TEXTAREA, max_length=5000, required=False,
                             help_text=_("Mỗi người một dòng: họ tên, chức vụ, đơn vị."))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = people(agency)
        self.fields["participants"].queryset = people(agency)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _period_order_message())
        return data


class NoteForm(TextCleaning, forms.Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Nhận xét"), widget=TEXTAREA, max_length=10000, required=False)


class DecisionForm(TextCleaning, forms.Form):
    kind = forms.ChoiceField(label=_("Loại quyết định"), choices=Decision.Kind.choices)
    description = forms.CharField(label=_("Nội dung quyết định"), widget=TEXTAREA, max_length=5000,
                                  error_messages={"required": _("Cần ghi nội dung quyết định.")})
    owner = PersonChoiceField(
        label=_("Người thực hiện"), queryset=User.objects.none(),
        error_messages={"required": _("Quyết định cần có người thực hiện: chọn một cán bộ của cơ quan.")})
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE_WIDGET,
                               error_messages={"required": _("Cần ghi hạn hoàn thành.")})

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people(agency)


class CompleteForm(TextCleaning, forms.Form):
    note = forms.CharField(label=_("Kết quả thực hiện"), widget=TEXTAREA, max_length=5000,
                           error_messages={"required": _("Cần ghi kết quả thực hiện.")})
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DATE_WIDGET)


class ApproveForm(forms.Form):
    password = forms.CharField(label=_("Mật khẩu của anh/chị"), widget=forms.PasswordInput(render_value=False),
                               strip=False, max_length=200,
                               error_messages={"required": _("Nhập mật khẩu để ký phê duyệt biên bản.")})
