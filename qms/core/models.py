"""Agencies, departments, users and their roles: what every other app is scoped by.

Every QMS object belongs to exactly one agency through a direct ``agency`` foreign key,
so scoping a query is one indexed filter and another agency's rows answer 404.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

_CHOICE_LABELS = {}


class ChoiceLabels:
    """``get_FOO_display()`` at the cost of one dict lookup, for models shown in long lists.

    Django's own version rebuilds a hashable copy of every choice on each call, which evaluates
    each lazy (translated) label: a register row with three statuses cost more than its query.
    Here the value → label map is built once per field; the label is translated at call time,
    so the user's language still applies.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (never for our CharFields): Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class AgencyQuerySet(models.QuerySet):
    def supervised(self):
        """The active agencies whose QMS the provincial overview reports on (MR-4): not the oversight body."""
        return self.filter(is_active=True, kind=Agency.Kind.SUPERVISED)


class Agency(models.Model):
    """A state agency running its own QMS (a department of the province, a district People's Committee), or the
    provincial oversight body (Sở KH&CN) whose staff read every agency's figures and which is not one of them."""

    class Kind(models.TextChoices):
        SUPERVISED = "supervised", _("Cơ quan áp dụng HTQLCL")
        OVERSIGHT = "oversight", _("Cơ quan giám sát cấp tỉnh (Sở KH&CN)")

    code = models.SlugField(_("mã cơ quan"), max_length=40, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=255)
    parent_name = models.CharField(
        _("cơ quan chủ quản"), max_length=255, blank=True, help_text=_("Ví dụ: UBND THÀNH PHỐ HÀ NỘI")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    qms_header = models.CharField(
        _("dòng tiêu chuẩn trên tài liệu"),
        max_length=255,
        default="HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TIÊU CHUẨN TCVN ISO 9001:2008",
    )
    # Stamp wording is the agency's own choice (reference: vietnam-public-sector.md, "Stamps on copies").
    stamp_controlled = models.CharField(_("dấu bản kiểm soát"), max_length=80, default="BẢN KIỂM SOÁT")
    stamp_uncontrolled = models.CharField(
        _("dấu bản không kiểm soát"), max_length=80, default="BẢN KHÔNG KIỂM SOÁT"
    )
    stamp_obsolete = models.CharField(_("dấu tài liệu hết hiệu lực"), max_length=80, default="TÀI LIỆU HẾT HIỆU LỰC")
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Said, not guessed from its users' roles: the administrator sets it (admin, with history), and an oversight
    # body whose coordinator later runs its own QMS is changed back the same way.
    kind = models.CharField(
        _("loại cơ quan"), max_length=20, choices=Kind.choices, default=Kind.SUPERVISED,
        help_text=_("Cơ quan giám sát cấp tỉnh xem số liệu của các cơ quan và không có dòng trong bảng tổng quan."),
    )
    # The edition of TCVN ISO 9001 the agency applies (issue 18): 2008 until its coordinator moves it to 2015
    # through qms.core.editions.set_edition (with a reason, in the history). Records made before
    # ``iso_edition_since`` were made under the previous edition and keep citing its clauses.
    class Edition(models.TextChoices):
        ISO_2008 = "2008", _("TCVN ISO 9001:2008")
        ISO_2015 = "2015", _("TCVN ISO 9001:2015")

    iso_edition = models.CharField(_("phiên bản tiêu chuẩn áp dụng"), max_length=4, choices=Edition.choices,
                                   default=Edition.ISO_2008)
    iso_edition_since = models.DateField(_("áp dụng phiên bản từ ngày"), null=True, blank=True)
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(iso_edition__in=["2008", "2015"]), name="agency_iso_edition_known"),
            # An agency on 2015 says from when: the date splits its records between the editions.
            models.CheckConstraint(condition=Q(iso_edition="2008") | Q(iso_edition_since__isnull=False),
                                   name="agency_iso_2015_has_date"),
        ]

    def __str__(self):
        return self.name


class Department(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="departments", verbose_name=_("cơ quan"))
    code = models.SlugField(_("mã phòng"), max_length=40)
    name = models.CharField(_("tên phòng / bộ phận"), max_length=255)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("trưởng phòng"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phòng / bộ phận")
        verbose_name_plural = _("phòng / bộ phận")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="department_code_unique_in_agency"),
        ]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    """Roles a user holds inside their agency (reference: vietnam-public-sector.md, "Roles")."""

    COORDINATOR = "coordinator", _("Thư ký ISO")
    HEAD = "head", _("Lãnh đạo cơ quan / người phê duyệt")
    MGMT_REP = "mgmt_rep", _("Đại diện lãnh đạo")
    REVIEWER = "reviewer", _("Người xem xét (trưởng phòng)")
    AUTHOR = "author", _("Người soạn thảo")
    AUDITOR = "auditor", _("Chuyên gia đánh giá nội bộ")
    STAFF = "staff", _("Cán bộ, công chức")
    # Receives and returns files at the one-stop desk and sees applicants' details (cases app, issue 16).
    CLERK = "clerk", _("Cán bộ tiếp nhận và trả kết quả (một cửa)")
    OVERSIGHT = "oversight", _("Giám sát cấp tỉnh (Sở KH&CN)")


