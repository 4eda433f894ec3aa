"""Forms of the one-stop desk and of the file page. They validate and normalise; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.files.models import ApplicantKind, Channel, Rating, ReturnMethod
from cases.files.services import dossier_papers, effective_procedures
from qms.core.models import User


def procedure_label(revision):
    code = revision.document.procedure_code
    return f"{code} – {revision.document.title}" if code else revision.document.title


class ProcedureChoiceForm(forms.Form):
    """Step 1 of the desk: which procedure (only the effective ones, by their public code)."""

    revision = forms.ModelChoiceField(label=_("Thủ tục hành chính"), queryset=None,
                                      empty_label=_("— Chọn thủ tục —"),
                                      error_messages={"invalid_choice": _("Chỉ tiếp nhận hồ sơ theo quy trình đang "
                                                                          "hiệu lực của cơ quan.")})

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].queryset = effective_procedures(agency).defer(
            "procedure_html", "purpose", "scope", "references", "definitions", "search_folded")
        self.fields["revision"].label_from_instance = procedure_label


class ReceiveForm(ProcedureChoiceForm):
    """Step 2: the applicant, the papers ticked from the revision's list, and what the desk decides."""

    DECISIONS = [("receive", _("Tiếp nhận")), ("supplement", _("Yêu cầu bổ sung")), ("refuse", _("Từ chối"))]

    applicant_kind = forms.ChoiceField(label=_("Người nộp là"), choices=ApplicantKind.choices,
                                       initial=ApplicantKind.PERSON, widget=forms.RadioSelect)
    applicant_name = forms.CharField(label=_("Họ tên người nộp / tên tổ chức"), max_length=255)
    applicant_id_number = forms.CharField(label=_("Số CCCD / mã số doanh nghiệp"), max_length=40, required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    applicant_phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    papers = forms.MultipleChoiceField(label=_("Thành phần hồ sơ đã nhận"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    sets = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=99, initial=1)
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=Channel.choices, initial=Channel.DESK)
    decision = forms.ChoiceField(choices=DECISIONS, initial="receive", widget=forms.HiddenInput)
    supplement_text = forms.CharField(label=_("Giấy tờ cần bổ sung, hoàn thiện và lý do"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    refusal_reasons = forms.CharField(label=_("Lý do từ chối"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    refusal_legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, revision=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].widget = forms.HiddenInput()
        listed = dossier_papers(revision) if revision is not None else []
        self.fields["papers"].choices = [(p, p) for p in listed]
        self.fields["papers"].error_messages["invalid_choice"] = _(
            "Thành phần hồ sơ không có trong quy trình: %(value)s.")

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "supplement" and not data.get("supplement_text", "").strip():
            self.add_error("supplement_text", _("Cần ghi rõ giấy tờ cần bổ sung, hoàn thiện và lý do."))
        if decision == "refuse":
            if not data.get("refusal_reasons", "").strip():
                self.add_error("refusal_reasons", _("Cần ghi lý do từ chối."))
            if not data.get("refusal_legal_basis", "").strip():
                self.add_error("refusal_legal_basis", _("Cần ghi căn cứ pháp lý của việc từ chối."))
        return data


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Kết quả xử lý, ghi chú"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    to_user = forms.ModelChoiceField(label=_("Chuyển cho (để trống: cả phòng xử lý bước sau)"), queryset=None,
                                     required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = User.objects.in_agency(agency).order_by("full_name")


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class SupplementForm(forms.Form):
    text = forms.CharField(label=_("Giấy tờ cần bổ sung, hoàn thiện và lý do"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class PapersForm(forms.Form):
    papers = forms.MultipleChoiceField(label=_("Thành phần hồ sơ đã có"), required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers"].choices = [(p["name"], p["name"]) for p in case.papers]
        self.fields["papers"].error_messages["invalid_choice"] = _(
            "Thành phần hồ sơ không có trong quy trình: %(value)s.")


class RefuseForm(forms.Form):
    reasons = forms.CharField(label=_("Lý do từ chối"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(forms.Form):
    result_text = forms.CharField(label=_("Kết quả giải quyết"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    method = forms.ChoiceField(label=_("Hình thức trả kết quả"), choices=ReturnMethod.choices)


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("Đánh giá của người dân"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Ý kiến"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
