"""Forms of quality objectives: validate and convert; the services save (and re-check) what they get."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audits.capa.forms import PersonChoiceField, TextCleaning
from audits.capa.models import Nonconformity
from qms.core.models import Department, User
from quality.objectives.models import Objective
from quality.objectives.plan import MISSING
from quality.objectives.services import parse_number

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ObjectiveForm(TextCleaning, forms.ModelForm):
    # Typed as text so that "95,5" is read the Vietnamese way, whatever the browser's number input does.
    target = forms.CharField(label=_("Chỉ tiêu"), max_length=20,
                             help_text=_("Một số, ví dụ 95 hoặc 95,5."))
    reason = forms.CharField(label=_("Lý do thay đổi"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Objective
        fields = ["year", "code", "title", "department", "indicator", "unit", "target", "direction", "frequency",
                  "method", "answer_days"]
        widgets = {"direction": forms.RadioSelect}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency=agency).order_by("name")
        if self.instance.pk:
            self.fields["target"].initial = str(self.instance.target).replace(".", ",")
        else:
            del self.fields["reason"]

    def clean_target(self):
        try:
            return parse_number(self.cleaned_data["target"])
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from None


class PlanForm(TextCleaning, forms.Form):
    """The plan of 6.2.2 beside the objective's own fields (one page, one save: quality.objectives.services)."""

    plan_actions = forms.CharField(label=_("Việc sẽ làm"), widget=TEXTAREA, max_length=4000,
                                   help_text=_("Các hoạt động để đạt mục tiêu."))
    plan_resources = forms.CharField(label=_("Nguồn lực cần có"), widget=TEXTAREA, max_length=4000,
                                     help_text=_("Con người, kinh phí, trang thiết bị, phần mềm…"))
    plan_owner = PersonChoiceField(label=_("Người chịu trách nhiệm"), queryset=User.objects.none(),
                                   help_text=_("Cán bộ của cơ quan; cùng với phòng chủ trì ở trên."))
    plan_due = forms.DateField(label=_("Thời hạn hoàn thành"),
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    plan_evaluation = forms.CharField(label=_("Cách đánh giá kết quả"), widget=TEXTAREA, max_length=4000,
                                      help_text=_("Đo bằng chỉ số nào, ai đánh giá, khi nào."))

    def __init__(self, *args, agency, required, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required
        self.fields["plan_owner"].queryset = (User.objects.in_agency(agency).select_related("department")
                                              .order_by("full_name", "username"))
        self.fields["plan_owner"].error_messages["invalid_choice"] = _(
            "Người chịu trách nhiệm phải là cán bộ của cơ quan.")
        self.fields["plan_due"].error_messages["invalid"] = _(
            "Thời hạn hoàn thành phải là một ngày có thật (ngày/tháng/năm).")
        for name, field in self.fields.items():
            # On 2015 the five answers are expected (marked *); the service says which one is missing either way.
            field.required = required and name != "plan_owner"
            if name in MISSING:
                field.error_messages["required"] = MISSING[name]()


class MeasurementForm(TextCleaning, forms.Form):
    period_start = forms.TypedChoiceField(label=_("Kỳ đo"), coerce=str)
    value = forms.CharField(label=_("Giá trị"), max_length=20, help_text=_("Một số, ví dụ 95,5."))
    note = forms.CharField(label=_("Nguồn số liệu hoặc lý do"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Cần ghi nguồn số liệu hoặc lý do.")})

    def __init__(self, *args, objective, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = objective.periods()
        self.fields["period_start"].choices = [
            (start.isoformat(), f"{start:%d/%m/%Y} – {end:%d/%m/%Y}") for start, end in self.periods
        ]
        self.fields["value"].error_messages["required"] = _("Cần nhập giá trị.")

    def clean_period_start(self):
        raw = self.cleaned_data["period_start"]
        for start, _end in self.periods:
            if start.isoformat() == raw:
                return start
        raise ValidationError(_("Kỳ đo không hợp lệ."))

    def clean_value(self):
        try:
            return parse_number(self.cleaned_data["value"])
        except ValidationError as error:
            raise ValidationError(error.messages[0]) from None


class ComputeForm(MeasurementForm):
    """Only the period: the value comes from the records."""

    def __init__(self, *args, objective, **kwargs):
        super().__init__(*args, objective=objective, **kwargs)
        del self.fields["value"]
        del self.fields["note"]


class OpenNcForm(forms.Form):
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Nonconformity.Severity.choices,
                                 error_messages={"required": Nonconformity.SEVERITY_MISSING})
