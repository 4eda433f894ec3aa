"""Internal audits (8.2.2): the yearly programme, audits, checklists and findings.

An audit's life::

    planned ──start──▶ in_progress ──issue report──▶ reported ──close (every NC verified)──▶ closed
                           ▲                             │
                           └──────── reopen (reason) ────┘

- ``start`` needs dates and a lead auditor;
- findings and checklist answers are recorded only while ``in_progress``;
- ``issue report`` warns about unanswered checklist items (the lead auditor confirms) and
  notifies the heads of the audited departments;
- ``close`` is refused while a nonconformity raised by the audit is not verified effective.

Every transition is a keyword-only function in ``audits.internal.services``; nothing here changes status.
Auditor independence (8.2.2 "auditors shall not audit their own work") is checked there too: it
spans many-to-many relations (team, scope departments, scope documents), which a database
constraint cannot see, so every service that can create a conflict calls
``assert_independent`` (audits/internal/services/planning.py) before it writes.
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.capa.models import Nonconformity
from qms.core import clauses as iso_clauses
from qms.core.models import Agency, ChoiceLabels, Department

# The clauses of ISO 9001:2008 an internal audit can take as criteria (coverage rows).
AUDITABLE_CLAUSES = [
    ("4.1", _("Yêu cầu chung")),
    ("4.2.1", _("Yêu cầu về hệ thống tài liệu – khái quát")),
    ("4.2.2", _("Sổ tay chất lượng")),
    ("4.2.3", _("Kiểm soát tài liệu")),
    ("4.2.4", _("Kiểm soát hồ sơ")),
    ("5.1", _("Cam kết của lãnh đạo")),
    ("5.2", _("Hướng vào khách hàng")),
    ("5.3", _("Chính sách chất lượng")),
    ("5.4", _("Hoạch định (mục tiêu chất lượng)")),
    ("5.5", _("Trách nhiệm, quyền hạn và trao đổi thông tin")),
    ("5.6", _("Xem xét của lãnh đạo")),
    ("6.1", _("Cung cấp nguồn lực")),
    ("6.2", _("Nguồn nhân lực")),
    ("6.3", _("Cơ sở hạ tầng")),
    ("6.4", _("Môi trường làm việc")),
    ("7.1", _("Hoạch định việc tạo sản phẩm")),
    ("7.2", _("Các quá trình liên quan đến khách hàng")),
    ("7.5", _("Cung cấp dịch vụ")),
    ("8.2.1", _("Sự thỏa mãn của khách hàng")),
    ("8.2.2", _("Đánh giá nội bộ")),
    ("8.2.3", _("Theo dõi và đo lường các quá trình")),
    ("8.3", _("Kiểm soát sản phẩm không phù hợp")),
    ("8.4", _("Phân tích dữ liệu")),
    ("8.5.1", _("Cải tiến liên tục")),
    ("8.5.2", _("Hành động khắc phục")),
    ("8.5.3", _("Hành động phòng ngừa")),
]

# The same for an agency on ISO 9001:2015 (issue 18): what a programme must cover, titles from the core's catalogue.
AUDITABLE_CLAUSES_2015 = [(code, iso_clauses.clause_title(iso_clauses.EDITION_2015, code)) for code in (
    "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "7.1", "7.2", "7.3", "7.4", "7.5",
    "8.1", "8.2", "8.4", "8.5", "8.6", "8.7", "9.1.2", "9.1.3", "9.2", "9.3", "10.2", "10.3",
)]


def auditable_clauses(edition):
    return AUDITABLE_CLAUSES_2015 if edition == iso_clauses.EDITION_2015 else AUDITABLE_CLAUSES


def split_clauses(text):
    """ "4.2.3, 8.2.2;7.5" → ["4.2.3", "8.2.2", "7.5"] (order kept, duplicates dropped)."""
    seen = []
    for part in (text or "").replace(";", ",").split(","):
        part = unicodedata.normalize("NFC", part).strip()
        if part and part not in seen:
            seen.append(part)
    return seen


def clause_covers(criterion, clause):
    """Does an audit criterion cover a clause? "4.2" covers "4.2.3"; "4.2.3.d" covers "4.2.3"."""
    return criterion == clause or clause.startswith(criterion + ".") or criterion.startswith(clause + ".")


class AuditProgramme(models.Model):
    """The agency's audit programme for one year (AUD-1): the audits it plans, by target month."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audit_programmes", verbose_name=_("cơ quan"))
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên chương trình"), max_length=255)
    objectives = models.TextField(
        _("mục tiêu, căn cứ lập chương trình"), blank=True,
        help_text=_("Tình trạng, tầm quan trọng của các quá trình và kết quả đánh giá năm trước."),
    )
    # Last audit number used in this programme; locked while a new audit takes the next one.
    last_audit_number = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["last_audit_number"])

    class Meta:
        verbose_name = _("chương trình đánh giá")
        verbose_name_plural = _("chương trình đánh giá")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="audit_programme_one_per_agency_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="audit_programme_year_sane"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.agency_id and self.year:
            clash = AuditProgramme.objects.filter(agency_id=self.agency_id, year=self.year).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"year": _("Cơ quan đã có chương trình đánh giá cho năm này.")})

    def get_absolute_url(self):
        return reverse("audits:programme_detail", kwargs={"pk": self.pk})


class AuditQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def of_year(self, year):
        return self.filter(programme__year=year)

    def open(self):
        return self.exclude(status=Audit.Status.CLOSED)

    def assigned_to(self, user):
        """Audits where the user is lead auditor or on the team."""
        return self.filter(Q(lead_auditor=user) | Q(team=user)).distinct()

    def visible_to(self, user):
        """Audits a user may read: QMS managers and auditors see the agency's; others those they take part in."""
        from qms.core.access import MANAGERS
        from qms.core.models import Role

        qs = self.for_agency(user.agency)
        if user.has_role(*MANAGERS, Role.AUDITOR, Role.REVIEWER):
            return qs
        return qs.filter(Q(lead_auditor=user) | Q(team=user) | Q(auditees=user)).distinct()

    def with_counts(self):
        return self.annotate(
            finding_count=Count("findings", distinct=True),
            nc_count=Count(
                "findings", filter=Q(findings__kind__in=Finding.NC_KINDS), distinct=True
            ),
        )


class Audit(ChoiceLabels, models.Model):
    """One audit of the programme (AUD-2). Transitions: see the module docstring."""

    class Type(models.TextChoices):
        INTERNAL = "internal", _("Đánh giá nội bộ")
        EXTERNAL = "external_oversight", _("Đánh giá bên ngoài / kiểm tra của cơ quan cấp trên")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lập kế hoạch")
        IN_PROGRESS = "in_progress", _("Đang đánh giá")
        REPORTED = "reported", _("Đã phát hành báo cáo")
        CLOSED = "closed", _("Đã kết thúc")

    # Carried out: its report is issued (or the audit is closed). Programme progress counts these (MR-3).
    DONE = (Status.REPORTED, Status.CLOSED)

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audits", verbose_name=_("cơ quan"))
    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.PROTECT, related_name="audits", verbose_name=_("chương trình đánh giá")
    )
    number = models.PositiveIntegerField(_("số thứ tự"))
    code = models.CharField(_("số hiệu cuộc đánh giá"), max_length=30)
    title = models.CharField(_("tên cuộc đánh giá"), max_length=255)
    audit_type = models.CharField(_("loại đánh giá"), max_length=20, choices=Type.choices, default=Type.INTERNAL)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    planned_month = models.PositiveSmallIntegerField(_("tháng dự kiến"))
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    objectives = models.TextField(_("mục tiêu đánh giá"), blank=True)
    # Scope (8.2.2: "scope defined"): departments and processes (their documents).
    departments = models.ManyToManyField(Department, blank=True, related_name="audits", verbose_name=_("phòng / bộ phận được đánh giá"))
    documents = models.ManyToManyField(
        "processes.Document", blank=True, related_name="audits_in_scope", verbose_name=_("quá trình / tài liệu được đánh giá")
    )
    # Criteria: ISO clauses (comma-separated list) and the agency's own documents.
    criteria_clauses = models.CharField(
        _("điều khoản ISO làm chuẩn mực"), max_length=255, blank=True, help_text=_("Ví dụ: 4.2.3, 4.2.4, 7.5")
    )
    criteria_documents = models.ManyToManyField(
        "processes.Document", blank=True, related_name="audits_as_criteria", verbose_name=_("tài liệu làm chuẩn mực")
    )
    lead_auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="audits_led",
        verbose_name=_("trưởng đoàn đánh giá"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="audits_on_team", verbose_name=_("thành viên đoàn đánh giá")
    )
    auditees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="audits_as_auditee", verbose_name=_("bên được đánh giá")
    )
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    conclusion = models.TextField(_("kết luận của đoàn đánh giá"), blank=True)
    reported_at = models.DateTimeField(_("ngày phát hành báo cáo"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    closed_at = models.DateTimeField(_("ngày kết thúc cuộc đánh giá"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The audit list's search box (qms.core.search), written by audit_create and audit_update.
    SEARCH_FIELDS = ("code", "title", "objectives", "criteria_clauses")
    search_folded = models.TextField(blank=True, editable=False)
    # Derived from fields history already keeps: not copied into every history row.
    history = HistoricalRecords(m2m_fields=[departments, documents, team], excluded_fields=["search_folded"])

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc đánh giá")
        verbose_name_plural = _("cuộc đánh giá")
        ordering = ["programme__year", "planned_month", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="audit_number_unique_in_programme"),
            models.UniqueConstraint(fields=["agency", "code"], name="audit_code_unique_in_agency"),
            models.CheckConstraint(
                condition=Q(planned_month__gte=1) & Q(planned_month__lte=12), name="audit_planned_month_1_12"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(start_date__lte=F("end_date")),
                name="audit_start_not_after_end",
            ),
            # Work starts only with dates and a lead auditor.
            models.CheckConstraint(
                condition=Q(status="planned")
                | (Q(start_date__isnull=False) & Q(end_date__isnull=False) & Q(lead_auditor__isnull=False)),
                name="audit_started_has_dates_and_lead",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="audit_agency_status"),
            # The provincial overview's last audit carried out per agency, answered from this index alone.
            models.Index(fields=["agency", "end_date"], condition=Q(status__in=["reported", "closed"]), name="audit_done_by_agency_end"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.start_date > self.end_date:
            errors["end_date"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.programme_id:
            year = self.programme.year
            for name in ("start_date", "end_date"):
                value = getattr(self, name)
                if value and value.year != year and name not in errors:
                    errors[name] = _("Ngày phải nằm trong năm của chương trình (%(year)s).") % {"year": year}
        if self.planned_month and not 1 <= self.planned_month <= 12:
            errors["planned_month"] = _("Tháng dự kiến từ 1 đến 12.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("audits:audit_detail", kwargs={"pk": self.pk})

    @property
    def clause_list(self):
        return split_clauses(self.criteria_clauses)

    @property
    def is_open_for_work(self):
        return self.status == self.Status.IN_PROGRESS

    @property
    def status_css(self):
        return {
            self.Status.PLANNED: "status-info",
            self.Status.IN_PROGRESS: "status-warn",
            self.Status.REPORTED: "status-ok",
            self.Status.CLOSED: "",
        }.get(self.status, "")

    def auditor_ids(self):
        ids = set(self.team.values_list("pk", flat=True))
        if self.lead_auditor_id:
            ids.add(self.lead_auditor_id)
        return ids


class ChecklistTemplate(models.Model):
    """Reusable audit questions for one clause or one process (AUD-3), one question per line."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="checklist_templates", verbose_name=_("cơ quan"))
    title = models.CharField(_("tên bộ câu hỏi"), max_length=255)
    clause = models.CharField(_("điều khoản ISO"), max_length=20, blank=True, help_text=_("Ví dụ: 4.2.3"))
    document = models.ForeignKey(
        "processes.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="checklist_templates",
        verbose_name=_("quá trình / tài liệu"),
    )
    questions = models.TextField(_("câu hỏi"), help_text=_("Mỗi dòng một câu hỏi."))
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ câu hỏi mẫu")
        verbose_name_plural = _("bộ câu hỏi mẫu")
        ordering = ["clause", "title"]
        constraints = [
            # A template is about a clause, a process, or both; never about nothing.
            models.CheckConstraint(
                condition=~Q(clause="") | Q(document__isnull=False), name="checklist_template_clause_or_process"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if not (self.clause or "").strip() and not self.document_id:
            raise ValidationError(_("Bộ câu hỏi cần gắn với một điều khoản hoặc một quá trình."))
        if not self.question_list:
            raise ValidationError({"questions": _("Cần ít nhất một câu hỏi.")})

    @property
    def question_list(self):
        return [q.strip() for q in (self.questions or "").splitlines() if q.strip()]


class ChecklistItem(ChoiceLabels, models.Model):
    """One question of an audit's checklist, copied from a template (or written for this audit) and answered."""

    class Answer(models.TextChoices):
        UNANSWERED = "", _("Chưa trả lời")
        CONFORM = "conform", _("Phù hợp")
        NONCONFORM = "nonconform", _("Không phù hợp")
        OBSERVATION = "observation", _("Điểm lưu ý")
        NOT_APPLICABLE = "not_applicable", _("Không áp dụng")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="checklist_items", verbose_name=_("cuộc đánh giá"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    clause = models.CharField(_("điều khoản"), max_length=20, blank=True)
    question = models.TextField(_("câu hỏi"))
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answer = models.CharField(_("kết quả"), max_length=20, choices=Answer.choices, blank=True, default="")
    evidence = models.TextField(_("bằng chứng, ghi chép"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("câu hỏi đánh giá")
        verbose_name_plural = _("danh mục câu hỏi đánh giá")
        ordering = ["audit", "order", "pk"]

    def __str__(self):
        return self.question[:80]

    @property
    def is_answered(self):
        return bool(self.answer)

    @property
    def answer_css(self):
        return {
            self.Answer.CONFORM: "status-ok",
            self.Answer.NONCONFORM: "status-bad",
            self.Answer.OBSERVATION: "status-warn",
            self.Answer.NOT_APPLICABLE: "",
        }.get(self.answer, "status-info")


def checklist_upload_to(instance, filename):
    # The name is generated by the service (never the uploaded one); this only adds the folder.
    return f"audit-evidence/{instance.agency_id}/{filename}"


class ChecklistAttachment(models.Model):
    """A file backing a checklist answer. Type checked by content; name generated by the server."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=checklist_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tệp bằng chứng đánh giá")
        verbose_name_plural = _("tệp bằng chứng đánh giá")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Finding(ChoiceLabels, models.Model):
    """A finding of an audit (AUD-4). A major or minor NC finding is linked to the nonconformity it opened."""

    class Kind(models.TextChoices):
        MAJOR_NC = "major_nc", _("Không phù hợp nặng")
        MINOR_NC = "minor_nc", _("Không phù hợp nhẹ")
        OBSERVATION = "observation", _("Điểm lưu ý")
        OFI = "ofi", _("Cơ hội cải tiến")

    NC_KINDS = (Kind.MAJOR_NC, Kind.MINOR_NC)
    # What each kind means, shown beside it on the finding form (nothing is preselected).
    KIND_HELP = {
        Kind.MAJOR_NC: Nonconformity.SEVERITY_HELP[Nonconformity.Severity.MAJOR],
        Kind.MINOR_NC: Nonconformity.SEVERITY_HELP[Nonconformity.Severity.MINOR],
        Kind.OBSERVATION: _("Chưa vi phạm yêu cầu, nhưng có thể dẫn đến sự không phù hợp nếu không lưu ý."),
        Kind.OFI: _("Đã phù hợp; gợi ý để làm tốt hơn."),
    }
    KIND_MISSING = _("Chọn loại phát hiện: không phù hợp nặng, không phù hợp nhẹ, điểm lưu ý hoặc cơ hội cải tiến.")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="findings", verbose_name=_("cuộc đánh giá"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    kind = models.CharField(_("loại phát hiện"), max_length=20, choices=Kind.choices)
    clause = models.CharField(_("điều khoản"), max_length=20, help_text=_("Ví dụ: 4.2.3.d"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_findings", verbose_name=_("phòng / bộ phận")
    )
    requirement = models.TextField(_("yêu cầu (chuẩn mực)"), blank=True)
    description = models.TextField(_("nội dung phát hiện"))
    evidence = models.TextField(_("bằng chứng khách quan"), blank=True)
    checklist_item = models.ForeignKey(
        ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="findings", verbose_name=_("câu hỏi liên quan")
    )
    # The link to the NC lives here so the NC model needs no change; the NC reaches back with nc.finding.
    nonconformity = models.OneToOneField(
        "audits.Nonconformity", on_delete=models.PROTECT, null=True, blank=True, related_name="finding",
        verbose_name=_("phiếu sự không phù hợp"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phát hiện đánh giá")
        verbose_name_plural = _("phát hiện đánh giá")
        ordering = ["audit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="finding_number_unique_in_audit"),
            # Only an NC finding links to a nonconformity.
            models.CheckConstraint(
                condition=Q(nonconformity__isnull=True) | Q(kind__in=["major_nc", "minor_nc"]),
                name="finding_nc_link_only_for_nc_kinds",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["major_nc", "minor_nc", "observation", "ofi"]), name="finding_kind_chosen"
            ),
        ]

    def __str__(self):
        return f"{self.audit.code}/{self.number}"

    @property
    def is_nc(self):
        return self.kind in self.NC_KINDS

    @property
    def kind_css(self):
        return {
            self.Kind.MAJOR_NC: "status-bad",
            self.Kind.MINOR_NC: "status-bad",
            self.Kind.OBSERVATION: "status-warn",
            self.Kind.OFI: "status-info",
        }[self.kind]

    @property
    def nc_url(self):
        """Link to the NC page when the NC views exist (built in parallel)."""
        if not self.nonconformity_id:
            return ""
        try:
            return reverse("audits:nc_detail", kwargs={"pk": self.nonconformity_id})
        except NoReverseMatch:
            return ""
