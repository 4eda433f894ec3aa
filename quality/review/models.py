"""Management review meetings (MR-2; ISO 9001:2008 5.6, 2015 9.3): the meeting, its inputs frozen when held, the
coordinator's comments per input, and its outputs as decisions tracked like actions.

Every state change is a keyword-only function in ``quality.review.services``; nothing here changes status.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency


class Section(models.TextChoices):
    """The inputs of a review: those of ISO 9001:2008 5.6.2 (a–g, in the standard's order), then what 2015's 9.3.2
    adds. ``SECTIONS`` gives each edition's inputs in its own order and wording."""

    AUDITS = "audits", _("Kết quả các cuộc đánh giá")
    FEEDBACK = "feedback", _("Phản hồi của người dân, tổ chức")
    PERFORMANCE = "performance", _("Việc thực hiện các quá trình và sự phù hợp của dịch vụ")
    ACTIONS = "actions", _("Tình trạng của các hành động khắc phục và phòng ngừa")
    FOLLOW_UP = "follow_up", _("Các hành động tiếp theo từ các cuộc xem xét của lãnh đạo lần trước")
    CHANGES = "changes", _("Những thay đổi có thể ảnh hưởng đến hệ thống quản lý chất lượng")
    RECOMMENDATIONS = "recommendations", _("Các khuyến nghị về cải tiến")
    CONTEXT = "context", _("Những thay đổi về các vấn đề bên ngoài và nội bộ liên quan đến hệ thống quản lý chất lượng")
    PROVIDERS = "providers", _("Kết quả thực hiện của các nhà cung cấp bên ngoài")
    RESOURCES = "resources", _("Sự thỏa đáng của các nguồn lực")
    RISKS = "risks", _("Hiệu lực của các hành động được thực hiện để giải quyết rủi ro và cơ hội (xem 6.1)")


# Each edition's inputs in its standard's order: (section, item of the clause, its title there when the wording
# differs from Section's). 2015's c) groups seven items; the 2008 inputs carry them (objectives, processes and
# monitoring in one), and its "changes" figures (documents issued, withdrawn) are shown under b).
SECTIONS = {
    "2008": [(key, letter, None) for key, letter in zip(
        [Section.AUDITS, Section.FEEDBACK, Section.PERFORMANCE, Section.ACTIONS, Section.FOLLOW_UP, Section.CHANGES,
         Section.RECOMMENDATIONS], "abcdefg")],
    "2015": [
        (Section.FOLLOW_UP, "a", _("Tình trạng của các hành động từ các cuộc xem xét của lãnh đạo trước đó")),
        (Section.CONTEXT, "b", None),
        (Section.FEEDBACK, "c1", _("Sự thỏa mãn của người dân, tổ chức và phản hồi từ các bên quan tâm liên quan")),
        (Section.PERFORMANCE, "c2, c3, c5", _("Mức độ đạt được các mục tiêu chất lượng; kết quả thực hiện các quá "
                                              "trình và sự phù hợp của dịch vụ; kết quả theo dõi và đo lường")),
        (Section.ACTIONS, "c4", _("Sự không phù hợp và hành động khắc phục")),
        (Section.AUDITS, "c6", _("Kết quả đánh giá")),
        (Section.PROVIDERS, "c7", None),
        (Section.RESOURCES, "d", None),
        (Section.RISKS, "e", None),
        (Section.RECOMMENDATIONS, "f", _("Các cơ hội cải tiến")),
    ],
}
# The clauses of the inputs and outputs, as each edition numbers them.
CLAUSES = {"2008": {"review": "5.6", "inputs": "5.6.2", "outputs": "5.6.3"},
           "2015": {"review": "9.3", "inputs": "9.3.2", "outputs": "9.3.3"}}


class ReviewQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def readable_by_all(self):
        """What every member of the agency may read: reviews that took place (drafts are the managers')."""
        return self.exclude(status=ManagementReview.Status.DRAFT)


class ManagementReview(models.Model):
    """One management review meeting.

        draft ──hold (inputs frozen)──▶ held ──head signs the minutes──▶ approved (read-only)

    While a draft, the inputs are compiled live for the period; holding the meeting stores them as a JSON
    snapshot that later changes to audits, NCs or feedback never alter. The approval stores the signer's
    printed name and title, the time, and a SHA-256 of the snapshot and decisions it approved.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        HELD = "held", _("Đã họp")
        APPROVED = "approved", _("Đã phê duyệt biên bản")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    held_on = models.DateField(_("ngày họp"))
    period_start = models.DateField(_("kỳ xem xét từ ngày"))
    period_end = models.DateField(_("kỳ xem xét đến ngày"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ trì"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("thành phần tham dự"))
    guests = models.TextField(_("khách mời"), blank=True, help_text=_("Mỗi người một dòng: họ tên, chức vụ, đơn vị."))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    snapshot = models.JSONField(_("đầu vào đã chốt"), null=True, blank=True, editable=False)
    held_at = models.DateTimeField(_("chốt đầu vào lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người phê duyệt"))
    approved_name = models.CharField(_("họ tên người phê duyệt"), max_length=200, blank=True)
    approved_title = models.CharField(_("chức vụ người phê duyệt"), max_length=150, blank=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    approved_hash = models.CharField(_("mã băm nội dung đã phê duyệt"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[participants])

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc họp xem xét của lãnh đạo")
        verbose_name_plural = _("cuộc họp xem xét của lãnh đạo")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="review_period_in_order"),
            models.CheckConstraint(condition=Q(status="draft") | Q(snapshot__isnull=False, held_at__isnull=False),
                                   name="review_held_has_snapshot"),
            models.CheckConstraint(
                condition=~Q(status="approved") | (Q(approved_at__isnull=False) & ~Q(approved_hash="")),
                name="review_approved_is_signed"),
        ]
        # The list page: one agency's reviews, newest first.
        indexes = [models.Index(fields=["agency", "-held_on"], name="review_agency_held")]

    def __str__(self):
        return _("Xem xét của lãnh đạo ngày %(d)s") % {"d": self.held_on.strftime("%d/%m/%Y")}

    def get_absolute_url(self):
        return reverse("quality:review_detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    def content_hash(self, decisions):
        """SHA-256 of what the head approves: the frozen inputs, the comments and the decisions."""
        payload = {
            "snapshot": self.snapshot,
            "decisions": [[d.pk, d.kind, d.description, d.owner_id, d.due_date.isoformat()] for d in decisions],
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


class SectionNote(models.Model):
    """The coordinator's comment on one input of a review (the recommendations input is only this text)."""

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="notes")
    section = models.CharField(_("đầu vào"), max_length=20, choices=Section.choices)
    text = models.TextField(_("nhận xét"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()
    history_agency_path = "review__agency"

    class Meta:
        verbose_name = _("nhận xét đầu vào")
        verbose_name_plural = _("nhận xét đầu vào")
        constraints = [models.UniqueConstraint(fields=["review", "section"], name="review_one_note_per_section")]

    def __str__(self):
        return f"{self.review} · {self.get_section_display()}"


class DecisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Decision.Status.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Decision(models.Model):
    """An output of a review (5.6.3), owned by one person with a due date, tracked until done.

        open ──owner (or a manager) records completion with a note──▶ done
    """

    class Kind(models.TextChoices):
        SYSTEM = "system", _("Cải tiến hiệu lực của hệ thống và các quá trình")
        SERVICE = "service", _("Cải tiến dịch vụ cho người dân, tổ chức")
        RESOURCES = "resources", _("Nhu cầu về nguồn lực")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    review = models.ForeignKey(ManagementReview, on_delete=models.PROTECT, related_name="decisions",
                               verbose_name=_("cuộc họp"))
    kind = models.CharField(_("loại quyết định"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("nội dung quyết định"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("người thực hiện"))
    due_date = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    completion_note = models.TextField(_("kết quả thực hiện"), blank=True)
    # What the daily job sent, so a second run the same day sends nothing twice.
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    overdue_reminded_on = models.DateField(null=True, blank=True, editable=False)
    escalated_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định của lãnh đạo")
        verbose_name_plural = _("quyết định của lãnh đạo")
        ordering = ["review", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(completed_on__isnull=False) & ~Q(completion_note="")),
                name="decision_done_has_note"),
        ]
        # My work and the daily job: open decisions of an owner / of an agency by due date.
        indexes = [models.Index(fields=["agency", "status", "due_date"], name="decision_open_due")]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("quality:review_detail", kwargs={"pk": self.review_id}) + f"#decision-{self.pk}"

    def is_overdue(self, today=None):
        return self.status == self.Status.OPEN and self.due_date < (today or timezone.localdate())
