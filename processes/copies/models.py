"""Master PDFs, copies and their download log (spec PDF-1 … PDF-4).

A :class:`MasterPDF` is rendered once per approved revision by a background task and stored with its
SHA-256; every :class:`Copy` is the master with a stamp overlaid at download time (never a re-render).
Every copy has an unguessable verification code printed as a QR code and as text; the public page
``/tai-lieu/xac-minh/<code>/`` tells whoever holds it whether it is still current. Controlled copies
are numbered per revision, issued to a named holder, and recalled when the revision is superseded.
Every download is a :class:`CopyDownload` row (the distribution register).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency, ChoiceLabels, Department


def master_upload_to(instance, filename):  # server-generated name, never the user's
    return f"pdf/masters/{instance.agency_id}/{instance.revision_id}-{timezone.now():%Y%m%d%H%M%S%f}.pdf"


class MasterPDFQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def pending(self):
        return self.filter(status__in=[MasterPDF.Status.QUEUED, MasterPDF.Status.RENDERING])


class MasterPDF(ChoiceLabels, models.Model):
    """The rendered master of one approved revision (PDF-1).

        queued ──worker picks it──▶ rendering ──▶ done
                                        │
                                        └──error──▶ failed ──coordinator retries──▶ queued
        done ──template version changed / stored file fails its SHA-256 (re-render)──▶ queued

    ``integrity_failed_at`` is set when the stored file no longer matches ``sha256``: the master is then
    never served until it is re-rendered.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ tạo bản gốc PDF")
        RENDERING = "rendering", _("Đang tạo bản gốc PDF")
        DONE = "done", _("Đã có bản gốc PDF")
        FAILED = "failed", _("Tạo bản gốc PDF thất bại")

    revision = models.OneToOneField("processes.Revision", on_delete=models.PROTECT, related_name="master_pdf",
                                    verbose_name=_("lần ban hành"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    template_version = models.CharField(_("phiên bản mẫu in"), max_length=40, blank=True)
    file = models.FileField(_("tệp PDF"), upload_to=master_upload_to, blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần tạo"), default=0)
    queued_at = models.DateTimeField(_("xếp hàng lúc"), default=timezone.now)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("tạo xong lúc"), null=True, blank=True)
    render_seconds = models.FloatField(_("thời gian tạo (giây)"), null=True, blank=True)
    integrity_failed_at = models.DateTimeField(_("phát hiện sai lệch lúc"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MasterPDFQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản gốc PDF")
        verbose_name_plural = _("bản gốc PDF")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(sha256="") & ~Q(file="")), name="master_done_has_file_and_hash",
            ),
        ]
        indexes = [
            # The watch for dead renders (services.requeue_dead_renders, every 30 s) reads the few masters
            # being rendered among all the agencies' masters.
            models.Index(fields=["status"], name="master_rendering", condition=Q(status="rendering")),
        ]

    def __str__(self):
        return f"{self.revision_id} – {self.get_status_display()}"

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)

    @property
    def is_servable(self):
        return self.status == self.Status.DONE and self.integrity_failed_at is None


