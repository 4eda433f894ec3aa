"""One-stop files (hồ sơ thủ tục hành chính) handled under the agency's procedures (issue 16).

A file is received at the one-stop desk under the revision of a procedure in force at that moment; its steps
are copied from that revision's step table, so a later revision never changes a file already received.

    received ──first step taken──▶ in_progress ──last step done──▶ result_ready ──handed to the applicant──▶ returned
       │  ▲                            │  ▲
       ▼  └── supplements received ────┘  │        (any open state) ──applicant withdraws──▶ withdrawn
    supplement_requested ◀────────────────┘
    refused (at the desk, or by the handler with reasons and legal basis)

Every state change is a keyword-only function of ``cases.files.services``; nothing here changes status.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from processes.documents.models import Document, Revision
from qms.core.models import Agency, ChoiceLabels, Department


def new_public_key():
    return secrets.token_urlsafe(16)  # 22 characters, 128 random bits


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class Channel(models.TextChoices):
    DESK = "desk", _("Trực tiếp tại Bộ phận một cửa")
    POST = "post", _("Qua dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class ReturnMethod(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    POST = "post", _("Qua dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Hài lòng")
    ACCEPTABLE = "acceptable", _("Chấp nhận được")
    NOT_SATISFIED = "not_satisfied", _("Không hài lòng")


class Outcome(models.TextChoices):
    """A step or a file against its due time (form 05's "result of the step")."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class OneStopSettings(models.Model):
    """An agency's choices for its one-stop files: how long applicants' details are kept after a file is closed
    (Decree 13/2023, erased by a later job, figures kept) and whether late files open NCs by themselves."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan"))
    retention_months = models.PositiveSmallIntegerField(
        _("thời hạn lưu thông tin cá nhân (tháng)"), default=60,
        help_text=_("Sau thời hạn này kể từ khi trả kết quả, thông tin cá nhân của người nộp bị xóa; số liệu được giữ."))
    auto_open_late_nc = models.BooleanField(_("tự động mở sự không phù hợp cho hồ sơ trễ hạn"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thiết lập một cửa")
        verbose_name_plural = _("thiết lập một cửa")
        constraints = [models.CheckConstraint(condition=Q(retention_months__gte=1), name="onestop_retention_positive")]

    def __str__(self):
        return str(self.agency_id)


class CaseCounter(models.Model):
    """The last file number an agency used in a year; locked while the next one is taken (services.intake)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="case_counter_unique_agency_year")]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last_number}"


def initials_of(name):
    """A name as its initials ("Nguyễn Văn An" → "N.V.A."): what the register shows to people who may not see
    applicants, and what the retention job keeps of an erased name (cases/privacy), so both read the same."""
    return "".join(f"{w[0].upper()}." for w in (name or "").split() if w[:1].isalpha()) or "—"


def late_condition(now=None):
    """The one definition of a late file, as a query (Case.late_at is the same rule for one file; a test keeps
    the two in step). Decree 61/2018 art. 19: a file is late when its result came after the appointment given at
    receipt (kept in ``is_late``), or when it is still being handled after it. Measured against that appointment,
    not an apology slip's new date; while the desk awaits supplements the clock is stopped (the appointment is
    computed again when they come), so such a file is not late on that account."""
    return Q(is_late=True) | Q(status__in=Case.RUNNING, appointment_at__lt=now or timezone.now())


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Case.OPEN)

    def late(self, now=None):
        return self.filter(late_condition(now))


