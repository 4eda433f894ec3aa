"""The records of a document's life around its revisions (ISO 9001:2008 4.2.3): who reviews and approves
each round and their signatures, reviewers' comments, who receives the document and who has read it,
staff's change requests, periodic reviews.

Document and Revision (models.py) are referred to by name ("processes.Revision"), so this module imports
nothing from models.py; models.py imports these classes, and callers import every model of the subject from
``processes.documents.models``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency, ChoiceLabels, Department


class ReviewAssignment(ChoiceLabels, models.Model):
    """A named reviewer or the approver of one review round of a revision."""

    history_hidden = True  # belongs to a draft; shown on the revision page to those who may see it

    class Kind(models.TextChoices):
        REVIEW = "review", _("Xem xét")
        APPROVE = "approve", _("Phê duyệt")

    revision = models.ForeignKey("processes.Revision", on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("vòng"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    kind = models.CharField(_("vai trò"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "round", "user", "kind"], name="assignment_unique"),
            models.UniqueConstraint(
                fields=["revision", "round"], condition=Q(kind="approve"), name="one_approver_per_round"
            ),
        ]
        indexes = [
            # "My work": what waits on a user.
            models.Index(fields=["user", "round"], name="assignment_user"),
        ]

    def __str__(self):
        return f"{self.revision} – {self.get_kind_display()}: {self.user}"


class Signature(ChoiceLabels, models.Model):
    """An electronic signature: who, as what, when (UTC), over which content (DOC-5). Never edited."""

    class Meaning(models.TextChoices):
        REVIEWED = "reviewed", _("Đã xem xét")
        APPROVED = "approved", _("Phê duyệt")

    revision = models.ForeignKey("processes.Revision", on_delete=models.PROTECT, related_name="signatures")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("vòng"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    printed_name = models.CharField(_("họ và tên"), max_length=150)
    printed_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    meaning = models.CharField(_("ý nghĩa chữ ký"), max_length=10, choices=Meaning.choices)
    signed_at = models.DateTimeField(_("thời điểm ký (UTC)"))
    content_hash = models.CharField(_("mã băm nội dung đã ký"), max_length=64)
    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "round", "user", "meaning"], name="signature_once_per_round"),
        ]

    def __str__(self):
        return f"{self.printed_name} – {self.get_meaning_display()}"


class ReviewCommentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def resolved(self):
        return self.filter(resolved_at__isnull=False)


class ReviewComment(ChoiceLabels, models.Model):
    """A reviewer's comment on one section of a revision; a rejection ("Trả lại") is a comment too.

        open ──the author (or whoever may edit the draft) writes how it was resolved──▶ resolved

    Comments belong to the revision, not to a round: after a return for changes they stay on the draft, so the
    author resolves them while editing and the reviewer of the next round reads how (services/comments.py).
    """

    history_hidden = True  # belongs to a draft; shown on the revision page to those who may see it

    class Section(models.TextChoices):
        # The sections of the Vietnamese template as the revision page shows them (models.CONTENT_FIELDS): 5.1–5.6
        # and the rich text are "5. Nội dung quy trình", the step table its own.
        GENERAL = "general", _("Chung")
        PURPOSE = "purpose", _("1. Mục đích")
        SCOPE = "scope", _("2. Phạm vi áp dụng")
        REFERENCES = "references", _("3. Tài liệu viện dẫn")
        DEFINITIONS = "definitions", _("4. Định nghĩa")
        PROCEDURE = "procedure", _("5. Nội dung quy trình")
        STEPS = "steps", _("5.7 Bảng các bước")
        FORMS = "forms", _("6. Biểu mẫu")
        RECORDS = "records", _("7. Hồ sơ cần lưu")

    revision = models.ForeignKey("processes.Revision", on_delete=models.CASCADE, related_name="comments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("vòng"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("người góp ý"))
    section = models.CharField(_("mục"), max_length=20, choices=Section.choices, default=Section.GENERAL)
    text = models.TextField(_("ý kiến"))
    is_rejection = models.BooleanField(_("trả lại dự thảo"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolution = models.TextField(_("cách giải quyết"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("người giải quyết"))
    resolved_at = models.DateTimeField(_("thời điểm giải quyết"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Resolved means: who, when and how, all three; open means none of them.
            models.CheckConstraint(
                condition=(Q(resolved_by__isnull=True) & Q(resolved_at__isnull=True) & Q(resolution=""))
                | (Q(resolved_by__isnull=False) & Q(resolved_at__isnull=False) & ~Q(resolution="")),
                name="review_comment_resolved_all_or_nothing",
            ),
        ]

    def __str__(self):
        return f"{self.get_section_display()}: {self.text[:40]}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class DistributionEntry(models.Model):
    """Who receives a document (DOC-10): a whole department or one person."""

    document = models.ForeignKey("processes.Document", on_delete=models.CASCADE, related_name="distribution")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                   verbose_name=_("phòng / bộ phận"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("cá nhân"))
    copies = models.PositiveSmallIntegerField(_("số lượng bản"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(department__isnull=False) & Q(user__isnull=True))
                | (Q(department__isnull=True) & Q(user__isnull=False)),
                name="distribution_department_xor_user",
            ),
            models.UniqueConstraint(fields=["document", "department"], condition=Q(department__isnull=False),
                                    name="distribution_department_once"),
            models.UniqueConstraint(fields=["document", "user"], condition=Q(user__isnull=False),
                                    name="distribution_user_once"),
        ]

    def __str__(self):
        return str(self.department or self.user)

    def clean(self):
        super().clean()
        if bool(self.department_id) == bool(self.user_id):
            raise ValidationError(_("Chọn một phòng hoặc một cá nhân."))


class Acknowledgement(models.Model):
    """"Đã đọc và hiểu": created as a request when a revision becomes effective, completed by the reader."""

    revision = models.ForeignKey("processes.Revision", on_delete=models.CASCADE, related_name="acknowledgements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements")
    requested_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("đã đọc và hiểu lúc"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "user"], name="acknowledgement_once")]
        indexes = [
            # "My work": a user's pending acknowledgements.
            models.Index(fields=["user", "acknowledged_at"], name="ack_pending"),
        ]

    def __str__(self):
        return f"{self.user} – {self.revision}"


class ChangeRequest(ChoiceLabels, models.Model):
    """A staff member's request to change a document (DOC-9).

    open ──accept──▶ accepted (a draft revision is opened, linked here)
    open ──decline (reason)──▶ declined
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ xử lý")
        ACCEPTED = "accepted", _("Đã chấp nhận")
        DECLINED = "declined", _("Đã từ chối")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("processes.Document", on_delete=models.PROTECT, related_name="change_requests",
                                 verbose_name=_("tài liệu"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("người đề nghị"))
    reason = models.TextField(_("lý do / vấn đề gặp phải"))
    proposal = models.TextField(_("đề xuất sửa đổi"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("lý do quyết định"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.document.code}: {self.reason[:40]}"


class PeriodicReview(ChoiceLabels, models.Model):
    """The record of one periodic review of a document (DOC-8)."""

    class Outcome(models.TextChoices):
        KEEP = "keep", _("Giữ nguyên (còn phù hợp)")
        REVISE = "revise", _("Cần sửa đổi")
        WITHDRAW = "withdraw", _("Hủy bỏ tài liệu")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("processes.Document", on_delete=models.PROTECT, related_name="periodic_reviews")
    revision = models.ForeignKey("processes.Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    due_date = models.DateField(_("hạn xem xét"), null=True, blank=True)
    outcome = models.CharField(_("kết luận"), max_length=10, choices=Outcome.choices)
    notes = models.TextField(_("nhận xét"), blank=True)
    next_due = models.DateField(_("hạn xem xét tiếp theo"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self):
        return f"{self.document.code} – {self.get_outcome_display()}"