class RenderLease(models.Model):
    """The claim of the worker rendering a master: it exists exactly while the master is "rendering".

    The worker renews ``expires_at`` every few seconds while it renders (processes/copies/leases.py); a
    lease that expires belongs to a worker that died, and its master is queued again. Not history-tracked,
    and apart from :class:`MasterPDF` so that the renewals write no history rows: the master's history
    keeps the state changes (queued, rendering, done, failed, queued again after a lost worker).
    ``attempt`` is the master's ``attempts`` when the lease was taken: a render whose attempt is no longer
    the master's current one (it was presumed dead and rendered again) stores nothing.
    """

    master = models.OneToOneField(MasterPDF, on_delete=models.CASCADE, primary_key=True, related_name="lease",
                                  verbose_name=_("bản gốc PDF"))
    attempt = models.PositiveSmallIntegerField(_("lần tạo"))
    worker = models.CharField(_("tiến trình tạo"), max_length=100, blank=True)  # host:pid, for the logs
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True)  # django-tasks result id
    heartbeat_at = models.DateTimeField(_("báo còn chạy lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))

    class Meta:
        verbose_name = _("phiên tạo bản gốc PDF")
        verbose_name_plural = _("phiên tạo bản gốc PDF")

    def __str__(self):
        return f"{self.master_id} #{self.attempt} {self.worker}"


class CopyQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def controlled(self):
        return self.filter(kind=Copy.Kind.CONTROLLED)

    def to_recall(self):
        """Controlled copies of a revision no longer in force, not yet returned."""
        return self.filter(kind=Copy.Kind.CONTROLLED, recall_requested_at__isnull=False, recalled_at__isnull=True)


class Copy(ChoiceLabels, models.Model):
    """One copy of a revision (PDF-2, PDF-3).

    Controlled copies are numbered per revision (``number``), issued to a holder and department and
    downloaded any number of times under the same number and code. Each uncontrolled or obsolete
    download is a copy of its own (its own code, printed time). Controlled copies:

        issued ──revision superseded──▶ to recall (recall_requested_at) ──coordinator confirms──▶ recalled
    """

    class Kind(models.TextChoices):
        CONTROLLED = "controlled", _("Bản kiểm soát")
        UNCONTROLLED = "uncontrolled", _("Bản không kiểm soát")
        OBSOLETE = "obsolete", _("Bản hết hiệu lực")

    revision = models.ForeignKey("processes.Revision", on_delete=models.PROTECT, related_name="copies",
                                 verbose_name=_("lần ban hành"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    kind = models.CharField(_("loại bản"), max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("số bản"), null=True, blank=True)
    code = models.CharField(_("mã xác minh"), max_length=16, unique=True, editable=False)
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="held_copies", verbose_name=_("người giữ"))
    holder_name = models.CharField(_("người giữ"), max_length=150, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("phòng / bộ phận"))
    department_name = models.CharField(_("phòng / bộ phận"), max_length=255, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("người cấp"))
    issued_at = models.DateTimeField(_("ngày cấp"), default=timezone.now)
    recall_requested_at = models.DateTimeField(_("yêu cầu thu hồi lúc"), null=True, blank=True)
    recalled_at = models.DateTimeField(_("đã thu hồi lúc"), null=True, blank=True)
    recalled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("người xác nhận thu hồi"))
    # The one uncontrolled copy of a revision that the public front door hands to every citizen (processes/public):
    # one row per revision, not one per anonymous download, so nobody can fill the register by reloading a page.
    is_public = models.BooleanField(_("bản công khai"), default=False, editable=False)
    history = HistoricalRecords()
    history_agency_path = "agency"

    objects = CopyQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản sao tài liệu")
        verbose_name_plural = _("bản sao tài liệu")
        ordering = ["revision", "kind", "number", "issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "number"], condition=Q(number__isnull=False),
                                    name="copy_number_unique_per_revision"),
            models.CheckConstraint(
                condition=(Q(kind="controlled") & Q(number__isnull=False)) | (~Q(kind="controlled") & Q(number__isnull=True)),
                name="copy_number_iff_controlled",
            ),
            models.CheckConstraint(condition=Q(recalled_at__isnull=True) | Q(kind="controlled"),
                                   name="copy_only_controlled_recalled"),
            models.UniqueConstraint(fields=["revision"], condition=Q(is_public=True),
                                    name="one_public_copy_per_revision"),
            models.CheckConstraint(condition=Q(is_public=False) | Q(kind="uncontrolled"),
                                   name="public_copy_is_uncontrolled"),
        ]
        indexes = [
            models.Index(fields=["holder", "recalled_at"], name="copy_holder_open"),
            # The recall list (register, My work): the few copies still out among thousands already returned.
            models.Index(fields=["agency", "recall_requested_at"], name="copy_to_recall",
                         condition=Q(kind="controlled", recall_requested_at__isnull=False, recalled_at__isnull=True)),
            # The copies in circulation, newest first (the agency register).
            models.Index(fields=["agency", "-issued_at"], name="copy_in_circulation",
                         condition=Q(kind="controlled", recall_requested_at__isnull=True)),
        ]

    def __str__(self):
        if self.kind == self.Kind.CONTROLLED:
            return _("%(kind)s số %(number)02d") % {"kind": self.get_kind_display(), "number": self.number}
        return f"{self.get_kind_display()} {self.code}"

    def clean(self):
        super().clean()
        if self.kind == self.Kind.CONTROLLED and not (self.holder_name or self.holder_id):
            raise ValidationError(_("Bản kiểm soát phải có người giữ."))

    @property
    def number_label(self):
        return f"{self.number:02d}" if self.number is not None else ""

    @property
    def is_recalled(self):
        return self.recalled_at is not None


class CopyDownload(models.Model):
    """Every download of a copy: who, when, which kind, which copy (PDF-4). Written once, never changed."""

    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="downloads", verbose_name=_("bản"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    revision = models.ForeignKey("processes.Revision", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại bản"), max_length=12, choices=Copy.Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("người tải"))
    downloaded_at = models.DateTimeField(_("thời điểm tải"), default=timezone.now)

    class Meta:
        verbose_name = _("lượt tải bản sao")
        verbose_name_plural = _("lượt tải bản sao")
        ordering = ["-downloaded_at", "-id"]
        indexes = [models.Index(fields=["agency", "downloaded_at"], name="copydownload_agency_time"),
                   models.Index(fields=["revision", "downloaded_at"], name="copydownload_revision_time")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.downloaded_at:%Y-%m-%d %H:%M}"
