"""Personal data of applicants (issue 16 item 9; Decree 13/2023/NĐ-CP: kept no longer than needed).

After an agency's retention period (OneStopSettings.retention_months) counted from the day a file was closed
(result returned, refused or withdrawn), the applicant's details are erased: the name is kept only as its
initials, ID number, address, phone and e-mail are blanked, in the file and in its earlier history rows (a
history that kept them would defeat the erasure). The file's figures (dates, steps, outcome, rating) stay.
"""

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.files.models import Case, OneStopSettings, initials_of
from qms.core import search
from qms.core.history import save_tracked
from qms.core.models import Agency, Role

BATCH = 500
MAX_RETENTION_MONTHS = 1200  # a century: anything longer is a typing error
BLANKED = ("applicant_id_number", "applicant_address", "applicant_phone", "applicant_email")


def settings_for(agency):
    found = OneStopSettings.objects.filter(agency=agency).first()
    return found or OneStopSettings(agency=agency)


@transaction.atomic
def settings_update(*, agency, user, retention_months, auto_open_late_nc):
    """The coordinator's one-stop settings: the retention period and whether the daily job opens an NC for each
    late file by itself (cases/late/jobs.py). The one place both are set; the history says what changed."""
    if user.agency_id != agency.pk or not user.has_role(Role.COORDINATOR):
        raise PermissionDenied
    if not isinstance(retention_months, int) or not 1 <= retention_months <= MAX_RETENTION_MONTHS:
        raise ValidationError({"retention_months": _("Thời hạn lưu từ 1 đến %(n)d tháng.") % {
            "n": MAX_RETENTION_MONTHS}})
    current = OneStopSettings.objects.select_for_update().filter(agency=agency).first() or OneStopSettings(
        agency=agency)
    auto_open_late_nc = bool(auto_open_late_nc)
    changes = []
    if current.pk is None or current.retention_months != retention_months:
        changes.append(_("thời hạn lưu thông tin cá nhân: %(n)d tháng") % {"n": retention_months})
    if current.pk is None or current.auto_open_late_nc != auto_open_late_nc:
        changes.append(_("tự động mở sự không phù hợp cho hồ sơ trễ hạn: %(v)s")
                       % {"v": _("bật") if auto_open_late_nc else _("tắt")})
    current.retention_months, current.auto_open_late_nc = retention_months, auto_open_late_nc
    current.updated_by = user
    reason = (_("Thiết lập một cửa: %(changes)s") % {"changes": "; ".join(changes)} if changes
              else _("Thiết lập một cửa được lưu lại, không thay đổi"))
    return save_tracked(current, user=user, reason=reason)


def expired(agency, now=None):
    """The agency's closed files whose retention period has run out and whose details are still there."""
    now = now or timezone.now()
    cutoff = now - relativedelta(months=settings_for(agency).retention_months)
    closed_before = (Q(status=Case.Status.RETURNED, returned_at__lt=cutoff)
                     | Q(status=Case.Status.REFUSED, refused_at__lt=cutoff)
                     | Q(status=Case.Status.WITHDRAWN, withdrawn_at__lt=cutoff))
    return Case.objects.filter(closed_before, agency=agency, personal_data_erased_at__isnull=True)


def _erase(case, now):
    case.applicant_name = initials_of(case.applicant_name)
    for field in BLANKED:
        setattr(case, field, "")
    case.personal_data_erased_at = now
    search.refresh(case)
    save_tracked(case, reason=_("Hết thời hạn lưu thông tin cá nhân: đã xóa, giữ số liệu"))
    # Earlier history rows carry the details too: the same erasure there, the rows themselves kept. History is
    # append-only on PostgreSQL (qms/core/integrity.py); its maintenance switch, local to this transaction, is
    # the one sanctioned way through, and erasure the law requires is such maintenance.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('qms.history_maintenance', 'on', true)")
    Case.history.filter(id=case.pk).exclude(history_change_reason__startswith="Hết thời hạn").update(
        applicant_name=case.applicant_name, **{f: "" for f in BLANKED})


def erase_expired(today=None, *, now=None):
    """Daily job: erase what the retention period no longer allows, agency by agency, in batches."""
    now = now or timezone.now()
    erased = 0
    for agency in Agency.objects.filter(is_active=True).only("pk"):
        while True:
            with transaction.atomic():
                batch = list(expired(agency, now).select_for_update(skip_locked=True).order_by("pk")[:BATCH])
                for case in batch:
                    _erase(case, now)
            erased += len(batch)
            if len(batch) < BATCH:
                break
    return erased
