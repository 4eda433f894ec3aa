"""The agency's yearly report on applying the quality system (MR-4), the report state agencies send to the
provincial Department of Science and Technology: figures computed from the records when the report is made
(a JSON snapshot that later records never change), and the coordinator's own words on results, difficulties
and proposals.

State changes are keyword-only functions in ``quality.reports.services``; nothing here changes status.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a report year outside is a typing slip, refused by the form and the database


class YearlyReportQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def sent(self):
        return self.filter(status=YearlyReport.Status.SENT)


class YearlyReport(models.Model):
    """One agency's report for one year.

        draft ──send──▶ sent (read-only; the oversight body can read it)

    ``figures`` is the snapshot of the year's figures taken when the report is made (refreshed on request while
    a draft); its labels are stored in Vietnamese, the language of the report that is sent.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SENT = "sent", _("Đã gửi")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(_("số liệu"), editable=False)
    figures_at = models.DateTimeField(_("số liệu tính lúc"), default=timezone.now, editable=False)
    results = models.TextField(_("kết quả áp dụng HTQLCL"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("người gửi"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = YearlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo năm về áp dụng HTQLCL")
        verbose_name_plural = _("báo cáo năm về áp dụng HTQLCL")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="yearly_report_one_per_agency_year"),
            models.CheckConstraint(condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                                   name="yearly_report_year_plausible"),
            models.CheckConstraint(condition=Q(status="draft") | Q(sent_at__isnull=False, sent_by__isnull=False),
                                   name="yearly_report_sent_has_sender"),
        ]

    def __str__(self):
        return _("Báo cáo áp dụng HTQLCL năm %(y)s") % {"y": self.year}

    def get_absolute_url(self):
        return reverse("quality:report_detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def as_of(self):
        """The day the figures are for (the year's last day, or the day they were computed in the current year):
        the report speaks of the system the agency ran then, under that day's edition of ISO 9001."""
        stored = (self.figures or {}).get("as_of")
        return datetime.date.fromisoformat(stored) if stored else datetime.date(self.year, 12, 31)
