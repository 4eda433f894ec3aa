"""The register's filters (form 06): procedure, department, status, period received, late; and those the monthly
figures (cases/figures) link with, so each figure opens exactly its files: period of the result, outcome against
the appointment, still open (or open and overdue), rating, a step done late."""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.choices import BaseChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.files.models import Case, CaseStep, Outcome, Rating, late_condition
from processes.documents.models import Document
from qms.core.models import Department
from qms.core.widgets import FastSelect

LATE = [("yes", _("Trễ hạn")), ("no", _("Không trễ hạn"))]
# A procedure or department not among the agency's: the message a model choice gives (it does not repeat the value).
NOT_LISTED = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}
OPEN = [("yes", _("Đang giải quyết")), ("overdue", _("Đang giải quyết, đã quá hẹn"))]


class _QueryChoices(BaseChoiceIterator):
    """A select's options read by one query (pk and label columns only) the first time they are needed; rendering
    the select and validating the chosen value then share them. 264 procedures at province scale: model instances
    and a server-side cursor cost the register more than its 50 rows."""

    def __init__(self, queryset, label):
        self.queryset, self.label, self.rows = queryset, label, None

    def __iter__(self):
        if self.rows is None:
            self.rows = [(str(row[0]), self.label(*row[1:])) for row in self.queryset]
        return iter(self.rows)

    def __len__(self):
        return len(list(iter(self)))

    def __deepcopy__(self, memo):
        # The form copies its fields, and each field its widget's choices: all copies share the one read.
        return self


def _start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CaseFilter(django_filters.FilterSet):
    # The procedure and the department are chosen by pk among the agency's own (an unknown pk is refused, as a
    # ModelChoiceFilter would): the label is the procedure's "code title", the department's name.
    document = django_filters.ChoiceFilter(widget=FastSelect, label=_("Thủ tục"), choices=(),
                                           empty_label=_("Tất cả thủ tục"), error_messages=NOT_LISTED)
    department = django_filters.ChoiceFilter(widget=FastSelect, label=_("Phòng xử lý"), choices=(),
                                             empty_label=_("Tất cả các phòng"), method="filter_department",
                                             error_messages=NOT_LISTED)
    status = django_filters.ChoiceFilter(widget=FastSelect, label=_("Trạng thái"), choices=Case.Status.choices,
                                         empty_label=_("Mọi trạng thái"))
    received_from = django_filters.DateFilter(label=_("Tiếp nhận từ ngày"), method="filter_from")
    received_to = django_filters.DateFilter(label=_("Tiếp nhận đến ngày"), method="filter_to")
    late = django_filters.ChoiceFilter(widget=FastSelect, label=_("Trễ hạn"), choices=LATE, empty_label=_("Tất cả"), method="filter_late")
    result_from = django_filters.DateFilter(label=_("Có kết quả từ ngày"), method="filter_result_from")
    result_to = django_filters.DateFilter(label=_("Có kết quả đến ngày"), method="filter_result_to")
    outcome = django_filters.ChoiceFilter(widget=FastSelect, label=_("Kết quả so với hẹn"), choices=Outcome.choices,
                                          empty_label=_("Tất cả"))
    open = django_filters.ChoiceFilter(widget=FastSelect, label=_("Chưa giải quyết xong"), choices=OPEN, empty_label=_("Tất cả"),
                                       method="filter_open")
    rating = django_filters.ChoiceFilter(widget=FastSelect, label=_("Đánh giá của người dân"), choices=Rating.choices,
                                         empty_label=_("Tất cả"))
    late_step = django_filters.CharFilter(label=_("Bước xử lý trễ hạn"), method="filter_late_step", max_length=40)

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["document"].extra["choices"] = _QueryChoices(
            Document.objects.filter(agency=agency, doc_type=Document.Type.PROCEDURE).order_by("code")
            .values_list("pk", "code", "title"), lambda code, title: f"{code} {title}")
        self.filters["department"].extra["choices"] = _QueryChoices(
            Department.objects.filter(agency=agency).order_by("name").values_list("pk", "name"), str)

    def filter_department(self, queryset, name, value):
        # Files that pass through the department at any step (it decides, or takes part).
        return queryset.filter(Exists(CaseStep.objects.filter(case=OuterRef("pk"), department=value)))

    def filter_from(self, queryset, name, value):
        return queryset.filter(received_at__gte=_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(received_at__lt=_start(value + datetime.timedelta(days=1)))

    def filter_late(self, queryset, name, value):
        late = late_condition()
        return queryset.filter(late) if value == "yes" else queryset.exclude(late)

    def filter_result_from(self, queryset, name, value):
        return queryset.filter(result_at__gte=_start(value))

    def filter_result_to(self, queryset, name, value):
        return queryset.filter(result_at__lt=_start(value + datetime.timedelta(days=1)))

    def filter_open(self, queryset, name, value):
        if value == "overdue":  # the clock runs and the appointment passed: as Case.overdue
            return queryset.filter(status__in=Case.RUNNING, appointment_at__lt=timezone.now())
        return queryset.filter(status__in=Case.OPEN)

    def filter_late_step(self, queryset, name, value):
        # Files one of whose steps with this code (the procedure's step table: "B2") was done late.
        return queryset.filter(Exists(CaseStep.objects.filter(case=OuterRef("pk"), code=value.strip(),
                                                              outcome=Outcome.LATE)))
