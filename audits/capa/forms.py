"""Forms for the nonconformity steps: they validate and convert; services decide and save."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audits.capa.models import Action, EffectivenessCheck, Nonconformity
from audits.capa.services import MAX_WHYS, clean_text, eligible_verifiers
from processes.documents.models import Document
from qms.core import editions
from qms.core.forms import NfcInput
from qms.core.models import Department, User
from qms.core.widgets import DescribedRadioSelect

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class TextCleaning(NfcInput):
    """NFC-normalise every text field (before validation too, so lengths count what is stored); remove NUL bytes."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean_text(value)
        return data


def _people(agency):
    return User.objects.in_agency(agency).select_related("department").order_by("full_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        parts = [user.display_name]
        if user.department_id:
            parts.append(user.department.name)
        return " – ".join(parts)


class NcForm(TextCleaning, forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=Nonconformity.Kind.choices, initial=Nonconformity.Kind.NONCONFORMITY)
    source = forms.ChoiceField(label=_("Nguồn phát hiện"), choices=Nonconformity.Source.choices)
    source_ref = forms.CharField(label=_("Tham chiếu nguồn"), max_length=200, required=False,
                                 help_text=_("Ví dụ: số cuộc đánh giá, mã phản ánh."))
    department = forms.ModelChoiceField(label=_("Phòng / bộ phận liên quan"), queryset=Department.objects.none(), required=False)
    document = forms.ModelChoiceField(label=_("Tài liệu liên quan (trong danh mục)"), queryset=None, required=False)
    process_ref = forms.CharField(label=_("Quá trình / tài liệu liên quan (ghi chú)"), max_length=255, required=False,
                                  help_text=_("Khi quá trình không có tài liệu riêng trong danh mục. Ví dụ: tiếp nhận hồ sơ tại bộ phận một cửa."))
    clause = forms.CharField(label=_("Điều khoản ISO 9001"), max_length=20, required=False,
                             help_text=_("Ví dụ: 4.2.3, 8.2.2, 7.5.1."))
    severity = forms.ChoiceField(
        label=_("Mức độ"), choices=Nonconformity.Severity.choices,
        widget=DescribedRadioSelect(Nonconformity.SEVERITY_HELP), error_messages={"required": Nonconformity.SEVERITY_MISSING},
    )
    description = forms.CharField(label=_("Mô tả sự không phù hợp"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    detected_on = forms.DateField(label=_("Ngày phát hiện"), widget=DATE_WIDGET)
    responsible = PersonChoiceField(label=_("Người chịu trách nhiệm xử lý"), queryset=User.objects.none(), required=False,
                                    help_text=_("Để trống: trưởng phòng của bộ phận liên quan."))

    field_order = [
        "kind", "source", "description", "department", "document", "process_ref", "clause", "severity",
        "detected_on", "responsible", "source_ref",
    ]

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency=agency).order_by("name")
        self.fields["document"].queryset = Document.objects.for_agency(agency).filter(withdrawn_at__isnull=True).order_by("code")
        self.fields["responsible"].queryset = _people(agency)
        self.fields["detected_on"].initial = timezone.localdate()

    def clean_detected_on(self):
        value = self.cleaned_data["detected_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Ngày phát hiện không thể ở tương lai."))
        return value


class NcEditForm(NcForm):
    """The description of an NC still at its first step."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "source", "detected_on"):
            del self.fields[name]


class CorrectionForm(TextCleaning, forms.Form):
    correction = forms.CharField(label=_("Biện pháp khắc phục tức thời đã thực hiện"), widget=TEXTAREA, max_length=10000)
    disposition = forms.ChoiceField(choices=Nonconformity.Disposition.choices, required=False)  # label: __init__
    concession_by = forms.CharField(label=_("Người có thẩm quyền cho phép nhân nhượng"), max_length=200, required=False,
                                    help_text=_("Bắt buộc khi chọn nhân nhượng."))
    reverification = forms.CharField(label=_("Kết quả kiểm tra lại sau khắc phục"), widget=TEXTAREA, required=False,
                                     max_length=5000)
    correction_on = forms.DateField(label=_("Ngày khắc phục"), widget=DATE_WIDGET)

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction_on"].initial = timezone.localdate()
        # The clause as the NC's edition numbers it (qms.core.editions.cite: 8.3 in 2008, 8.7 in 2015).
        clause = editions.cite("8.3", edition)
        self.fields["disposition"].label = gettext("Xử lý đầu ra không phù hợp (%(clause)s)") % {"clause": clause}
        self.fields["reverification"].help_text = gettext(
            "Bắt buộc khi đầu ra đã được xử lý (%(clause)s: kiểm tra lại).") % {"clause": clause}


class CauseForm(TextCleaning, forms.Form):
    cause_category = forms.ChoiceField(label=_("Nhóm nguyên nhân"), choices=[("", "———")] + Nonconformity.CauseCategory.choices)
    conclusion = forms.CharField(label=_("Kết luận nguyên nhân gốc"), widget=TEXTAREA, max_length=5000)
    action_needed = forms.TypedChoiceField(  # label: __init__, with the clause of the NC's edition
        choices=[("yes", _("Có, cần hành động khắc phục / phòng ngừa")), ("no", _("Không cần (nêu lý do)"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )
    no_action_reason = forms.CharField(label=_("Lý do không cần hành động"), widget=TEXTAREA, required=False, max_length=5000)

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_needed"].label = gettext(
            "Có cần hành động để sự không phù hợp không tái diễn? (%(clause)s)") % {
            "clause": editions.cite("8.5.2.c", edition)}
        whys = {}
        for i in range(1, MAX_WHYS + 1):
            whys[f"why_{i}"] = forms.CharField(
                label=_("Vì sao? (lần %(n)d)") % {"n": i},
                required=(i == 1),
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The whys come first, in order.
        self.fields = {**whys, **self.fields}

    def whys(self):
        return [self.cleaned_data.get(f"why_{i}", "") for i in range(1, MAX_WHYS + 1)]

    def visible_whys(self):
        return [self[f"why_{i}"] for i in range(1, 6)]

    def more_whys(self):
        return [self[f"why_{i}"] for i in range(6, MAX_WHYS + 1)]

    def other_fields(self):
        return [self[name] for name in ("cause_category", "conclusion", "action_needed", "no_action_reason")]


class ActionForm(TextCleaning, forms.Form):
    kind = forms.ChoiceField(label=_("Loại hành động"), choices=Action.Kind.choices)
    description = forms.CharField(label=_("Nội dung hành động"), widget=TEXTAREA, max_length=5000)
    owner = PersonChoiceField(label=_("Người thực hiện"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE_WIDGET)

    def __init__(self, *args, agency, nc=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(agency)
        if nc is not None and nc.kind == Nonconformity.Kind.POTENTIAL:
            self.fields["kind"].initial = Action.Kind.PREVENTIVE


class ActionChangeForm(TextCleaning, forms.Form):
    owner = PersonChoiceField(label=_("Người thực hiện"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Hạn hoàn thành"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Lý do thay đổi"), widget=TEXTAREA, max_length=5000,
                             help_text=_("Ví dụ: gia hạn vì chờ văn bản hướng dẫn của Sở."))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(agency)


class ActionCompleteForm(TextCleaning, forms.Form):
    result = forms.CharField(label=_("Kết quả thực hiện"), widget=TEXTAREA, max_length=5000)
    completed_on = forms.DateField(label=_("Ngày hoàn thành"), widget=DATE_WIDGET)
    no_evidence_reason = forms.CharField(
        label=_("Lý do không có bằng chứng"), widget=TEXTAREA, max_length=5000, required=False,
        help_text=_("Hành động chưa có tệp bằng chứng. Tải tệp lên ở mục «Bằng chứng thực hiện», hoặc ghi vì sao "
                    "không có (ví dụ: biên bản giấy lưu tại Văn phòng). Người kiểm tra hiệu lực sẽ đọc lý do này."),
    )

    def __init__(self, *args, has_evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
        if has_evidence:
            # Files prove it: no reason to ask for (the service ignores one anyway).
            del self.fields["no_evidence_reason"]


class ReasonForm(TextCleaning, forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=TEXTAREA, max_length=5000)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp bằng chứng"),
        # Lazy as a whole: "%" on a lazy text would translate it once, at import, in Vietnamese.
        help_text=lazy(lambda: gettext("PDF, ảnh JPEG/PNG, Word (.docx) hoặc Excel (.xlsx); tối đa %(mb)s MB.")
                       % {"mb": settings.QMS_MAX_UPLOAD_BYTES // (1024 * 1024) or 1}, str)(),
    )


class ScheduleCheckForm(forms.Form):
    verifier = PersonChoiceField(label=_("Người kiểm tra hiệu lực"), queryset=User.objects.none(),
                                 help_text=_("Danh sách chỉ gồm người không thực hiện hành động nào của phiếu này."))
    scheduled_on = forms.DateField(label=_("Ngày kiểm tra"), widget=DATE_WIDGET)

    def __init__(self, *args, nc, **kwargs):
        super().__init__(*args, **kwargs)
        # The same rule as the service's check: only people it would accept are offered.
        self.fields["verifier"].queryset = eligible_verifiers(nc)


class VerifyForm(TextCleaning, forms.Form):
    result = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (EffectivenessCheck.Result.EFFECTIVE, _("Có hiệu lực – đóng phiếu")),
            (EffectivenessCheck.Result.NOT_EFFECTIVE, _("Không có hiệu lực – cần hành động mới")),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Nhận xét, bằng chứng đã xem xét"), widget=TEXTAREA, max_length=5000)
