"""Demo management review (MR-2) for UBND Quận Hoàn Kiếm: last year's approved review, and this half-year's
meeting held, its inputs frozen, comments and three decisions with owners (one overdue, one done).

Idempotent: a review is found by (agency, held_on); one that exists is left as it is. Everything goes through
``quality.review.services``, so the demo obeys the rules of the UI. Runs after the audits' demo (registered
from quality/apps.py), so the inputs count its audits, NCs and feedback.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from qms.core.demo import DEMO_PASSWORD
from quality.review import services as svc
from quality.review.models import Decision, ManagementReview, Section

AGENCY, PREFIX = "ubnd-hoan-kiem", "hk"


def _review(agency, u, held_on, start, end, participants):
    review = ManagementReview.objects.filter(agency=agency, held_on=held_on).first()
    if review is not None:
        return review, False
    review = svc.review_create(agency=agency, user=u["thuky"], held_on=held_on, period_start=start, period_end=end,
                               chair=u["lanhdao"], participants=participants,
                               guests="Nguyễn Văn Tư, chuyên gia tư vấn ISO, Công ty Tư vấn Chất lượng Hà Nội")
    return review, True


@transaction.atomic
def seed(agencies, users):
    agency = agencies.get(AGENCY)
    if agency is None:
        return
    u = {s: users[f"{PREFIX}.{s}"] for s in ("thuky", "lanhdao", "daidien", "truongphong", "danhgia", "canbo")}
    today = timezone.localdate()
    people = [u["daidien"], u["thuky"], u["truongphong"], u["danhgia"]]

    # Last year's review, approved: its decisions are this one's "follow-up" input.
    last_year = today.year - 1
    earlier, new = _review(agency, u, datetime.date(last_year, 12, 20), datetime.date(last_year, 1, 1),
                           datetime.date(last_year, 12, 15), people)
    if new:
        svc.review_hold(review=earlier, user=u["thuky"])
        svc.decision_add(review=earlier, user=u["thuky"], kind=Decision.Kind.SYSTEM, owner=u["truongphong"],
                         description="Rà soát, sửa đổi quy trình cấp giấy phép xây dựng theo Nghị định mới.",
                         due_date=datetime.date(last_year, 12, 31))
        done = svc.decision_add(review=earlier, user=u["thuky"], kind=Decision.Kind.RESOURCES, owner=u["thuky"],
                                description="Trang bị thêm 02 máy quét cho Bộ phận một cửa.",
                                due_date=datetime.date(last_year, 12, 31))
        # Done early this year, so this half-year's review follows it up as done.
        svc.decision_complete(decision=done, user=u["thuky"], note="Đã bàn giao 02 máy quét cho Bộ phận một cửa.",
                              completed_on=min(datetime.date(today.year, 1, 8), today))
        svc.review_approve(review=earlier, user=u["lanhdao"], password=DEMO_PASSWORD)

    end = today - datetime.timedelta(days=11)
    review, new = _review(agency, u, today - datetime.timedelta(days=10), datetime.date(end.year, 1, 1), end,
                          [*people, u["canbo"]])
    if not new:
        return
    svc.review_hold(review=review, user=u["thuky"])
    svc.section_annotate(review=review, user=u["thuky"], section=Section.FEEDBACK,
                         text="Phản ánh chủ yếu về trễ hẹn trả kết quả cấp phép xây dựng; cần làm rõ nguyên nhân.")
    svc.section_annotate(review=review, user=u["thuky"], section=Section.RECOMMENDATIONS,
                         text="Đề xuất số hóa hồ sơ lưu trữ; áp dụng phiếu hẹn điện tử tại Bộ phận một cửa.")
    svc.decision_add(review=review, user=u["thuky"], kind=Decision.Kind.SERVICE, owner=u["truongphong"],
                     description="Giảm thời gian giải quyết hồ sơ cấp phép xây dựng xuống 12 ngày làm việc.",
                     due_date=today + datetime.timedelta(days=60))
    svc.decision_add(review=review, user=u["thuky"], kind=Decision.Kind.SYSTEM, owner=u["daidien"],
                     description="Đào tạo lại chuyên gia đánh giá nội bộ về ISO 9001:2008.",
                     due_date=today + datetime.timedelta(days=30))
    svc.decision_add(review=review, user=u["thuky"], kind=Decision.Kind.RESOURCES, owner=u["canbo"],
                     description="Bố trí thêm 01 cán bộ tiếp nhận hồ sơ vào buổi sáng thứ Hai.",
                     due_date=today + datetime.timedelta(days=5))

