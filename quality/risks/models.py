"""The register of risks and opportunities (TCVN ISO 9001:2015, 6.1; issue 18).

Each entry is scored (likelihood × impact, 1–5 each); the actions taken on it are tracked like corrective actions
(owner, due date, done, effectiveness evaluated afterwards), and the entry is reviewed periodically: each review
records the new scores and sets the next review date. Risk-based thinking replaces 2008's preventive action.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency, ChoiceLabels

SCALE = [(n, str(n)) for n in range(1, 6)]


class Risk(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        RISK = "risk", _("Rủi ro")
        OPPORTUNITY = "opportunity", _("Cơ hội")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="risks", verbose_name=_("cơ quan"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("mô tả rủi ro, cơ hội"))
    process = models.CharField(_("quá trình liên quan"), max_length=255, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("khả năng xảy ra (1–5)"), choices=SCALE)
    impact = models.PositiveSmallIntegerField(_("mức độ ảnh hưởng (1–5)"), choices=SCALE)
    next_review_on = models.DateField(_("ngày xem xét lại"))
    reviewed_on = models.DateField(_("ngày xem xét gần nhất"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rủi ro, cơ hội")
        verbose_name_plural = _("rủi ro và cơ hội")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["risk", "opportunity"]), name="risk_kind_known"),
            models.CheckConstraint(condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                                   name="risk_scores_1_to_5"),
            models.CheckConstraint(condition=~Q(description=""), name="risk_has_description"),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def score(self):
        return self.likelihood * self.impact

    @property
    def level(self):
        """high ≥ 15, medium ≥ 8, low below: the bands the register colours."""
        return "high" if self.score >= 15 else ("medium" if self.score >= 8 else "low")


class RiskAction(ChoiceLabels, models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="actions", verbose_name=_("rủi ro, cơ hội"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    description = models.TextField(_("hành động"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_actions",
                              verbose_name=_("người thực hiện"))
    due_date = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    effective = models.BooleanField(_("có hiệu lực"), null=True, blank=True)
    effectiveness_note = models.TextField(_("đánh giá hiệu lực"), blank=True)
    evaluated_on = models.DateField(_("ngày đánh giá hiệu lực"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hành động giải quyết rủi ro, cơ hội")
        verbose_name_plural = _("hành động giải quyết rủi ro, cơ hội")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status="planned", completed_on__isnull=True)
                                   | Q(status="done", completed_on__isnull=False), name="risk_action_done_has_date"),
            # Effectiveness is judged on a finished action only, and then with its date.
            models.CheckConstraint(condition=Q(effective__isnull=True, evaluated_on__isnull=True)
                                   | Q(status="done", effective__isnull=False, evaluated_on__isnull=False,
                                       evaluated_on__gte=F("completed_on")),
                                   name="risk_action_evaluated_after_done"),
        ]

    def __str__(self):
        return self.description[:80]
