"""Nonconformities and the corrective / preventive actions that answer them (8.3, 8.5.2, 8.5.3).

A nonconformity (NC) is numbered NC-<year>-<nnn> per agency and year. Its life::

    open ──record correction──▶ correction ──analyse cause──▶ cause_analysed ──plan──▶ actions_planned
      │   (a potential NC skips the correction: nothing has gone wrong yet)                      │
      │                                                                      last action done    ▼
      │                    ◀──────── "not effective": back for new actions ───────────── actions_done
      │                                                                                          │
      ▼                                                                        "effective"       ▼
    rejected (unfounded, reason)                                            verified ──close──▶ closed
      │                                                                                          │
      └──────────────────────────── reopen (reason) ──▶ open ◀──────────── reopen (reason) ─────┘

Every transition is a keyword-only function in ``audits.capa.services``; nothing here changes state.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency, ChoiceLabels, Department


class NonconformityCounter(models.Model):
    """The last NC number used by an agency in a year; locked while a new number is taken."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="nc_counter_unique_agency_year")]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last_number}"


class NonconformityQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def active(self):
        """Still being worked on: neither closed nor rejected."""
        return self.exclude(status__in=[Nonconformity.Status.CLOSED, Nonconformity.Status.REJECTED])

    def verified_effective(self):
        """Effectiveness verified (8.2.2 follow-up, 8.5.2.f): status verified or closed."""
        return self.filter(status__in=Nonconformity.VERIFIED_EFFECTIVE)

    def not_verified_effective(self):
        return self.exclude(status__in=Nonconformity.VERIFIED_EFFECTIVE)

    def with_overdue_actions(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Exists(Action.objects.open().overdue(today).filter(nc=OuterRef("pk"))))

    def annotate_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.annotate(has_overdue=Exists(Action.objects.open().overdue(today).filter(nc=OuterRef("pk"))))


