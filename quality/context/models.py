"""The context of the agency (TCVN ISO 9001:2015, 4.1 and 4.2; issue 18): the internal and external issues that
bear on what its quality system must achieve, and the interested parties with their requirements.

2008 asked for neither; an agency moving to 2015 records them here and keeps them up to date (each change is in
the history with its reason, which the management review's "changes in context" input reads).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency, ChoiceLabels


class ContextIssue(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Vấn đề nội bộ")
        EXTERNAL = "external", _("Vấn đề bên ngoài")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="context_issues", verbose_name=_("cơ quan"))
    kind = models.CharField(_("loại vấn đề"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("vấn đề"))
    effect = models.TextField(_("ảnh hưởng đến hệ thống quản lý chất lượng"), blank=True)
    is_active = models.BooleanField(_("còn theo dõi"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vấn đề nội bộ, bên ngoài")
        verbose_name_plural = _("vấn đề nội bộ, bên ngoài")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["internal", "external"]), name="context_issue_kind_known"),
            models.CheckConstraint(condition=~Q(description=""), name="context_issue_has_description"),
        ]

    def __str__(self):
        return self.description[:80]


class InterestedParty(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="interested_parties", verbose_name=_("cơ quan"))
    name = models.CharField(_("bên quan tâm"), max_length=255)
    requirements = models.TextField(_("nhu cầu, yêu cầu liên quan"))
    monitoring = models.TextField(_("cách theo dõi, xem xét"), blank=True)
    is_active = models.BooleanField(_("còn theo dõi"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bên quan tâm")
        verbose_name_plural = _("các bên quan tâm")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="interested_party_unique_name"),
            models.CheckConstraint(condition=~Q(name="") & ~Q(requirements=""), name="interested_party_has_requirements"),
        ]

    def __str__(self):
        return self.name
