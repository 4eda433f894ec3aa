"""Quality objectives (ISO 9001:2008 5.4.1, 8.2.3; 2015 6.2; spec MR-1) and their measurements over time.

An objective belongs to one agency and one year of its quality policy. Its value per period is either
entered by hand (with a note saying where it comes from) or computed from the product's own records
(quality/objectives/indicators.py). A measurement is unique per objective and period start, which makes
the daily job idempotent.

The plan to achieve it (2015, 6.2.2: what will be done, the resources, who is responsible, when it will be
completed, how the results will be evaluated) is kept on the objective: it is either empty or complete, never
half-written (a constraint), so "planned" means all five answers are there.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.capa.models import Nonconformity
from qms.core.models import Agency, ChoiceLabels, Department

# Months that open each period, by frequency.
PERIOD_STARTS = {"monthly": range(1, 13), "quarterly": (1, 4, 7, 10), "half_yearly": (1, 7), "yearly": (1,)}
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


class ObjectiveQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def of_year(self, year):
        return self.filter(year=year)

    def computed(self):
        return self.exclude(method=Objective.Method.MANUAL)

    def planned(self):
        return self.filter(PLAN_COMPLETE)


PLAN_EMPTY = Q(plan_actions="", plan_resources="", plan_owner__isnull=True, plan_due__isnull=True, plan_evaluation="")
PLAN_COMPLETE = (~Q(plan_actions="") & ~Q(plan_resources="") & ~Q(plan_evaluation="") & Q(plan_due__isnull=False)
                 & (Q(plan_owner__isnull=False) | Q(department__isnull=False)))


class Objective(ChoiceLabels, models.Model):
    """One measurable objective of the quality policy for a year."""

    class Direction(models.TextChoices):
        AT_LEAST = "at_least", _("Không thấp hơn mục tiêu")
        AT_MOST = "at_most", _("Không vượt quá mục tiêu")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        HALF_YEARLY = "half_yearly", _("6 tháng")
        YEARLY = "yearly", _("Hằng năm")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Nhập tay")
        NC_CLOSED_ON_TIME = "nc_closed_on_time", _("Tỷ lệ sự không phù hợp đóng đúng hạn")
        ACTIONS_OVERDUE = "actions_overdue", _("Tỷ lệ hành động quá hạn")
        ACKNOWLEDGED = "acknowledged", _("Tỷ lệ xác nhận đã đọc quy trình hiện hành")
        AUDITS_DONE = "audits_done", _("Tỷ lệ hoàn thành chương trình đánh giá nội bộ")
        FEEDBACK_ANSWERED = "feedback_answered", _("Tỷ lệ phản ánh được trả lời trong hạn")
        CASES_ON_TIME = "cases_on_time", _("Tỷ lệ hồ sơ một cửa giải quyết đúng hạn")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("mã mục tiêu"), max_length=20, blank=True)
    title = models.CharField(_("mục tiêu"), max_length=255)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("phòng chủ trì"),
    )
    indicator = models.CharField(_("chỉ số đo"), max_length=255)
    unit = models.CharField(_("đơn vị tính"), max_length=20, default="%")
    target = models.DecimalField(_("chỉ tiêu"), max_digits=12, decimal_places=2)
    direction = models.CharField(_("chiều đánh giá"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    frequency = models.CharField(_("tần suất đo"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY)
    method = models.CharField(_("cách đo"), max_length=20, choices=Method.choices, default=Method.MANUAL)
    answer_days = models.PositiveSmallIntegerField(
        _("số ngày trả lời phản ánh"), default=15,
        help_text=_("Chỉ dùng cho chỉ số phản ánh được trả lời trong hạn."),
    )
    # The plan of 6.2.2 (a–e); "who" is the person below and/or the lead department above.
    plan_actions = models.TextField(_("việc sẽ làm"), blank=True)
    plan_resources = models.TextField(_("nguồn lực cần có"), blank=True)
    plan_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người chịu trách nhiệm"),
    )
    plan_due = models.DateField(_("thời hạn hoàn thành"), null=True, blank=True)
    plan_evaluation = models.TextField(_("cách đánh giá kết quả"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục tiêu chất lượng")
        verbose_name_plural = _("mục tiêu chất lượng")
        ordering = ["year", "code", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="objective_year_sane"),
            models.UniqueConstraint(fields=["agency", "year", "title"], name="objective_title_once_a_year"),
            models.UniqueConstraint(
                fields=["agency", "year", "code"], condition=~Q(code=""), name="objective_code_once_a_year"
            ),
            models.CheckConstraint(condition=Q(answer_days__gte=1), name="objective_answer_days_positive"),
            models.CheckConstraint(condition=PLAN_EMPTY | PLAN_COMPLETE, name="objective_plan_empty_or_complete"),
        ]
        indexes = [
            # The list page: an agency's objectives of a year.
            models.Index(fields=["agency", "year"], name="objective_agency_year"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("quality:objective_detail", args=[self.pk])

    @property
    def is_planned(self):
        return bool(self.plan_actions)  # the constraint makes one answer stand for all five

    @property
    def is_computed(self):
        return self.method != self.Method.MANUAL

    def periods(self):
        """The (start, end) of each period of the objective's year, in order."""
        return [period_of(self.year, month, self.frequency) for month in PERIOD_STARTS[self.frequency]]

    def period_containing(self, day):
        month = max(m for m in PERIOD_STARTS[self.frequency] if m <= day.month)
        return period_of(day.year, month, self.frequency)

    def meets(self, value):
        """True when ``value`` reaches the target in the objective's direction; None without a value."""
        if value is None:
            return None
        if self.direction == self.Direction.AT_MOST:
            return value <= self.target
        return value >= self.target


def period_of(year, month, frequency):
    start = datetime.date(year, month, 1)
    end_month = month + PERIOD_MONTHS[frequency]
    end = (datetime.date(year + 1, 1, 1) if end_month > 12 else datetime.date(year, end_month, 1)) - datetime.timedelta(days=1)
    return start, end


class Measurement(models.Model):
    """The value of an objective for one period, entered by hand or computed; changes keep who, when and why."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="measurements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    # Empty only for a computed period with nothing to count (no NC closed, no feedback received…).
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2, null=True, blank=True)
    computed = models.BooleanField(_("tính tự động"), default=False)
    note = models.TextField(_("ghi chú / nguồn số liệu"), blank=True)
    nc = models.ForeignKey(
        Nonconformity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sự không phù hợp đã mở"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả đo")
        verbose_name_plural = _("kết quả đo")
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "period_start"], name="measurement_once_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="measurement_period_ordered"),
            models.CheckConstraint(condition=Q(computed=True) | Q(value__isnull=False), name="measurement_manual_has_value"),
        ]

    def __str__(self):
        return f"{self.objective} {self.period_start:%m/%Y}: {self.value}"

    @property
    def met(self):
        return self.objective.meets(self.value)
