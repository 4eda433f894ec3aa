"""Forms for the register and the revision workflow: validate and convert, NFC everywhere."""

import zipfile

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core import text as vntext
from processes.documents.models import (
    CODE_SIGNED, ISO_CLAUSES, TITLE_SIGNED, ChangeRequest, Document, PeriodicReview, ReviewComment,
)
from processes.documents.permissions import round_writers
from qms.core.access import MANAGERS
from qms.core import uploads
from qms.core.forms import InRangeMultipleChoiceField, NfcInput, StoredFileInput
from qms.core.models import Department, Role, User


class NfcMixin(NfcInput):
    def clean(self):
        data = super().clean()
        for key, value in list(data.items()):
            if isinstance(value, str):
                data[key] = vntext.nfc(value).strip()
        return data


def check_upload_size(upload):
    if upload and upload.size > settings.QMS_MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(max)s MB.")
            % {"size": round(upload.size / 1048576, 1), "max": round(settings.QMS_MAX_UPLOAD_BYTES / 1048576, 1)}
        )
    return upload


class DocumentForm(NfcMixin, forms.ModelForm):
    clause_choices = forms.MultipleChoiceField(
        label=_("Điều khoản ISO"), choices=ISO_CLAUSES, required=False, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["code", "title", "doc_type", "procedure_code", "department", "owner", "clause_choices", "is_public",
                   "review_interval_months", "parent", "issuer", "external_number", "external_date", "external_file"]

    class Meta:
        model = Document
        fields = ["code", "title", "doc_type", "procedure_code", "department", "owner", "is_public", "review_interval_months",
                  "parent", "issuer", "external_number", "external_date", "external_file"]
        widgets = {"external_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.instance.agency = agency  # model.clean() compares department/parent with it
        self.fields["department"].queryset = Department.objects.filter(agency=agency)
        self.fields["owner"].queryset = User.objects.in_agency(agency).order_by("full_name")
        parents = Document.objects.filter(agency=agency, doc_type=Document.Type.PROCEDURE)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("Chỉ dùng cho biểu mẫu: quy trình mà biểu mẫu thuộc về.")
        self.initial.setdefault("clause_choices", self.instance.clause_list if self.instance.pk else [])
        if not self.instance.pk:
            # A new document starts public or internal as its type says (Document.PUBLIC_BY_DEFAULT); processes.js
            # keeps the box following the type until the coordinator ticks or unticks it themselves.
            doc_type = self.initial.get("doc_type", self.fields["doc_type"].initial or Document.Type.PROCEDURE)
            self.initial.setdefault("is_public", Document.public_by_default(doc_type))
            self.fields["doc_type"].widget.attrs["data-public-types"] = " ".join(sorted(Document.PUBLIC_BY_DEFAULT))
        self.fields["is_public"].help_text = _(
            "Quy trình giải quyết thủ tục hành chính được công khai mặc định; quy trình nội bộ, hướng dẫn, biểu mẫu "
            "thì không. Tài liệu công khai (bản đang hiệu lực) hiện trên trang công khai của cơ quan.")
        self.fields["external_file"].widget = StoredFileInput(
            attrs={"accept": ",".join(f".{e}" for e in sorted(set(uploads.EXTENSIONS.values()) | {"jpeg"}))},
            url=reverse("processes:external_file", kwargs={"pk": self.instance.pk}) if self.instance.pk else "",
            name=self.instance.external_file_name,
        )
        self.fields["external_file"].help_text = _(
            "PDF, Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument (.odt, .ods) hoặc ảnh PNG/JPEG.")
        # Signed with every issue (Revision.compute_hash): shown, not editable, once one has been submitted.
        self.signed = bool(self.instance.pk) and self.instance.was_submitted()
        if self.signed:
            self.fields["code"].disabled = self.fields["title"].disabled = True
            self.fields["code"].help_text = _("Không sửa được: mã hiệu là một phần nội dung đã trình ký của tài liệu.")
            self.fields["title"].help_text = _("Đổi tên trong dự thảo lần ban hành mới; tên mới áp dụng khi lần ban "
                                               "hành đó có hiệu lực.")

    def clean_code(self):
        if self.signed:
            return self.instance.code  # as stored (a disabled field), even an older code in lower case
        code = vntext.nfc(self.cleaned_data["code"]).strip().upper()
        clash = Document.objects.filter(agency=self.agency, code__iexact=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Mã hiệu này đã được dùng cho một tài liệu khác của cơ quan."))
        return code

    def clean_procedure_code(self):
        return vntext.nfc(self.cleaned_data.get("procedure_code") or "").strip()

    def clean_external_file(self):
        upload = self.cleaned_data.get("external_file")
        if upload and not getattr(upload, "_committed", False):  # a new file, not the one already stored
            uploads.read_checked(upload, accepted=uploads.DOCUMENT, field=None)
            upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        if self.signed:
            # A browser sends nothing for a disabled field; a value that differs was typed into a forged request.
            # Refuse it rather than quietly keep the stored one, so the sender knows nothing was saved.
            for name, stored, message, normal in [("code", self.instance.code, CODE_SIGNED, str.upper),
                                                  ("title", self.instance.title, TITLE_SIGNED, str)]:
                sent = self.data.get(name)
                if sent is not None and normal(vntext.nfc(sent).strip()) != normal(stored):
                    self.add_error(name, message)
        if data.get("doc_type") == Document.Type.EXTERNAL:
            if not data.get("issuer"):
                self.add_error("issuer", _("Tài liệu bên ngoài cần ghi cơ quan ban hành."))
        if data.get("procedure_code") and data.get("doc_type") != Document.Type.PROCEDURE:
            self.add_error("procedure_code", _("Chỉ quy trình mới có mã thủ tục hành chính."))
        if data.get("parent") and data.get("doc_type") != Document.Type.FORM:
            self.add_error("parent", _("Chỉ biểu mẫu mới thuộc về một quy trình."))
        return data

    def save(self, commit=True):
        self.instance.agency = self.agency
        self.instance.clauses = ", ".join(c for c, _label in ISO_CLAUSES if c in self.cleaned_data["clause_choices"])
        return super().save(commit=commit)


class RevisionContentForm(NfcMixin, forms.Form):
    """The draft editor's plain fields; the step/record/form tables are read from parallel lists."""

    title = forms.CharField(label=_("Tên tài liệu"), max_length=255,
                            help_text=_("Được ký cùng nội dung; áp dụng cho danh mục khi lần ban hành này có hiệu lực."))
    purpose = forms.CharField(label=_("1. Mục đích"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.CharField(label=_("2. Phạm vi áp dụng"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    references = forms.CharField(label=_("3. Tài liệu viện dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    definitions = forms.CharField(label=_("4. Định nghĩa / chữ viết tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("5.1 Cơ sở pháp lý"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    dossier = forms.CharField(label=_("5.2 Thành phần hồ sơ"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    dossier_count = forms.CharField(label=_("5.3 Số lượng hồ sơ"), required=False, max_length=100)
    processing_time_days = forms.IntegerField(label=_("5.4 Thời gian xử lý (ngày làm việc)"), required=False,
                                              min_value=0, max_value=3650)
    submit_place = forms.CharField(label=_("5.5 Nơi tiếp nhận và trả kết quả"), required=False, max_length=255)
    fee = forms.CharField(label=_("5.6 Lệ phí"), required=False, max_length=255)
    procedure_html = forms.CharField(label=_("5. Nội dung quy trình (văn bản)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 8, "class": "rte-source"}))
    change_summary = forms.CharField(label=_("Nội dung sửa đổi so với lần trước"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    change_location = forms.CharField(label=_("Trang / mục sửa đổi"), required=False, max_length=100)

    MAX_ROWS = 200

    def table(self, prefix, keys):
        lists = [self.data.getlist(f"{prefix}__{k}") for k in keys]
        length = max((len(x) for x in lists), default=0)
        if length > self.MAX_ROWS:
            raise forms.ValidationError(_("Bảng có quá nhiều dòng."))
        return [{k: (lists[i][n] if n < len(lists[i]) else "") for i, k in enumerate(keys)} for n in range(length)]


class SubmitForm(NfcMixin, forms.Form):
    change_summary = forms.CharField(label=_("Nội dung sửa đổi (Theo dõi sửa đổi tài liệu)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    change_location = forms.CharField(label=_("Trang / mục sửa đổi"), required=False, max_length=100)
    reviewers = InRangeMultipleChoiceField(label=_("Người xem xét"), queryset=User.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    approver = forms.ModelChoiceField(label=_("Người phê duyệt"), queryset=User.objects.none())

    def __init__(self, *args, revision, **kwargs):
        super().__init__(*args, **kwargs)
        # Nobody who wrote or changed this round's content may sign it (separation of duties, DOC-5).
        people = User.objects.in_agency(revision.agency).order_by("full_name").exclude(pk__in=round_writers(revision))
        self.fields["reviewers"].queryset = people.with_role(Role.REVIEWER, *MANAGERS)
        self.fields["approver"].queryset = people.with_role(Role.HEAD, Role.MGMT_REP)
        self.fields["reviewers"].label_from_instance = lambda u: f"{u.display_name} – {u.title}" if u.title else u.display_name
        self.fields["approver"].label_from_instance = self.fields["reviewers"].label_from_instance
        self.initial.setdefault("change_summary", revision.change_summary)
        self.initial.setdefault("change_location", revision.change_location)


class SignForm(forms.Form):
    password = forms.CharField(label=_("Nhập lại mật khẩu để ký"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    effective_date = forms.DateField(label=_("Ngày hiệu lực"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                     help_text=_("Từ hôm nay trở đi; để trống là hôm nay."))

    def __init__(self, *args, approving=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not approving:
            del self.fields["effective_date"]


class RejectForm(NfcMixin, forms.Form):
    section = forms.ChoiceField(label=_("Mục"), choices=ReviewComment.Section.choices)
    comment = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(NfcMixin, forms.Form):
    section = forms.ChoiceField(label=_("Mục"), choices=ReviewComment.Section.choices)
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Nhập nội dung ý kiến.")})


class ResolveForm(NfcMixin, forms.Form):
    resolution = forms.CharField(label=_("Đã giải quyết thế nào"), widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": _("Cần ghi rõ ý kiến đã được giải quyết thế nào.")})


class ChangeRequestForm(NfcMixin, forms.ModelForm):
    class Meta:
        model = ChangeRequest
        fields = ["reason", "proposal"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4}), "proposal": forms.Textarea(attrs={"rows": 4})}


class DecideForm(NfcMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Quyết định"), choices=[("accept", _("Chấp nhận, mở dự thảo sửa đổi")),
                                                                   ("decline", _("Từ chối"))],
                                 widget=forms.RadioSelect)
    decision_reason = forms.CharField(label=_("Lý do (bắt buộc khi từ chối)"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))


class PeriodicReviewForm(NfcMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Kết luận"), choices=PeriodicReview.Outcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Nhận xét (bắt buộc khi hủy bỏ)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))


class DistributionForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Phòng / bộ phận"), queryset=Department.objects.none(), required=False)
    user = forms.ModelChoiceField(label=_("hoặc cá nhân"), queryset=User.objects.none(), required=False)
    copies = forms.IntegerField(label=_("Số lượng bản"), min_value=1, max_value=99, initial=1)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(agency=agency)
        self.fields["user"].queryset = User.objects.in_agency(agency).order_by("full_name")

    def clean(self):
        data = super().clean()
        if bool(data.get("department")) == bool(data.get("user")):
            raise forms.ValidationError(_("Chọn một phòng hoặc một cá nhân."))
        return data


DOCX_MAGIC = b"PK\x03\x04"
# What a Word file may unpack to: its XML (the text, read whole by the converter) and all its parts. A few
# kilobytes of zip can inflate to gigabytes (a "zip bomb"); a 20-page procedure's XML is well under 1 MB.
DOCX_MAX_XML_BYTES = 10 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Word (.docx)"))

    def clean_file(self):
        upload = check_upload_size(self.cleaned_data["file"])
        head = upload.read(4)
        upload.seek(0)
        bad = _("Tệp này không phải tài liệu Word .docx hợp lệ. Hãy lưu lại dưới dạng .docx (Word 2007 trở lên) rồi tải lên.")
        if not upload.name.lower().endswith(".docx") or head != DOCX_MAGIC:
            raise forms.ValidationError(bad)
        try:
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" not in archive.namelist():
                    raise forms.ValidationError(bad)
                parts = archive.infolist()
                text = sum(p.file_size for p in parts if not p.filename.lower().endswith(IMAGE_SUFFIXES))
                if text > DOCX_MAX_XML_BYTES or sum(p.file_size for p in parts) > 2 * settings.QMS_MAX_UPLOAD_BYTES:
                    raise forms.ValidationError(_("Tệp Word này giải nén ra quá lớn so với một tài liệu thông thường "
                                                  "(có thể là tệp hỏng hoặc độc hại). Hãy mở và lưu lại tệp "
                                                  "trong Word rồi tải lên."))
        except zipfile.BadZipFile:
            raise forms.ValidationError(bad) from None
        upload.seek(0)
        return upload
