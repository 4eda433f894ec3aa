"""Demo yearly reports (MR-4) for UBND Quận Hoàn Kiếm: last year's report, written and sent to the Department of
Science and Technology, and this year's still a draft (its figures computed, its text not yet written), so the
oversight officer has one to read and the coordinator one to finish.

Idempotent: a report is found by (agency, year); one that exists is left as it is. Everything goes through
``quality.reports.services``, so the demo obeys the rules of the UI. Runs after the management review's demo
(registered from quality/apps.py): the figures name the reviews held.
"""

from django.db import transaction
from django.utils import timezone

from qms.core import editions
from quality.reports import services as svc
from quality.reports.models import YearlyReport

AGENCY, PREFIX = "ubnd-hoan-kiem", "hk"


@transaction.atomic
def seed(agencies, users):
    agency = agencies.get(AGENCY)
    if agency is None:
        return
    coordinator = users[f"{PREFIX}.thuky"]
    this_year = timezone.localdate().year
    if not YearlyReport.objects.filter(agency=agency, year=this_year - 1).exists():
        report = svc.create_report(agency=agency, year=this_year - 1, user=coordinator)
        svc.update_text(
            report=report, user=coordinator,
            results=f"Cơ quan duy trì hệ thống quản lý chất lượng theo {editions.standard_label(agency, report.as_of)} "
                    "cho 100% thủ tục hành chính; đã đánh giá nội bộ toàn bộ các phòng và tổ chức xem xét của lãnh đạo "
                    "tháng 12.",
            difficulties="Cán bộ làm công tác ISO kiêm nhiệm; một số quy trình cấp phép chưa kịp cập nhật theo "
                         "văn bản mới.",
            proposals="Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn chuyên gia đánh giá nội bộ.")
        svc.send_report(report=report, user=coordinator)
    if not YearlyReport.objects.filter(agency=agency, year=this_year).exists():
        svc.create_report(agency=agency, year=this_year, user=coordinator)
