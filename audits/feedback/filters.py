"""Narrowing the feedback inbox beyond its status tabs: by the date feedback was sent and whether it was answered
on time (the dashboards' figures link here, MR-3, so each figure opens exactly the rows it counts)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from audits.feedback.models import Feedback

TIMELINESS = [("on_time", _("Trả lời đúng hạn")), ("late", _("Trả lời quá hạn"))]


class FeedbackFilter(django_filters.FilterSet):
    received_from = django_filters.DateFilter(label=_("Gửi từ ngày"), method="filter_from")
    received_to = django_filters.DateFilter(label=_("Gửi đến ngày"), method="filter_to")
    answer = django_filters.ChoiceFilter(label=_("Thời hạn trả lời"), choices=TIMELINESS, method="filter_answer")

    class Meta:
        model = Feedback
        fields = []

    def filter_from(self, queryset, name, value):
        return queryset.received_between(start=value)

    def filter_to(self, queryset, name, value):
        return queryset.received_between(end=value)

    def filter_answer(self, queryset, name, value):
        return queryset.answered_on_time() if value == "on_time" else queryset.answered_late()

    @property
    def active(self):
        """The filters given and valid, as (label, value) for the page to say what it shows."""
        if not self.is_valid():
            return []
        data = self.form.cleaned_data
        shown = []
        for name, field in self.form.fields.items():
            value = data.get(name)
            if value:
                if name == "answer":
                    value = dict(TIMELINESS)[value]
                shown.append((field.label, value))
        return shown
