"""Register filters (django-filter); every choice list is scoped to the user's agency; ``q`` is the
accent-insensitive search of qms.core.search over the row's ``search_folded``."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from audits.capa.models import Action, Nonconformity
from qms.core import search
from qms.core.models import Department, User
from qms.core.widgets import FastSelect


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
