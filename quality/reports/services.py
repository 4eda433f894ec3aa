"""State changes of the yearly report: make it (figures frozen), edit its text, refresh its figures, send it.
A sent report is locked: every change after sending is refused here, under a row lock, not only hidden."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.history import save_tracked
from quality.reports import figures
from quality.reports.models import FIRST_YEAR, YearlyReport

TEXT_FIELDS = ("results", "difficulties", "proposals")


def _locked_draft(report):
    report = YearlyReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_draft:
        raise ValidationError(_("Báo cáo đã gửi, không sửa được nữa."))
    return report


def create_report(*, agency, year, user, today=None):
    today = today or timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError({"year": _("Năm báo cáo phải từ %(first)s đến năm nay (%(this)s).")
                                       % {"first": FIRST_YEAR, "this": today.year}})
    report = YearlyReport(agency=agency, year=year, figures=figures.compute(agency, year, today), created_by=user)
    try:
        with transaction.atomic():
            save_tracked(report, user=user, reason=_("Lập báo cáo, số liệu tính tự động"))
    except IntegrityError:  # two clicks, or a colleague first: the constraint decides
        raise ValidationError({"year": _("Cơ quan đã có báo cáo năm %(y)s.") % {"y": year}}) from None
    return report


@transaction.atomic
def update_text(*, report, user, results, difficulties, proposals, reason=""):
    report = _locked_draft(report)
    report.results, report.difficulties, report.proposals = results, difficulties, proposals
    return save_tracked(report, user=user, reason=reason or _("Sửa nội dung báo cáo"),
                        update_fields=[*TEXT_FIELDS])


@transaction.atomic
def refresh_figures(*, report, user, today=None):
    report = _locked_draft(report)
    report.figures = figures.compute(report.agency, report.year, today or timezone.localdate())
    report.figures_at = timezone.now()
    return save_tracked(report, user=user, reason=_("Tính lại số liệu"), update_fields=["figures", "figures_at"])


@transaction.atomic
def send_report(*, report, user, reason=""):
    report = _locked_draft(report)
    if not report.results.strip():
        raise ValidationError(_("Nhập kết quả áp dụng HTQLCL trước khi gửi báo cáo."))
    report.status, report.sent_at, report.sent_by = YearlyReport.Status.SENT, timezone.now(), user
    return save_tracked(report, user=user, reason=reason or _("Gửi báo cáo tới Sở Khoa học và Công nghệ"),
                        update_fields=["status", "sent_at", "sent_by"])