class Nonconformity(ChoiceLabels, models.Model):
    """A nonconformity or a potential one (preventive action path). Transitions: see the module docstring."""

    class Kind(models.TextChoices):
        NONCONFORMITY = "nonconformity", _("Sự không phù hợp")
        POTENTIAL = "potential", _("Sự không phù hợp tiềm ẩn (phòng ngừa)")

    class Source(models.TextChoices):
        INTERNAL_AUDIT = "internal_audit", _("Đánh giá nội bộ")
        EXTERNAL_AUDIT = "external_audit", _("Đánh giá bên ngoài")
        CITIZEN_FEEDBACK = "citizen_feedback", _("Phản ánh, kiến nghị của người dân")
        PROCESS_MONITORING = "process_monitoring", _("Theo dõi quá trình")
        MANAGEMENT_REVIEW = "management_review", _("Xem xét của lãnh đạo")
        STAFF_REPORT = "staff_report", _("Cán bộ phát hiện")
        # A quality objective missed its target (8.2.3: opened from the objective's page).
        QUALITY_OBJECTIVE = "quality_objective", _("Mục tiêu chất lượng không đạt")
        # A one-stop file returned or ready after its appointment (cases/late: opened from the late-files list).
        LATE_CASE = "late_case", _("Hồ sơ trễ hạn")

    class Severity(models.TextChoices):
        MAJOR = "major", _("Không phù hợp nặng")
        MINOR = "minor", _("Không phù hợp nhẹ")

    class Status(models.TextChoices):
        OPEN = "open", _("Mới ghi nhận")
        CORRECTION = "correction", _("Đã khắc phục")
        CAUSE_ANALYSED = "cause_analysed", _("Đã phân tích nguyên nhân")
        ACTIONS_PLANNED = "actions_planned", _("Đã lập kế hoạch hành động")
        ACTIONS_DONE = "actions_done", _("Đã thực hiện hành động")
        VERIFIED = "verified", _("Đã kiểm tra hiệu lực")
        CLOSED = "closed", _("Đã đóng")
        REJECTED = "rejected", _("Bác bỏ (không có cơ sở)")

    class Disposition(models.TextChoices):
        """How a nonconforming output was dealt with (8.3 a–d)."""

        NONE = "", _("Không có đầu ra không phù hợp")
        FIXED = "fixed", _("Đã xử lý, loại bỏ sự không phù hợp")
        CONCESSION = "concession", _("Nhân nhượng (được người có thẩm quyền chấp nhận)")
        USE_PREVENTED = "use_prevented", _("Ngăn chặn việc sử dụng / chuyển giao")
        AFTER_DELIVERY = "after_delivery", _("Xử lý hậu quả sau khi đã chuyển giao")

    class CauseCategory(models.TextChoices):
        PEOPLE = "people", _("Con người")
        METHOD = "method", _("Phương pháp")
        EQUIPMENT = "equipment", _("Thiết bị")
        MATERIAL = "material", _("Nguyên vật liệu, hồ sơ đầu vào")
        MEASUREMENT = "measurement", _("Đo lường, kiểm tra")
        ENVIRONMENT = "environment", _("Môi trường làm việc")

    # What each grade means, shown beside it wherever a person chooses one (nothing is preselected).
    SEVERITY_HELP = {
        Severity.MAJOR: _("Một yêu cầu không được đáp ứng, hoặc sai sót lặp lại có hệ thống, ảnh hưởng đến kết quả "
                          "giải quyết công việc."),
        Severity.MINOR: _("Một sai sót đơn lẻ; yêu cầu về cơ bản vẫn được đáp ứng."),
    }
    SEVERITY_MISSING = _("Chọn mức độ: không phù hợp nặng hoặc không phù hợp nhẹ.")

    VERIFIED_EFFECTIVE = (Status.VERIFIED, Status.CLOSED)
    # The order of the normal path, for the stepper on the detail page.
    PATH = (
        Status.OPEN,
        Status.CORRECTION,
        Status.CAUSE_ANALYSED,
        Status.ACTIONS_PLANNED,
        Status.ACTIONS_DONE,
        Status.VERIFIED,
        Status.CLOSED,
    )

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="nonconformities", verbose_name=_("cơ quan"))
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    reference = models.CharField(_("số phiếu"), max_length=20)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.NONCONFORMITY)
    source = models.CharField(_("nguồn phát hiện"), max_length=30, choices=Source.choices)
    source_ref = models.CharField(
        _("tham chiếu nguồn"), max_length=200, blank=True, help_text=_("Ví dụ: số cuộc đánh giá, mã phản ánh.")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("phòng / bộ phận"),
    )
    # The procedure or document concerned: a register entry when there is one, free text otherwise
    # (a process without its own document, a citizen's wording).
    document = models.ForeignKey(
        "processes.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("tài liệu liên quan"),
    )
    process_ref = models.CharField(_("quá trình / tài liệu liên quan"), max_length=255, blank=True)
    clause = models.CharField(_("điều khoản ISO"), max_length=20, blank=True)
    # No default: the grade is a judgement the person recording the NC makes (nc_severity_chosen).
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("mô tả sự không phù hợp"))
    detected_on = models.DateField(_("ngày phát hiện"))
    detected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người phát hiện"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities_responsible",
        verbose_name=_("người chịu trách nhiệm xử lý"),
        help_text=_("Mặc định là trưởng phòng của bộ phận liên quan."),
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPEN)

    # 8.3: correction and, for a nonconforming output, its disposition; re-verified after correction.
    correction = models.TextField(_("biện pháp khắc phục tức thời"), blank=True)
    disposition = models.CharField(
        _("xử lý đầu ra không phù hợp"), max_length=20, choices=Disposition.choices, blank=True, default=""
    )
    concession_by = models.CharField(_("người có thẩm quyền cho phép nhân nhượng"), max_length=200, blank=True)
    reverification = models.TextField(_("kết quả kiểm tra lại sau khắc phục"), blank=True)
    correction_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người ghi nhận khắc phục"),
    )
    correction_on = models.DateField(_("ngày khắc phục"), null=True, blank=True)

    # 8.5.2.b–c: root cause (the 5-Why chain is in WhyStep) and whether action is needed.
    cause_category = models.CharField(
        _("nhóm nguyên nhân"), max_length=20, choices=CauseCategory.choices, blank=True
    )
    cause_conclusion = models.TextField(_("kết luận nguyên nhân gốc"), blank=True)
    action_needed = models.BooleanField(_("cần hành động khắc phục / phòng ngừa"), null=True, blank=True)
    no_action_reason = models.TextField(_("lý do không cần hành động"), blank=True)
    cause_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người phân tích nguyên nhân"),
    )
    cause_on = models.DateField(_("ngày phân tích nguyên nhân"), null=True, blank=True)

    rejection_reason = models.TextField(_("lý do bác bỏ"), blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    closed_at = models.DateTimeField(_("thời điểm đóng"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người đóng"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người lập phiếu"),
    )
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # The register's search box (qms.core.search): these fields folded, written by the services that set them.
    SEARCH_FIELDS = ("reference", "description", "clause", "process_ref", "source_ref")
    search_folded = models.TextField(blank=True, editable=False)
    # The search column is derived from fields history already keeps: not copied into every history row.
    history = HistoricalRecords(excluded_fields=["search_folded"])

    objects = NonconformityQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự không phù hợp")
        verbose_name_plural = _("sự không phù hợp")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="nc_number_unique_in_agency_year"),
            models.UniqueConstraint(fields=["agency", "reference"], name="nc_reference_unique_in_agency"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="nc_rejected_needs_reason"
            ),
            models.CheckConstraint(
                condition=~Q(disposition="concession") | ~Q(concession_by=""), name="nc_concession_needs_authority"
            ),
            models.CheckConstraint(condition=Q(severity__in=["major", "minor"]), name="nc_severity_chosen"),
        ]
        indexes = [
            # The register lists an agency's NCs by state, newest first.
            models.Index(fields=["agency", "status", "-year", "-number"], name="nc_register"),
            # The provincial overview counts each agency's open NCs (and those with a late action): a third of the
            # province's 20,000, read from this index alone (agency and id) instead of every NC's row.
            models.Index(fields=["agency", "id"], condition=~Q(status__in=["closed", "rejected"]),
                         name="nc_open_by_agency"),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        super().clean()
        if self.status == self.Status.REJECTED and not (self.rejection_reason or "").strip():
            raise ValidationError({"rejection_reason": _("Cần nêu lý do bác bỏ.")})
        if self.disposition == self.Disposition.CONCESSION and not (self.concession_by or "").strip():
            raise ValidationError({"concession_by": _("Nhân nhượng cần ghi rõ người có thẩm quyền chấp nhận.")})
        if self.department_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("Phòng này không thuộc cơ quan.")})
        if self.document_id and self.document.agency_id != self.agency_id:
            raise ValidationError({"document": _("Tài liệu này không thuộc cơ quan.")})

    @property
    def is_verified_effective(self):
        """True once an effectiveness check found the actions effective (status verified or closed)."""
        return self.status in self.VERIFIED_EFFECTIVE

    @property
    def is_potential(self):
        return self.kind == self.Kind.POTENTIAL

    @property
    def is_finished(self):
        return self.status in (self.Status.CLOSED, self.Status.REJECTED)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("audits:nc_detail", kwargs={"pk": self.pk})