class Case(ChoiceLabels, models.Model):
    """One administrative file received at the desk (forms 01–03, 06)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        IN_PROGRESS = "in_progress", _("Đang giải quyết")
        SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
        RESULT_READY = "result_ready", _("Đã có kết quả, chờ trả")
        RETURNED = "returned", _("Đã trả kết quả")
        REFUSED = "refused", _("Từ chối tiếp nhận, giải quyết")
        WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")

    OPEN = (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT)
    # The states in which the file's clock runs: not while supplements are awaited (see late_condition).
    RUNNING = (Status.RECEIVED, Status.IN_PROGRESS)
    CLOSED = (Status.RETURNED, Status.REFUSED, Status.WITHDRAWN)
    # Searched by its code and its applicant (qms/core/search.py); the code alone for people who may not see
    # applicants (search_code), so a search cannot tell them whose file exists.
    SEARCH_FIELDS = ("code", "applicant_name")
    # Both folded columns have a trigram index on PostgreSQL (migration 0005): the register's search finds its
    # files through it, not by reading an agency's 50,000.
    SEARCH_TRIGRAM = ("search_folded", "search_code")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+", verbose_name=_("thủ tục"))
    # The issue in force at receipt: its step table, papers and time govern the file to the end.
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("quy trình áp dụng (lần ban hành)"))
    code = models.CharField(_("mã hồ sơ"), max_length=64)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự trong năm"))
    # Random, for the QR on the receipt: the public status page opens by it without the code being guessable.
    public_key = models.CharField(max_length=32, unique=True, default=new_public_key, editable=False)

    applicant_kind = models.CharField(_("người nộp là"), max_length=20, choices=ApplicantKind.choices,
                                      default=ApplicantKind.PERSON)
    applicant_name = models.CharField(_("tên người nộp / tổ chức"), max_length=255)
    applicant_id_number = models.CharField(_("số CCCD / mã số doanh nghiệp"), max_length=40, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    # Every paper the revision's dossier lists, with whether it was handed in: [{"name": "...", "received": true}]
    papers = models.JSONField(_("thành phần hồ sơ"), default=list, blank=True)
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices, default=Channel.DESK)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("người tiếp nhận"))
    # processing_time_days working days from receipt (qms.core.workdays); null while supplements are awaited at
    # the desk (nothing runs yet) and for a refused file.
    appointment_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    # The latest apology slip's new date (form 04); the appointment itself stays what the law counts against.
    new_appointment_at = models.DateTimeField(_("hẹn lại trả kết quả"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    current_step = models.ForeignKey("CaseStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("bước đang xử lý"))

    supplement_request = models.TextField(_("nội dung yêu cầu bổ sung"), blank=True)
    supplement_requested_at = models.DateTimeField(_("yêu cầu bổ sung lúc"), null=True, blank=True)
    supplement_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                                blank=True, related_name="+")
    refusal_reasons = models.TextField(_("lý do từ chối"), blank=True)
    refusal_legal_basis = models.TextField(_("căn cứ pháp lý của việc từ chối"), blank=True)
    refused_at = models.DateTimeField(_("từ chối lúc"), null=True, blank=True)
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    withdrawn_at = models.DateTimeField(_("rút hồ sơ lúc"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("lý do rút hồ sơ"), blank=True)

    result_text = models.TextField(_("kết quả giải quyết"), blank=True)
    result_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    # Working days from receipt to the result (qms.core.workdays), kept when the result is ready so the monthly
    # figures (cases/figures) average it in SQL instead of walking the calendar for every file.
    working_days_taken = models.DecimalField(_("số ngày làm việc đã giải quyết"), max_digits=7, decimal_places=2,
                                             null=True, blank=True, editable=False)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    return_method = models.CharField(_("hình thức trả kết quả"), max_length=10, choices=ReturnMethod.choices,
                                     blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    rating = models.CharField(_("đánh giá của người dân"), max_length=20, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("ý kiến của người dân"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

    # Late files (issue 16 item 4). ``outcome`` is the file's result against its appointment, set when the result
    # is ready; ``is_late`` is true from the moment the appointment passed with the file open, and stays.
    outcome = models.CharField(_("kết quả so với hẹn"), max_length=10, choices=Outcome.choices, blank=True)
    is_late = models.BooleanField(_("trễ hạn"), default=False)
    late_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    nc = models.ForeignKey("audits.Nonconformity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                           verbose_name=_("sự không phù hợp"))
    feedback = models.ForeignKey("audits.Feedback", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("phản ánh"))

    # Set by the retention job (issue 16 item 9): the applicant's fields are blanked, the file's figures stay.
    personal_data_erased_at = models.DateTimeField(_("xóa thông tin cá nhân lúc"), null=True, blank=True)
    search_folded = models.TextField(blank=True, editable=False)
    search_code = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["search_folded", "search_code"])  # derived

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="case_code_unique_in_agency"),
            models.UniqueConstraint(fields=["agency", "year", "number"], name="case_number_unique_in_agency_year"),
            models.CheckConstraint(condition=Q(sets__gte=1), name="case_sets_positive"),
            models.CheckConstraint(condition=~Q(applicant_name="") | Q(personal_data_erased_at__isnull=False),
                                   name="case_has_applicant"),
            models.CheckConstraint(condition=~Q(status="supplement") | ~Q(supplement_request=""),
                                   name="case_supplement_says_what"),
            models.CheckConstraint(
                condition=~Q(status="refused") | (~Q(refusal_reasons="") & Q(refused_at__isnull=False)),
                name="case_refusal_has_reasons"),
            models.CheckConstraint(
                condition=~Q(status__in=["received", "in_progress", "result_ready", "returned"])
                | Q(appointment_at__isnull=False), name="case_handled_has_appointment"),
            models.CheckConstraint(condition=Q(appointment_at__isnull=True) | Q(appointment_at__gt=F("received_at")),
                                   name="case_appointment_after_receipt"),
            models.CheckConstraint(condition=~Q(status__in=["result_ready", "returned"]) | Q(result_at__isnull=False),
                                   name="case_result_has_time"),
            models.CheckConstraint(
                condition=~Q(status="returned") | (Q(returned_at__isnull=False) & ~Q(return_method="")
                                                   & ~Q(result_text="")), name="case_returned_is_complete"),
            models.CheckConstraint(condition=Q(rating="", rated_at__isnull=True)
                                   | (~Q(rating="") & Q(rated_at__isnull=False) & Q(status="returned")),
                                   name="case_rating_after_return"),
        ]
        indexes = [
            # The register: one agency's files, newest first; and by status (open files, My work queues).
            models.Index(fields=["agency", "-received_at"], name="case_agency_received"),
            models.Index(fields=["agency", "status", "appointment_at"], name="case_agency_status_due"),
            models.Index(fields=["agency", "document", "-received_at"], name="case_agency_procedure"),
            # The monthly figures (cases/figures): results and ratings of a period.
            models.Index(fields=["agency", "result_at"], name="case_agency_result"),
            # The late files (late_condition: the coordinator's list, the register's "late" filter): those late or
            # whose clock runs, a tenth of an agency's files, by appointment. Its condition is implied by the
            # query's, so PostgreSQL counts them from the index alone (the filtered columns are keys, not INCLUDE,
            # which SQLite lacks) and reads the first page in order.
            models.Index(fields=["agency", "appointment_at", "id", "is_late", "status", "nc"],
                         condition=Q(is_late=True) | Q(status__in=["received", "in_progress"]),
                         name="case_late_or_running"),
            # A file found by its code alone, in any letter case (the public status page and the API: no agency
            # known), without reading the province's files.
            models.Index(Upper("code"), name="case_code_upper"),
            # The register's search (qms.core.search): a common word ("nguyen") is in thousands of an agency's
            # files, which the trigram index finds among the whole province's; the count then reads them from these
            # (agency, folded text) entries alone. A rare word is still found through the trigram index.
            models.Index(fields=["agency", "search_folded"], name="case_agency_search"),
            models.Index(fields=["agency", "search_code"], name="case_agency_search_code"),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("cases:case_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def due_at(self):
        """The date the applicant was last promised: the apology slip's new date if one was issued."""
        return self.new_appointment_at or self.appointment_at

    def overdue(self, now=None):
        """Still being handled after the appointment (the clock stops while supplements are awaited)."""
        return (self.status in self.RUNNING and self.appointment_at is not None
                and self.appointment_at < (now or timezone.now()))

    def late_at(self, now=None):
        """Whether the file is late at ``now``: the rule of late_condition, for one file."""
        return self.is_late or self.overdue(now)

    @property
    def initials(self):
        """What may be shown of the applicant to people without access to personal details ("N.V.A.")."""
        return initials_of(self.applicant_name)

    @property
    def papers_missing(self):
        return [p["name"] for p in self.papers if not p.get("received")]


