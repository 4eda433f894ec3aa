"""The register's filters (form 06): procedure, department, status, period received, late; and those the monthly
figures (cases/figures) link with, so each figure opens exactly its files: period of the result, outcome against
the appointment, still open (or open and overdue), rating, a step done late."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.files.models import Case, CaseStep, Outcome, Rating, late_condition
from processes.documents.models import Document
from qms.core.models import Department

LATE = [("yes", _("Trễ hạn")), ("no", _("Không trễ hạn"))]
OPEN = [("yes", _("Đang giải quyết")), ("overdue", _("Đang giải quyết, đã quá hẹn"))]


def _start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CaseFilter(django_filters.FilterSet):
    document = django_filters.ModelChoiceFilter(label=_("Thủ tục"), queryset=Document.objects.none(),
                                                empty_label=_("Tất cả thủ tục"))
    department = django_filters.ModelChoiceFilter(label=_("Phòng xử lý"), queryset=Department.objects.none(),
                                                  empty_label=_("Tất cả các phòng"), method="filter_department")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Case.Status.choices,
                                         empty_label=_("Mọi trạng thái"))
    received_from = django_filters.DateFilter(label=_("Tiếp nhận từ ngày"), method="filter_from")
    received_to = django_filters.DateFilter(label=_("Tiếp nhận đến ngày"), method="filter_to")
    late = django_filters.ChoiceFilter(label=_("Trễ hạn"), choices=LATE, empty_label=_("Tất cả"), method="filter_late")
    result_from = django_filters.DateFilter(label=_("Có kết quả từ ngày"), method="filter_result_from")
    result_to = django_filters.DateFilter(label=_("Có kết quả đến ngày"), method="filter_result_to")
    outcome = django_filters.ChoiceFilter(label=_("Kết quả so với hẹn"), choices=Outcome.choices,
                                          empty_label=_("Tất cả"))
    open = django_filters.ChoiceFilter(label=_("Chưa giải quyết xong"), choices=OPEN, empty_label=_("Tất cả"),
                                       method="filter_open")
    rating = django_filters.ChoiceFilter(label=_("Đánh giá của người dân"), choices=Rating.choices,
                                         empty_label=_("Tất cả"))
    late_step = django_filters.CharFilter(label=_("Bước xử lý trễ hạn"), method="filter_late_step", max_length=40)

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["document"].queryset = Document.objects.filter(
            agency=agency, doc_type=Document.Type.PROCEDURE).only("pk", "code", "title").order_by("code")
        self.filters["department"].queryset = Department.objects.filter(agency=agency).order_by("name")

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
