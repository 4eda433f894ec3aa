"""Controlled documents (ISO 9001:2008 4.2.3): the register and its revisions.

A Document is the register entry (code, title, type, owner). Its content lives in Revisions
("Lần ban hành" 01, 02…); exactly one revision is effective at any moment. Approved content
never changes: the revision's content fields are locked from approval on (see
``Revision.save``), and the signatures carry a hash of what was signed.

The records of their life (review assignments, signatures, comments, distribution, acknowledgements,
change requests, periodic reviews) are defined in records.py and imported here: every model of the
subject is imported from this module.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from processes.documents.records import (  # noqa: F401  (defined there, imported from here: see records.py)
    Acknowledgement,
    ChangeRequest,
    DistributionEntry,
    PeriodicReview,
    ReviewAssignment,
    ReviewComment,
    Signature,
)
from qms.core import text as vntext
from qms.core.models import Agency, ChoiceLabels, Department

# ISO 9001:2008 clauses offered in the register's clause filter and form.
ISO_CLAUSES = [
    ("4.1", "4.1 Yêu cầu chung"),
    ("4.2.1", "4.2.1 Khái quát (tài liệu)"),
    ("4.2.2", "4.2.2 Sổ tay chất lượng"),
    ("4.2.3", "4.2.3 Kiểm soát tài liệu"),
    ("4.2.4", "4.2.4 Kiểm soát hồ sơ"),
    ("5.1", "5.1 Cam kết của lãnh đạo"),
    ("5.2", "5.2 Hướng vào khách hàng"),
    ("5.3", "5.3 Chính sách chất lượng"),
    ("5.4.1", "5.4.1 Mục tiêu chất lượng"),
    ("5.4.2", "5.4.2 Hoạch định hệ thống"),
    ("5.5", "5.5 Trách nhiệm, quyền hạn, trao đổi thông tin"),
    ("5.6", "5.6 Xem xét của lãnh đạo"),
    ("6.1", "6.1 Cung cấp nguồn lực"),
    ("6.2", "6.2 Nguồn nhân lực"),
    ("6.3", "6.3 Cơ sở hạ tầng"),
    ("6.4", "6.4 Môi trường làm việc"),
    ("7.1", "7.1 Hoạch định việc tạo sản phẩm"),
    ("7.2", "7.2 Các quá trình liên quan đến khách hàng"),
    ("7.5", "7.5 Cung cấp dịch vụ"),
    ("7.5.4", "7.5.4 Tài sản của khách hàng"),
    ("8.2.1", "8.2.1 Sự thỏa mãn của khách hàng"),
    ("8.2.2", "8.2.2 Đánh giá nội bộ"),
    ("8.2.3", "8.2.3 Theo dõi và đo lường quá trình"),
    ("8.3", "8.3 Kiểm soát sản phẩm không phù hợp"),
    ("8.4", "8.4 Phân tích dữ liệu"),
    ("8.5.2", "8.5.2 Hành động khắc phục"),
    ("8.5.3", "8.5.3 Hành động phòng ngừa"),
]


class DocumentQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def current(self):
        """Documents with an effective revision (the master list)."""
        return self.filter(revisions__status=Revision.Status.EFFECTIVE)

    def review_due(self, on=None):
        on = on or timezone.localdate()
        return self.filter(next_review_due__isnull=False, next_review_due__lte=on, withdrawn_at__isnull=True)


class Document(ChoiceLabels, models.Model):
    """One entry of the agency's document register (DOC-1)."""

    class Type(models.TextChoices):
        POLICY = "policy", _("Chính sách chất lượng")
        OBJECTIVES = "objectives", _("Mục tiêu chất lượng")
        MANUAL = "manual", _("Sổ tay chất lượng")
        PROCEDURE = "procedure", _("Quy trình")
        WORK_INSTRUCTION = "instruction", _("Hướng dẫn công việc")
        FORM = "form", _("Biểu mẫu")
        EXTERNAL = "external", _("Tài liệu bên ngoài")
        OTHER = "other", _("Tài liệu khác")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents", verbose_name=_("cơ quan"))
    code = models.CharField(_("mã hiệu"), max_length=40)
    title = models.CharField(_("tên tài liệu"), max_length=255)
    doc_type = models.CharField(_("loại tài liệu"), max_length=20, choices=Type.choices, default=Type.PROCEDURE)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("đơn vị chủ trì"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="owned_documents",
        verbose_name=_("người chủ trì quá trình"),
    )
    clauses = models.CharField(
        _("điều khoản ISO"), max_length=200, blank=True, help_text=_("Ví dụ: 4.2.3, 7.5 (cách nhau bởi dấu phẩy)")
    )
    is_public = models.BooleanField(_("công khai cho người dân"), default=False)
    review_interval_months = models.PositiveSmallIntegerField(_("chu kỳ xem xét (tháng)"), default=12)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="forms",
        verbose_name=_("thuộc quy trình"), limit_choices_to={"doc_type": "procedure"},
    )
    # External documents (4.2.3 f): identified by their issuer, number and date, kept as a file.
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    external_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    external_date = models.DateField(_("ngày ban hành (văn bản ngoài)"), null=True, blank=True)
    external_file = models.FileField(_("tệp văn bản"), upload_to="external/%Y/", blank=True)
    external_file_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    next_review_due = models.DateField(_("hạn xem xét định kỳ"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ngày hủy bỏ"), null=True, blank=True)
    # Folded (accent-less, đ→d) and lower-case code + title, written by services.search.refresh_document_search().
    search_folded = models.TextField(blank=True, editable=False)
    search_exact = models.TextField(blank=True, editable=False)
    # The code folded without punctuation or spaces ("QT-05" → "qt05"): "qt05", "qt 05" find QT-05 first.
    search_code = models.TextField(blank=True, editable=False)  # (text: folding may lengthen an exotic code)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords(excluded_fields=["search_code"])  # derived from the code, which history keeps

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="document_code_unique_in_agency"),
        ]
        indexes = [
            # Periodic-review reminders look up documents due by date.
            models.Index(fields=["next_review_due"], name="document_review_due"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        super().clean()
        if self.code and self.agency_id:
            clash = Document.objects.filter(agency_id=self.agency_id, code__iexact=self.code).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"code": _("Mã hiệu này đã được dùng cho một tài liệu khác của cơ quan.")})
        if self.parent_id and self.parent.agency_id != self.agency_id:
            raise ValidationError({"parent": _("Quy trình này không thuộc cơ quan.")})
        if self.department_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("Phòng này không thuộc cơ quan.")})

    @property
    def clause_list(self):
        return [c.strip() for c in self.clauses.split(",") if c.strip()]

    @property
    def is_external(self):
        return self.doc_type == self.Type.EXTERNAL


class RevisionQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def effective(self):
        return self.filter(status=Revision.Status.EFFECTIVE)

    def due(self, today):
        return self.filter(status=Revision.Status.APPROVED, effective_date__lte=today)

    # Which revisions a user may open is decided in permissions.py (visible_revisions, beside can_view_revision):
    # permissions is built on these models, so the models do not import it back (one way, no import cycle).


# Content fields: what is signed, hashed, compared and locked after approval.
CONTENT_FIELDS = [
    "purpose", "scope", "references", "definitions", "procedure_html", "steps", "records", "forms",
    "legal_basis", "dossier", "dossier_count", "processing_time_days", "fee", "submit_place",
]


class Revision(ChoiceLabels, models.Model):
    """One issue ("Lần ban hành") of a document.

    Allowed transitions (services/revisions.py and services/changes.py do each one):

        draft ──submit──▶ in_review ──all reviewers + approver sign──▶ approved ──effective date──▶ effective
          ▲                  │                                                                       │
          └──── reject ──────┘ (comment required)                     next issue effective ──▶ superseded
        draft ──cancel──▶ cancelled                                   document withdrawn ──▶ obsolete

    From "approved" on, the content fields never change (Revision.save refuses it).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        IN_REVIEW = "in_review", _("Đang xem xét")
        APPROVED = "approved", _("Đã phê duyệt")
        EFFECTIVE = "effective", _("Đang hiệu lực")
        SUPERSEDED = "superseded", _("Đã bị thay thế")
        OBSOLETE = "obsolete", _("Hết hiệu lực")
        CANCELLED = "cancelled", _("Đã hủy")

    LOCKED = (Status.APPROVED, Status.EFFECTIVE, Status.SUPERSEDED, Status.OBSOLETE)
    OPEN = (Status.DRAFT, Status.IN_REVIEW)
    # The content (2–20 pages and its search text): lists that show codes, titles and dates defer these.
    BODY_FIELDS = ("purpose", "scope", "references", "definitions", "legal_basis", "dossier", "procedure_html",
                   "steps", "forms", "records", "search_folded")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("tài liệu"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    issue_number = models.PositiveSmallIntegerField(_("lần ban hành"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    # Content, in the order of the Vietnamese template.
    purpose = models.TextField(_("1. Mục đích"), blank=True)
    scope = models.TextField(_("2. Phạm vi áp dụng"), blank=True)
    references = models.TextField(_("3. Tài liệu viện dẫn"), blank=True)
    definitions = models.TextField(_("4. Định nghĩa / chữ viết tắt"), blank=True)
    legal_basis = models.TextField(_("5.1 Cơ sở pháp lý"), blank=True)
    dossier = models.TextField(_("5.2 Thành phần hồ sơ"), blank=True)
    dossier_count = models.CharField(_("5.3 Số lượng hồ sơ"), max_length=100, blank=True)
    processing_time_days = models.PositiveSmallIntegerField(_("5.4 Thời gian xử lý (ngày làm việc)"), null=True, blank=True)
    submit_place = models.CharField(_("5.5 Nơi tiếp nhận và trả kết quả"), max_length=255, blank=True)
    fee = models.CharField(_("5.6 Lệ phí"), max_length=255, blank=True)
    procedure_html = models.TextField(_("5. Nội dung quy trình"), blank=True)
    # [{"step": "B1", "responsibility": "...", "description": "...", "time": "0,5 ngày", "forms": "BM-01"}]
    steps = models.JSONField(_("5.7 Quy trình xử lý công việc"), default=list, blank=True)
    # [{"code": "BM-05-01", "name": "..."}]
    forms = models.JSONField(_("6. Biểu mẫu"), default=list, blank=True)
    # [{"name": "...", "keeper": "...", "place": "...", "retention": "..."}]
    records = models.JSONField(_("7. Hồ sơ cần lưu"), default=list, blank=True)

    change_summary = models.TextField(_("nội dung sửa đổi"), blank=True)
    change_location = models.CharField(_("trang / mục sửa đổi"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_revisions", verbose_name=_("người soạn thảo")
    )
    change_request = models.ForeignKey(
        "ChangeRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions",
        verbose_name=_("đề nghị sửa đổi"),
    )
    review_round = models.PositiveSmallIntegerField(_("vòng xem xét"), default=0)
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    submitted_at = models.DateTimeField(_("ngày trình"), null=True, blank=True)
    approved_at = models.DateTimeField(_("ngày phê duyệt"), null=True, blank=True)
    effective_date = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    effective_at = models.DateTimeField(_("thời điểm có hiệu lực"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("thời điểm bị thay thế"), null=True, blank=True)
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64, blank=True)
    search_folded = models.TextField(blank=True, editable=False)
    history = HistoricalRecords()
    history_agency_path = "agency"

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần ban hành")
        verbose_name_plural = _("lần ban hành")
        ordering = ["document", "-issue_number"]
        constraints = [
            # A cancelled draft gives its issue number back to the next draft.
            models.UniqueConstraint(
                fields=["document", "issue_number"], condition=~Q(status="cancelled"),
                name="revision_issue_unique_per_document",
            ),
            models.UniqueConstraint(
                fields=["document"], condition=Q(status="effective"), name="one_effective_revision_per_document"
            ),
            models.UniqueConstraint(
                fields=["document"], condition=Q(status__in=["draft", "in_review"]),
                name="one_open_revision_per_document",
            ),
            models.CheckConstraint(condition=Q(issue_number__gte=1), name="revision_issue_number_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "effective", "superseded"]) | Q(effective_date__isnull=False),
                name="approved_revision_has_effective_date",
            ),
        ]
        indexes = [
            # Pages and the daily job look for approved revisions due today (ensure_current). Partial: the
            # approved-but-not-yet-effective revisions are a handful among 50,000, and a full (status, date)
            # index looks unselective to SQLite's planner, which then scans the agency's revisions.
            models.Index(fields=["agency", "effective_date"], condition=Q(status="approved"), name="revision_due_approved"),
            # Search reads the effective bodies of one agency: a fifth of its revisions, whose search text is
            # only read once the row is chosen (the others' long texts are never touched).
            models.Index(fields=["agency", "document"], condition=Q(status="effective"), name="revision_effective_by_agency"),
        ]

    def __str__(self):
        return f"{self.document.code} – {_('Lần ban hành')} {self.issue_label}"

    @property
    def issue_label(self):
        return f"{self.issue_number:02d}"

    @property
    def is_locked(self):
        return self.status in self.LOCKED

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    @property
    def is_historic(self):
        return self.status in (self.Status.SUPERSEDED, self.Status.OBSOLETE)

    def content(self):
        return {name: getattr(self, name) for name in CONTENT_FIELDS}

    def compute_hash(self):
        payload = {
            "document": self.document.code,
            "title": self.document.title,
            "issue": self.issue_number,
            "content": self.content(),
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(vntext.nfc(raw).encode("utf-8")).hexdigest()

    @property
    def step_days_total(self):
        """Sum of the step table's times in working days; None when no step gives a number."""
        from processes.documents.content import parse_days

        total, found = 0.0, False
        for step in self.steps or []:
            days = parse_days(step.get("time", ""))
            if days is not None:
                total += days
                found = True
        return round(total, 2) if found else None

    @property
    def time_mismatch(self):
        total = self.step_days_total
        return (
            self.processing_time_days is not None and total is not None and abs(total - self.processing_time_days) > 0.01
        )

    def save(self, *args, **kwargs):
        # Approved content is immutable: the one place that guards it whatever the caller.
        # (The state changes themselves live in services/; this only refuses a content edit.)
        if self.pk:
            stored = Revision.objects.filter(pk=self.pk).values("status", *CONTENT_FIELDS).first()
            if stored and stored["status"] in self.LOCKED:
                changed = [f for f in CONTENT_FIELDS if stored[f] != getattr(self, f)]
                if changed:
                    raise RevisionLocked(changed)
        super().save(*args, **kwargs)

class RevisionLocked(ValidationError):
    def __init__(self, fields=()):
        self.locked_fields = list(fields)
        super().__init__(
            _("Nội dung của lần ban hành đã phê duyệt không được thay đổi. Hãy tạo lần ban hành mới."),
            code="revision_locked",
        )