class CaseStep(ChoiceLabels, models.Model):
    """One step of a file, copied from the revision's step table at receipt (form 05's rows).

        pending ──previous step handed over (due_at computed from now)──▶ active ──taken, then completed──▶ done
                    ▲                                                      │
                    └────────── returned for more information (reason) ────┘ (the previous step is active again)
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Chưa đến")
        ACTIVE = "active", _("Đang xử lý")
        DONE = "done", _("Đã xong")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps", verbose_name=_("hồ sơ"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("bước"), max_length=40, blank=True)
    description = models.TextField(_("nội dung công việc"), blank=True)
    responsibility = models.CharField(_("trách nhiệm (theo quy trình)"), max_length=500, blank=True)
    # The department whose name the step's responsibility names; else the step is for whoever takes it.
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("phòng / bộ phận xử lý"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("người được giao"))
    time_text = models.CharField(_("thời gian (theo quy trình)"), max_length=100, blank=True)
    planned_days = models.DecimalField(_("thời gian (ngày làm việc)"), max_digits=6, decimal_places=3, default=0)
    planned_hours = models.DecimalField(_("thời gian (giờ làm việc)"), max_digits=6, decimal_places=2, default=0)
    forms = models.CharField(_("biểu mẫu"), max_length=500, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.PENDING)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("người xử lý"))
    taken_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    done_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("số lần trả lại"), default=0)
    return_reason = models.TextField(_("lý do trả lại để bổ sung thông tin"), blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    late_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["case", "order"]
        constraints = [
            models.UniqueConstraint(fields=["case", "order"], name="casestep_order_unique"),
            # One step of a file in progress at a time: the file is in one place.
            models.UniqueConstraint(fields=["case"], condition=Q(state="active"), name="casestep_one_active_per_case"),
            models.CheckConstraint(condition=Q(state="pending") | Q(started_at__isnull=False),
                                   name="casestep_started_has_time"),
            models.CheckConstraint(condition=~Q(state="done") | (Q(done_at__isnull=False) & Q(taken_by__isnull=False)
                                                                  & ~Q(outcome="")), name="casestep_done_is_complete"),
            models.CheckConstraint(condition=Q(taken_by__isnull=True) | Q(taken_at__isnull=False),
                                   name="casestep_taken_has_time"),
            models.CheckConstraint(condition=Q(planned_days__gte=0) & Q(planned_hours__gte=0),
                                   name="casestep_time_not_negative"),
        ]
        indexes = [
            # My work: the active steps of a person, of a department, and those nobody has taken yet.
            models.Index(fields=["agency", "taken_by", "due_at"], condition=Q(state="active"),
                         name="casestep_active_by_person"),
            models.Index(fields=["agency", "department", "due_at"], condition=Q(state="active"),
                         name="casestep_active_by_dept"),
            # The monthly figures by department (cases/figures): an agency's steps with a department, by file,
            # read from the index alone (the department FK index spans the province: 146,000 rows thrown away).
            models.Index(fields=["agency", "department", "case"], condition=Q(department__isnull=False),
                         name="casestep_agency_dept_case"),
            # … and the departments of given files (the figures' open files, a few thousand of an agency's): each
            # file's departments read from the index, not the agency's 50,000 department steps.
            models.Index(fields=["case", "department"], condition=Q(department__isnull=False),
                         name="casestep_case_dept"),
        ]

    def __str__(self):
        return f"{self.case_id} · {self.code or self.order}"

    def overdue(self, now=None):
        return self.state == self.State.ACTIVE and self.due_at is not None and self.due_at < (now or timezone.now())


class Handover(ChoiceLabels, models.Model):
    """One hand-over of a file (form 05's row): who handed it to whom, when, and how the step went."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Tiếp nhận, chuyển xử lý")
        NEXT_STEP = "next_step", _("Chuyển bước tiếp theo")
        RETURNED_FOR_INFO = "returned", _("Trả lại để bổ sung thông tin")
        RESULT = "result", _("Chuyển kết quả về Bộ phận một cửa")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("hồ sơ"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    step = models.ForeignKey(CaseStep, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("bước được giao"))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("người giao"))
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("người nhận"))
    to_department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                      verbose_name=_("phòng / bộ phận nhận"))
    at = models.DateTimeField(_("thời gian giao, nhận"), default=timezone.now)
    # How the step just finished went (early / on time / late); blank for the receipt.
    result = models.CharField(_("kết quả bước trước"), max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lần bàn giao hồ sơ")
        verbose_name_plural = _("lần bàn giao hồ sơ")
        ordering = ["case", "at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="handover_case_at")]

    def __str__(self):
        return f"{self.case_id} · {self.at:%Y-%m-%d %H:%M}"


class ApologySlip(models.Model):
    """Form 04: the apology to the applicant with a new date for the result, signed by the deciding body's head."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="apologies", verbose_name=_("hồ sơ"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("lần xin lỗi"), default=1)
    new_appointment_at = models.DateTimeField(_("hẹn lại trả kết quả"))
    reason = models.TextField(_("lý do chậm trễ"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("lãnh đạo ký"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("người lập"))
    issued_at = models.DateTimeField(_("lập lúc"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiếu xin lỗi và hẹn lại")
        verbose_name_plural = _("phiếu xin lỗi và hẹn lại")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="apology_number_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="apology_has_reason"),
            models.CheckConstraint(condition=Q(new_appointment_at__gt=F("issued_at")),
                                   name="apology_new_date_ahead"),
        ]

    def __str__(self):
        return f"{self.case_id} · {self.number}"


class PersonalDataAccess(models.Model):
    """Who saw an applicant's details, when and where (Decree 13/2023: access limited and logged)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=40)  # "detail", "receipt_pdf", "register_xlsx"…

    class Meta:
        indexes = [models.Index(fields=["agency", "-at"], name="pdaccess_agency_at"),
                   models.Index(fields=["case", "-at"], name="pdaccess_case_at")]

    def __str__(self):
        return f"{self.case_id} · {self.user_id} · {self.at:%Y-%m-%d %H:%M}"