class WhyStep(models.Model):
    """One "why?" of the 5-Why chain, in order (as many as needed)."""

    nc = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="whys")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    answer = models.TextField(_("vì sao?"))
    history = HistoricalRecords()
    history_agency_path = "nc__agency"

    class Meta:
        ordering = ["nc", "position"]
        constraints = [models.UniqueConstraint(fields=["nc", "position"], name="why_step_position_unique")]

    def __str__(self):
        return f"{self.position}. {self.answer[:60]}"


class ActionQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def open(self):
        return self.filter(status=Action.Status.PLANNED)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def owned_by(self, user):
        return self.filter(owner=user)


class Action(ChoiceLabels, models.Model):
    """A corrective or preventive action. planned → done (completion date; evidence or a reason for none) | cancelled (reason)."""

    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Hành động khắc phục")
        PREVENTIVE = "preventive", _("Hành động phòng ngừa")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    nc = models.ForeignKey(
        Nonconformity, on_delete=models.PROTECT, related_name="actions", verbose_name=_("sự không phù hợp")
    )
    kind = models.CharField(_("loại hành động"), max_length=20, choices=Kind.choices, default=Kind.CORRECTIVE)
    description = models.TextField(_("nội dung hành động"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nc_actions", verbose_name=_("người thực hiện")
    )
    due_date = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    # A done action has evidence files or this written reason for having none. The files live in another
    # table, which a check constraint cannot see: action_complete checks it under the action's row lock,
    # and evidence is never removed (PROTECT, no service deletes it), so the rule cannot be undone later.
    no_evidence_reason = models.TextField(_("lý do không có bằng chứng"), blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # Reminders and escalation (audits.capa.jobs) remember what they already sent.
    reminded_on = models.DateField(_("đã nhắc trước hạn ngày"), null=True, blank=True)
    overdue_reminded_on = models.DateField(_("đã nhắc quá hạn ngày"), null=True, blank=True)
    escalated_on = models.DateField(_("đã báo trưởng phòng ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The action list's search box: its NC's reference (never changes) and what is to be done.
    SEARCH_FIELDS = ("nc__reference", "description")
    search_folded = models.TextField(blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_folded"])  # derived: see Nonconformity

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("hành động khắc phục / phòng ngừa")
        verbose_name_plural = _("hành động khắc phục / phòng ngừa")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False), name="action_done_needs_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="action_cancelled_needs_reason"
            ),
        ]
        indexes = [
            # "My work" and the reminder job look for open actions by owner and due date.
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_due"),
            models.Index(fields=["status", "due_date"], name="action_status_due"),
            # The provincial overview counts each agency's late actions and the NCs they belong to: the open
            # actions past a date, by agency, answered from this index alone (nc and id are in it).
            models.Index(fields=["agency", "due_date", "nc", "id"], condition=Q(status="planned"),
                         name="action_open_by_agency_due"),
        ]

    def __str__(self):
        return f"{self.nc.reference}: {self.description[:60]}"

    def clean(self):
        super().clean()
        if self.status == self.Status.DONE and not self.completed_on:
            raise ValidationError({"completed_on": _("Cần ghi ngày hoàn thành.")})
        if self.status == self.Status.CANCELLED and not (self.cancel_reason or "").strip():
            raise ValidationError({"cancel_reason": _("Cần nêu lý do hủy hành động.")})

    @property
    def is_open(self):
        return self.status == self.Status.PLANNED

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())

    @property
    def overdue(self):
        return self.is_overdue()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("audits:action_detail", kwargs={"pk": self.pk})


def evidence_upload_to(instance, filename):
    # The stored name is generated by the service (never the uploaded name); this only adds the folder.
    return f"nc-evidence/{instance.agency_id}/{filename}"


class ActionEvidence(models.Model):
    """A file proving an action was done. Type checked by content; name generated by the server."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bằng chứng thực hiện")
        verbose_name_plural = _("bằng chứng thực hiện")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class EffectivenessCheckQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(result=EffectivenessCheck.Result.PENDING)

    def due(self, today=None):
        return self.pending().filter(scheduled_on__lte=today or timezone.localdate())


class EffectivenessCheck(ChoiceLabels, models.Model):
    """Review of the effectiveness of the actions taken (8.5.2.f, 8.5.3.e), by someone who owns none of them."""

    class Result(models.TextChoices):
        PENDING = "pending", _("Chờ kiểm tra")
        EFFECTIVE = "effective", _("Có hiệu lực")
        NOT_EFFECTIVE = "not_effective", _("Không có hiệu lực")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    nc = models.ForeignKey(Nonconformity, on_delete=models.PROTECT, related_name="checks")
    scheduled_on = models.DateField(_("ngày kiểm tra dự kiến"))
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="effectiveness_checks",
        verbose_name=_("người kiểm tra hiệu lực"),
    )
    result = models.CharField(_("kết quả"), max_length=20, choices=Result.choices, default=Result.PENDING)
    notes = models.TextField(_("nhận xét, bằng chứng"), blank=True)
    verified_at = models.DateTimeField(_("thời điểm kiểm tra"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = EffectivenessCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiểm tra hiệu lực hành động")
        verbose_name_plural = _("kiểm tra hiệu lực hành động")
        ordering = ["scheduled_on", "pk"]
        constraints = [
            # At most one check waits per NC at a time.
            models.UniqueConstraint(
                fields=["nc"], condition=Q(result="pending"), name="effectiveness_one_pending_per_nc"
            ),
            models.CheckConstraint(
                condition=Q(result="pending") | Q(verified_at__isnull=False, verifier__isnull=False),
                name="effectiveness_result_needs_verifier",
            ),
        ]

    def __str__(self):
        return f"{self.nc.reference} – {self.get_result_display()}"
