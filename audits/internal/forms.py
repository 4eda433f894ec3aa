"""Forms and filters of the internal-audit pages. Choices are always scoped to the user's agency."""

import unicodedata

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audits.internal.models import Audit, AuditProgramme, ChecklistItem, ChecklistTemplate, Finding
from audits.internal.services import auditor_choices
from processes.documents.models import Document
from qms.core import search
from qms.core.forms import InRangeMultipleChoiceField, NfcInput
from qms.core.models import Department, User
from qms.core.widgets import DescribedRadioSelect, FastSelect

# Each label lazy as a whole: "%" on a lazy text would translate it once, at import, in Vietnamese.
MONTHS = [(m, lazy(lambda m=m: gettext("Tháng %(m)s") % {"m": m}, str)()) for m in range(1, 13)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class NfcMixin(NfcInput):
    def clean(self):
        data = super().clean()
        for key, value in list(data.items()):
            data[key] = _nfc(value)
        return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} – {obj.department}" if obj.department_id else obj.display_name


class PeopleChoiceField(InRangeMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} – {obj.department}" if obj.department_id else obj.display_name


class ProgrammeForm(NfcMixin, forms.ModelForm):
    # The table takes years 2000–2100 only (audit_programme_year_sane); without these bounds a year outside
    # them was refused with the constraint's internal name, in English.
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    class Meta:
        model = AuditProgramme
        fields = ["year", "title", "objectives"]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 4})}