class UserQuerySet(models.QuerySet):
    def in_agency(self, agency):
        return self.filter(agency=agency, is_active=True)

    def with_role(self, *roles):
        return self.filter(roles__role__in=roles).distinct()


class QmsUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A civil servant of one agency. Roles live in UserRole; a user may hold several."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("cơ quan")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("phòng")
    )
    language = models.CharField(
        _("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = QmsUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # A department always belongs to the user's own agency; checked in clean() with a message.
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(agency__isnull=False),
                name="user_department_needs_agency",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.username

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.department_id and self.department.agency_id != self.agency_id:
            raise ValidationError({"department": _("Phòng này không thuộc cơ quan của người dùng.")})

    # Role checks are cached per instance: a request asks many times, the database once.
    @property
    def role_set(self):
        if not hasattr(self, "_role_cache"):
            if not self.pk or not self.is_active:
                self._role_cache = frozenset()
            else:
                self._role_cache = frozenset(self.roles.values_list("role", flat=True))
        return self._role_cache

    def has_role(self, *roles):
        return bool(self.role_set.intersection(roles))


class UserRole(ChoiceLabels, models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("người dùng"))
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"


class Notification(ChoiceLabels, models.Model):
    """Something waiting on a person, shown in "My work" ("Thông báo mới") and sent by e-mail.

    ``task`` names what it asks for ("processes.revision:12:review", see qms/core/notify.py): the service that
    finishes that task marks it read for everyone it was sent to. Without a task it is information, marked
    read when its recipient opens it.

        unread ──task finished (task_done) / information opened / "mark all read"──▶ read
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", null=True, blank=True)
    # What it says: a message key and plain parameters (qms/core/messages.py), rendered in the reader's
    # language wherever it is shown. ``text`` is the sentence as its recipient got it (their language, the
    # e-mail's subject): what rows made before keys existed ("legacy") show, and what the database reads.
    key = models.CharField(_("loại thông báo"), max_length=80, default="legacy")
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    task = models.CharField(_("việc cần làm"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # "My work" and the unread badge list a user's unread notifications.
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_inbox"),
            # notify.task_done: the unread notifications of one finished task, among all those ever read.
            models.Index(fields=["task"], name="notification_open_task",
                         condition=Q(read_at__isnull=True) & ~Q(task="")),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        """The notification in the active language (the reader's, on a page; the recipient's, in an e-mail)."""
        from qms.core import messages

        return messages.render(self.key, self.params, fallback=self.text)


class CalendarChange(ChoiceLabels, models.Model):
    """A day the working-day calendar (qms/core/workdays.py) treats differently from weekends and the public
    holidays: a bridge day off, or a make-up working Saturday/Sunday. ``agency`` null: province-wide, entered by the
    provincial oversight; set: that agency's own, entered by its coordinator (it wins over a province-wide row of
    the same date). Entered and removed only through the services in workdays.py, with a reason."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ (nghỉ bù, nghỉ thêm)")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù thứ Bảy, Chủ nhật)")

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("lý do, văn bản"), max_length=255)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="calendar_changes",
        verbose_name=_("cơ quan"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhập")
    )
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thay đổi lịch làm việc")
        verbose_name_plural = _("thay đổi lịch làm việc")
        ordering = ["date"]
        constraints = [
            # NULL never equals NULL in a plain unique constraint: the province-wide rows need their own.
            models.UniqueConstraint(fields=["date", "agency"], condition=Q(agency__isnull=False),
                                    name="calendar_change_unique_in_agency"),
            models.UniqueConstraint(fields=["date"], condition=Q(agency__isnull=True),
                                    name="calendar_change_unique_province"),
            models.CheckConstraint(condition=Q(kind__in=["day_off", "working_day"]), name="calendar_change_kind"),
            models.CheckConstraint(condition=~Q(reason=""), name="calendar_change_reason_required"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}"


class JobRun(models.Model):
    """One daily job's run for one day, shared by every node's scheduler: the unique (job, day) row is claimed
    before the job runs (qms/core/scheduler.py), so a job runs once a day however many nodes run
    ``run_scheduled``. A failed run, or one whose node died (running for too long), is tried again."""

    class Status(models.TextChoices):
        RUNNING = "running", _("đang chạy")
        DONE = "done", _("xong")
        FAILED = "failed", _("lỗi")

    job = models.CharField(_("công việc"), max_length=200)
    day = models.DateField(_("ngày"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices)
    node = models.CharField(_("máy chạy"), max_length=100)
    attempts = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.TextField(blank=True)

    class Meta:
        verbose_name = _("lần chạy công việc định kỳ")
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="core_jobrun_once_per_day")]

    def __str__(self):
        return f"{self.job} {self.day} {self.status}"
