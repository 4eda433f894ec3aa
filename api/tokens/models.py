"""Access tokens for the API (issue 17): personal tokens of a user, and tokens of an agency's service account
(an integration such as the one-stop software, which acts as a user of its own with the roles given to it).

Only a SHA-256 digest of a token is stored: the token is a high-entropy random secret shown once when it is
made. Its first characters (``prefix``) are stored in clear to find the row and to let people tell their tokens
apart; the digest is compared in constant time.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms.core.models import Agency


class Scope(models.TextChoices):
    DOCUMENTS_READ = "documents:read", _("Đọc tài liệu, tải bản sao")
    FEEDBACK_READ = "feedback:read", _("Đọc phản ánh của người dân")
    FEEDBACK_WRITE = "feedback:write", _("Gửi phản ánh của người dân")
    CASES_READ = "cases:read", _("Đọc hồ sơ một cửa")
    CASES_WRITE = "cases:write", _("Tiếp nhận, xử lý hồ sơ một cửa")
    NC_READ = "nc:read", _("Đọc sự không phù hợp và hành động")
    NC_WRITE = "nc:write", _("Ghi nhận sự không phù hợp")
    AUDITS_READ = "audits:read", _("Đọc chương trình và cuộc đánh giá nội bộ")
    FIGURES_READ = "figures:read", _("Đọc mục tiêu chất lượng và số liệu")


class ServiceAccount(models.Model):
    """An integration of one agency: a user of its own (no password, so no login) holding the roles the
    coordinator gave it, whose tokens act with exactly those roles, like a person's."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="service_account",
                                verbose_name=_("tài khoản"))
    name = models.CharField(_("tên hệ thống kết nối"), max_length=150)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tài khoản dịch vụ")
        verbose_name_plural = _("tài khoản dịch vụ")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="service_account_name_unique")]

    def __str__(self):
        return self.name


class TokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class Token(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens",
                              verbose_name=_("chủ sở hữu"))
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("phạm vi"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="token_expires_after_created"),
            models.CheckConstraint(condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                                   name="token_revoked_by_someone"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def allows(self, scope):
        return scope in self.scopes


class ApiRequestLog(models.Model):
    """One row per API request that presented a token: the token's id (null when the token was not recognised,
    which is what the per-address limit on failed tokens counts), the request id, and the answer."""

    token = models.ForeignKey(Token, on_delete=models.PROTECT, null=True, blank=True, related_name="uses")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=255)
    status = models.PositiveSmallIntegerField()
    ip = models.CharField(max_length=45, blank=True)
    request_id = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["ip", "at"], name="api_log_ip_at", condition=Q(token__isnull=True))]
