"""Citizens' feedback and complaints ("phản ánh, kiến nghị"), sent without logging in (8.2.1).

    received ──answer──▶ answered
        │
        └──dismiss (reason)──▶ dismissed

Turning feedback into a nonconformity links the NC (source "citizen feedback") and leaves the
feedback received until the coordinator answers the citizen.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qms.core.models import Agency, ChoiceLabels

# No 0/O, 1/I/L: a citizen copies the code by hand.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code():
    """10 random characters (≈ 49 bits) in two groups: not guessable, easy to read aloud."""
    chars = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
    return f"PA-{chars[:5]}-{chars[5:]}"


class FeedbackQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def waiting(self):
        return self.filter(status=Feedback.Status.RECEIVED)

    def received_between(self, start=None, end=None):
        """Sent on a local date from ``start`` to ``end``, both included (either may be None: open-ended).
        ``__date`` converts to the site's time zone in SQL: 23:30 on 31/3 in Hà Nội is March, not April."""
        queryset = self
        if start:
            queryset = queryset.filter(created_at__date__gte=start)
        if end:
            queryset = queryset.filter(created_at__date__lte=end)
        return queryset

    def answered_on_time(self):
        """Answered within ``Feedback.ANSWER_DAYS`` days (24-hour periods) of being sent."""
        return self.filter(status=Feedback.Status.ANSWERED,
                           answered_at__lte=F("created_at") + datetime.timedelta(days=Feedback.ANSWER_DAYS))

    def answered_late(self):
        return self.filter(status=Feedback.Status.ANSWERED,
                           answered_at__gt=F("created_at") + datetime.timedelta(days=Feedback.ANSWER_DAYS))


class Feedback(ChoiceLabels, models.Model):
    # How long an answer may take to count as "on time" on the dashboards (MR-3). No rule in force fixes one
    # delay for every kind of feedback; ten days is the agencies' usual internal commitment.
    ANSWER_DAYS = 10

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận, đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        DISMISSED = "dismissed", _("Không xử lý")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("cơ quan"))
    tracking_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True, default=new_tracking_code)
    name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    contact = models.CharField(_("điện thoại / thư điện tử"), max_length=150, blank=True)
    procedure = models.CharField(_("thủ tục hành chính liên quan"), max_length=255, blank=True)
    content = models.TextField(_("nội dung phản ánh, kiến nghị"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(_("trả lời của cơ quan"), blank=True)
    answered_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người trả lời"),
    )
    dismissed_reason = models.TextField(_("lý do không xử lý"), blank=True)
    nc = models.ForeignKey(
        "audits.Nonconformity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("sự không phù hợp liên quan"),
    )
    created_at = models.DateTimeField(_("ngày gửi"), auto_now_add=True)
    # Keyed hash of the sender's address: enough to rate-limit, useless to identify anyone.
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The inbox's search box (qms.core.search), written by feedback_submit. Not the sender's name or contact:
    # personal data is not copied into another column (the tracking code finds one person's feedback).
    SEARCH_FIELDS = ("tracking_code", "procedure", "content")
    search_folded = models.TextField(blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["ip_hash", "search_folded"])  # the search text is derived

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="answered") | ~Q(answer=""), name="feedback_answered_needs_answer"
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismissed_reason=""), name="feedback_dismissed_needs_reason"
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "-created_at"], name="feedback_inbox")]

    def __str__(self):
        return self.tracking_code

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("audits:feedback_detail", kwargs={"pk": self.pk})
