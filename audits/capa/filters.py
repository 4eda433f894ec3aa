"""Register filters (django-filter); every choice list is scoped to the user's agency; ``q`` is the
accent-insensitive search of qms.core.search over the row's ``search_folded``."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.capa.models import Action, Nonconformity
from qms.core import search
from qms.core.models import Department, User
from qms.core.widgets import FastSelect


# Age of an NC still being worked on (today − detected on, in days): key → (label, fewest days, most days).
AGE_BUCKETS = {
    "0-30": (_("Đến 30 ngày"), 0, 30),
    "31-90": (_("31–90 ngày"), 31, 90),
    "91-180": (_("91–180 ngày"), 91, 180),
    "180+": (_("Trên 180 ngày"), 181, None),
}
NO_CLAUSE = "-"  # the clause filter's value for NCs recorded without a clause


def age_dates(key, today):
    """The detection dates (first, last; None = unbounded) of the NCs ``key`` days old on ``today``."""
    _label, fewest, most = AGE_BUCKETS[key]
    first = today - datetime.timedelta(days=most) if most is not None else None
    return first, today - datetime.timedelta(days=fewest)


class NonconformityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_q")
    status = django_filters.ChoiceFilter(widget=FastSelect, label=_("Trạng thái"), choices=Nonconformity.Status.choices)
    source = django_filters.ChoiceFilter(widget=FastSelect, label=_("Nguồn"), choices=Nonconformity.Source.choices)
    severity = django_filters.ChoiceFilter(widget=FastSelect, label=_("Mức độ"), choices=Nonconformity.Severity.choices)
    kind = django_filters.ChoiceFilter(widget=FastSelect, label=_("Loại"), choices=Nonconformity.Kind.choices)
    department = django_filters.ModelChoiceFilter(widget=FastSelect, label=_("Phòng / bộ phận"), queryset=Department.objects.none())
    year = django_filters.ChoiceFilter(widget=FastSelect, label=_("Năm"), choices=[])
    overdue = django_filters.BooleanFilter(
        label=_("Có hành động quá hạn"), method="filter_overdue", widget=forms.CheckboxInput
    )
    # The dashboards' figures (MR-3) link here: what is still open, how old, which clause, detected when.
    active = django_filters.BooleanFilter(
        label=_("Đang xử lý (chưa đóng, chưa bác bỏ)"), method="filter_active", widget=forms.CheckboxInput
    )
    age = django_filters.ChoiceFilter(widget=FastSelect, label=_("Tuổi (ngày từ khi phát hiện)"),
                                      choices=[(k, v[0]) for k, v in AGE_BUCKETS.items()], method="filter_age")
    clause = django_filters.CharFilter(label=_("Điều khoản"), method="filter_clause")
    detected_from = django_filters.DateFilter(label=_("Phát hiện từ ngày"), field_name="detected_on", lookup_expr="gte")
    detected_to = django_filters.DateFilter(label=_("Phát hiện đến ngày"), field_name="detected_on", lookup_expr="lte")

    class Meta:
        model = Nonconformity
        fields = []

    def __init__(self, data=None, *args, agency, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["department"].queryset = Department.objects.filter(agency=agency).order_by("name")
        years = Nonconformity.objects.for_agency(agency).order_by("-year").values_list("year", flat=True).distinct()
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in years]

    def filter_q(self, queryset, name, value):
        return search.apply(queryset, value)  # reference, description, clause, process (SEARCH_FIELDS)

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.with_overdue_actions()
        return queryset

    def filter_active(self, queryset, name, value):
        return queryset.active() if value else queryset

    def filter_age(self, queryset, name, value):
        first, last = age_dates(value, timezone.localdate())
        queryset = queryset.filter(detected_on__lte=last)
        return queryset.filter(detected_on__gte=first) if first else queryset

    def filter_clause(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(clause="" if value == NO_CLAUSE else value)


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_q")
    status = django_filters.ChoiceFilter(widget=FastSelect, label=_("Trạng thái"), choices=Action.Status.choices)
    kind = django_filters.ChoiceFilter(widget=FastSelect, label=_("Loại"), choices=Action.Kind.choices)
    owner = django_filters.ModelChoiceFilter(widget=FastSelect, label=_("Người thực hiện"), queryset=User.objects.none())
    overdue = django_filters.BooleanFilter(label=_("Quá hạn"), method="filter_overdue", widget=forms.CheckboxInput)

    class Meta:
        model = Action
        fields = []

    def __init__(self, data=None, *args, agency, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["owner"].queryset = User.objects.in_agency(agency).order_by("full_name")

    def filter_q(self, queryset, name, value):
        return search.apply(queryset, value)  # the NC's reference and the action (SEARCH_FIELDS)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