class AuditPlanForm(NfcMixin, forms.Form):
    """Plan of an audit: what, when, scope and criteria. On creation also who (``with_team``).

    Several choices are checkbox lists (a ``<select multiple>`` needs Ctrl-click and drops every choice on a plain
    click); app.js adds a filter box above the long ones (partials/form_fields.html gives it its texts).
    """

    title = forms.CharField(label=_("Tên cuộc đánh giá"), max_length=255)
    audit_type = forms.ChoiceField(label=_("Loại đánh giá"), choices=Audit.Type.choices)
    planned_month = forms.TypedChoiceField(label=_("Tháng dự kiến"), choices=MONTHS, coerce=int)
    start_date = forms.DateField(label=_("Ngày bắt đầu"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Ngày kết thúc"), required=False, widget=DateInput())
    objectives = forms.CharField(label=_("Mục tiêu đánh giá"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    departments = InRangeMultipleChoiceField(
        label=_("Phạm vi: phòng / bộ phận"), queryset=Department.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = InRangeMultipleChoiceField(
        label=_("Phạm vi: quá trình / tài liệu"), queryset=Document.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria_clauses = forms.CharField(
        label=_("Chuẩn mực: điều khoản ISO"), max_length=255, required=False, help_text=_("Ví dụ: 4.2.3, 4.2.4, 7.5")
    )
    criteria_documents = InRangeMultipleChoiceField(
        label=_("Chuẩn mực: tài liệu của cơ quan"), queryset=Document.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    auditees = PeopleChoiceField(
        label=_("Bên được đánh giá"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agency, with_team=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(agency=agency).order_by("name")
        docs = Document.objects.filter(agency=agency, withdrawn_at__isnull=True).order_by("code")
        self.fields["documents"].queryset = docs.filter(doc_type__in=["procedure", "manual", "instruction"])
        self.fields["criteria_documents"].queryset = docs
        self.fields["auditees"].queryset = User.objects.in_agency(agency).select_related("department").order_by("full_name")
        if with_team:
            self.fields["lead_auditor"] = PersonChoiceField(
                label=_("Trưởng đoàn đánh giá"), queryset=auditor_choices(agency), required=False
            )
            self.fields["team"] = PeopleChoiceField(
                label=_("Thành viên đoàn đánh giá"), queryset=auditor_choices(agency), required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class AssignForm(forms.Form):
    lead_auditor = PersonChoiceField(label=_("Trưởng đoàn đánh giá"), queryset=User.objects.none(), required=False)
    team = PeopleChoiceField(
        label=_("Thành viên đoàn đánh giá"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_auditor"].queryset = auditor_choices(agency)
        self.fields["team"].queryset = auditor_choices(agency)


class ChecklistAnswerForm(NfcMixin, forms.Form):
    """One question of the checklist page (prefix ``i<pk>``), which sends every question in one form.

    Each field also sends the value the page was drawn with (``show_hidden_initial``): "save all" writes only
    the questions the person changed (``has_changed``), and ``seen()`` lets the service refuse to write over
    what a colleague saved in the meantime.
    """

    clause = forms.CharField(label=_("Điều khoản"), max_length=20, required=False, show_hidden_initial=True)
    question = forms.CharField(label=_("Câu hỏi"), widget=forms.Textarea(attrs={"rows": 2}), show_hidden_initial=True)
    answer = forms.ChoiceField(
        label=_("Kết quả"), choices=ChecklistItem.Answer.choices, required=False, widget=forms.RadioSelect,
        show_hidden_initial=True,
    )
    evidence = forms.CharField(
        label=_("Bằng chứng, ghi chép"), required=False, widget=forms.Textarea(attrs={"rows": 3}), show_hidden_initial=True
    )

    @classmethod
    def for_item(cls, item, data=None):
        return cls(data, prefix=f"i{item.pk}", initial={name: getattr(item, name) for name in cls.base_fields})

    def was_sent(self):
        """Did the post carry this question at all (a page drawn before it was added does not)?"""
        return self.is_bound and self.add_prefix("question") in self.data

    def seen(self):
        """The values the person's page showed (field → text), or None when the post does not carry them."""
        if not self.is_bound or self.add_initial_prefix("question") not in self.data:
            return None
        return {name: self.data.get(self.add_initial_prefix(name), "") for name in self.fields}

    def see(self, item):
        """Take the question as now saved as what the page shows, keeping what was typed (after a refusal because
        someone else saved it: the next save, once the person has looked, goes through)."""
        data = self.data.copy()
        for name in self.fields:
            data[self.add_initial_prefix(name)] = getattr(item, name)
        self.data = data


class ChecklistAddForm(NfcMixin, forms.Form):
    clause = forms.CharField(label=_("Điều khoản"), max_length=20, required=False)
    question = forms.CharField(label=_("Câu hỏi mới"), widget=forms.Textarea(attrs={"rows": 2}))


class ApplyTemplateForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Bộ câu hỏi mẫu"), queryset=ChecklistTemplate.objects.none())

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ChecklistTemplate.objects.filter(agency=agency, is_active=True)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Tệp bằng chứng"), help_text=_("PDF, ảnh PNG/JPEG, Word (.docx) hoặc Excel (.xlsx)."))


class FindingForm(NfcMixin, forms.Form):
    # Radios with their meaning and none chosen: the first option of a select ("major") was taken unread.
    kind = forms.ChoiceField(
        label=_("Loại phát hiện"), choices=Finding.Kind.choices, widget=DescribedRadioSelect(Finding.KIND_HELP),
        error_messages={"required": Finding.KIND_MISSING},
    )
    clause = forms.CharField(label=_("Điều khoản"), max_length=20, help_text=_("Ví dụ: 4.2.3.d"))
    department = forms.ModelChoiceField(label=_("Phòng / bộ phận"), queryset=Department.objects.none(), required=False)
    requirement = forms.CharField(label=_("Yêu cầu (chuẩn mực)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Nội dung phát hiện"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label=_("Bằng chứng khách quan"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc với sự không phù hợp."),
    )
    checklist_item = forms.ModelChoiceField(label=_("Câu hỏi liên quan"), queryset=ChecklistItem.objects.none(), required=False)

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        scope = audit.departments.all()
        self.fields["department"].queryset = (
            scope if scope.exists() else Department.objects.filter(agency=audit.agency)
        ).order_by("name")
        self.fields["checklist_item"].queryset = audit.checklist_items.all()
        self.fields["checklist_item"].label_from_instance = lambda i: f"{i.order}. {i.question[:80]}"


class ReportForm(NfcMixin, forms.Form):
    summary = forms.CharField(label=_("Tóm tắt kết quả"), widget=forms.Textarea(attrs={"rows": 4}))
    conclusion = forms.CharField(label=_("Kết luận của đoàn đánh giá"), widget=forms.Textarea(attrs={"rows": 4}))
    confirm_unanswered = forms.BooleanField(
        label=_("Tôi xác nhận vẫn phát hành báo cáo dù còn câu hỏi chưa trả lời"), required=False
    )


class ReasonForm(NfcMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class TemplateForm(NfcMixin, forms.Form):
    title = forms.CharField(label=_("Tên bộ câu hỏi"), max_length=255)
    clause = forms.CharField(label=_("Điều khoản ISO"), max_length=20, required=False)
    document = forms.ModelChoiceField(label=_("Quá trình / tài liệu"), queryset=Document.objects.none(), required=False)
    questions = forms.CharField(label=_("Câu hỏi (mỗi dòng một câu)"), widget=forms.Textarea(attrs={"rows": 8}))
    is_active = forms.BooleanField(label=_("Đang sử dụng"), required=False, initial=True)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(agency=agency).order_by("code")

    def clean(self):
        data = super().clean()
        if not (data.get("clause") or "").strip() and not data.get("document"):
            raise forms.ValidationError(_("Bộ câu hỏi cần gắn với một điều khoản hoặc một quá trình."))
        return data


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_q")
    year = django_filters.TypedChoiceFilter(widget=FastSelect, label=_("Năm"), field_name="programme__year", coerce=int)
    status = django_filters.ChoiceFilter(widget=FastSelect, label=_("Trạng thái"), choices=Audit.Status.choices)
    department = django_filters.ModelChoiceFilter(widget=FastSelect,
        label=_("Phòng được đánh giá"), field_name="departments", queryset=Department.objects.none(), distinct=True
    )
    auditor = django_filters.ModelChoiceFilter(widget=FastSelect,
        label=_("Chuyên gia đánh giá"), queryset=User.objects.none(), method="filter_auditor"
    )
    # The dashboards' programme progress (MR-3) links here: carried out (report issued or closed) or not yet.
    progress = django_filters.ChoiceFilter(widget=FastSelect, label=_("Tiến độ"), method="filter_progress",
                                           choices=[("done", _("Đã thực hiện (đã có báo cáo)")),
                                                    ("pending", _("Chưa thực hiện xong"))])

    class Meta:
        model = Audit
        fields = ["q", "year", "status", "department", "auditor", "progress"]

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        years = AuditProgramme.objects.filter(agency=agency).order_by("-year").values_list("year", flat=True)
        self.filters["year"].extra["choices"] = [("", _("Tất cả"))] + [(y, str(y)) for y in years]
        self.filters["department"].queryset = Department.objects.filter(agency=agency).order_by("name")
        self.filters["auditor"].queryset = auditor_choices(agency)

    def filter_q(self, queryset, name, value):
        return search.apply(queryset, value)  # code, title, objectives, criteria clauses (SEARCH_FIELDS)

    def filter_progress(self, queryset, name, value):
        done = Q(status__in=Audit.DONE)
        return queryset.filter(done) if value == "done" else queryset.exclude(done)

    def filter_auditor(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(lead_auditor=value) | Q(team=value)).distinct()
