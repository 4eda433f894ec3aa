# history-written-here: module — seed_scale inserts yearly reports with bulk_create and writes their history.
"""Yearly reports of the province data set (seed_scale, qms/core/scale/generate.py): one per agency per year of
the data set (the anchor year and the two before it), the past years' sent to the Department in January, the
anchor year's still a draft. Each report's figures are computed from the agency's generated records by the same
function as the report page (quality.reports.figures.compute), as of the day it was made.

Registered from ``quality/apps.py`` as step 1300, after the management reviews (its figures name the last one).
"""

import datetime

from qms.core import editions
from qms.core.scale.generate import ANCHOR, at
from quality.reports import figures
from quality.reports.models import YearlyReport

YEARS = 3  # the data set's reviews and audits span the anchor year and the two before it
RESULTS = ("Cơ quan duy trì, cải tiến hệ thống quản lý chất lượng theo {standard}; các quy trình được "
           "cập nhật theo văn bản mới; đánh giá nội bộ và xem xét của lãnh đạo thực hiện đúng kế hoạch.")
DIFFICULTIES = "Cán bộ làm công tác ISO kiêm nhiệm; một số quy trình chưa kịp cập nhật khi văn bản thay đổi."
PROPOSALS = "Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn chuyên gia đánh giá nội bộ năm tới."


def generate(seeder, ctx):
    agency, coordinator = ctx["agency"], ctx["coordinator"]
    reports, sent = [], []
    for year in range(ANCHOR.year - YEARS + 1, ANCHOR.year + 1):
        current = year == ANCHOR.year
        made_on = ANCHOR - datetime.timedelta(days=5) if current else datetime.date(year + 1, 1, 10)
        standard = editions.standard_label(agency, datetime.date(year, 12, 31))  # the year's edition
        report = YearlyReport(
            agency=agency, year=year, figures=figures.compute(agency, year, made_on), figures_at=at(made_on),
            results="" if current else RESULTS.format(standard=standard),
            difficulties="" if current else DIFFICULTIES,
            proposals="" if current else PROPOSALS, created_by=coordinator, created_at=at(made_on))
        if not current:
            report.status, report.sent_by = YearlyReport.Status.SENT, coordinator
            report.sent_at = at(made_on + datetime.timedelta(days=5))
            sent.append(report)
        reports.append(report)
    seeder.insert(YearlyReport, reports)
    seeder.history(YearlyReport, [
        (r, r.created_at, coordinator.pk, "+", "Lập báo cáo, số liệu tính tự động",
         {"status": YearlyReport.Status.DRAFT, "sent_at": None, "sent_by_id": None}) for r in reports])
    seeder.history(YearlyReport, [(r, r.sent_at, coordinator.pk, "~", "Gửi báo cáo tới Sở Khoa học và Công nghệ", None)
                                  for r in sent])


STEPS = [(1300, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
