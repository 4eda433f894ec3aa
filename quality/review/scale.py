# history-written-here: module — seed_scale inserts reviews and decisions with bulk_create and writes their history.
"""Management reviews of the province data set (seed_scale, qms/core/scale/generate.py): two meetings a year for
two years per agency (quality.md), each held with its inputs frozen from the agency's data, all but the last
approved by the head, four decisions each (owners among the agency's people, the older ones mostly done).

Registered from ``quality/apps.py`` as step 1200, after every subject whose records the inputs count.
"""

import datetime

from qms.core.scale.generate import ANCHOR, at
from quality.review.inputs import compile_inputs
from quality.review.models import Decision, ManagementReview

REVIEWS_PER_AGENCY = 4  # two a year for two years, whatever the scale: an agency meets twice a year
DECISIONS = [
    (Decision.Kind.SYSTEM, "Rà soát, cập nhật các quy trình giải quyết thủ tục hành chính theo văn bản mới."),
    (Decision.Kind.SERVICE, "Rút ngắn thời gian trả kết quả hồ sơ; công khai tình trạng hồ sơ cho người dân."),
    (Decision.Kind.RESOURCES, "Bổ sung máy tính, máy quét cho Bộ phận tiếp nhận và trả kết quả."),
    (Decision.Kind.SYSTEM, "Tổ chức đào tạo lại chuyên gia đánh giá nội bộ."),
]


def generate(seeder, ctx):
    r, agency = seeder.rng, ctx["agency"]
    coordinator, head = ctx["coordinator"], ctx["head"]
    people = ctx["users"][:12]  # the leaders, department heads and the first staff
    approved = []
    for i in range(REVIEWS_PER_AGENCY):
        # Half-years ending on 30/6 and 31/12, the last one before the data set's anchor day.
        year = ANCHOR.year - 2 + (i + 1) // 2
        start, end = (datetime.date(year, 1, 1), datetime.date(year, 6, 30)) if i % 2 == 0 else \
            (datetime.date(year, 7, 1), datetime.date(year, 12, 31))
        end = min(end, ANCHOR - datetime.timedelta(days=20))
        held_on = end + datetime.timedelta(days=10)
        review = ManagementReview(agency=agency, held_on=held_on, period_start=start, period_end=end, chair=head,
                                  guests="", status=ManagementReview.Status.HELD, held_at=at(held_on),
                                  created_by=coordinator, created_at=at(held_on - datetime.timedelta(days=7)))
        # Frozen from the agency's data as the meeting saw it (the earlier reviews' decisions are in already).
        review.snapshot = compile_inputs(review, today=held_on)
        seeder.created(ManagementReview, [review], review.created_at, coordinator.pk)
        decisions = []
        for kind, text in DECISIONS:
            due = held_on + datetime.timedelta(days=r.randint(20, 150))
            done = due < ANCHOR and r.random() < 0.8
            decisions.append(Decision(
                agency=agency, review=review, kind=kind, description=text, owner=r.choice(people), due_date=due,
                status=Decision.Status.DONE if done else Decision.Status.OPEN,
                completed_on=due - datetime.timedelta(days=r.randint(0, 10)) if done else None,
                completion_note="Đã thực hiện xong, báo cáo tại cuộc họp giao ban." if done else "",
                created_by=coordinator, created_at=at(held_on)))
        seeder.created(Decision, decisions, at(held_on), coordinator.pk)
        seeder.insert(ManagementReview.participants.through, [
            ManagementReview.participants.through(managementreview=review, user=u)
            for u in r.sample(people, min(6, len(people)))])
        if i < REVIEWS_PER_AGENCY - 1:  # the last meeting's minutes still wait for the head
            review.status = ManagementReview.Status.APPROVED
            review.approved_by, review.approved_name, review.approved_title = head, head.display_name, head.title
            review.approved_at = at(held_on + datetime.timedelta(days=3))
            review.approved_hash = review.content_hash(decisions)
            approved.append(review)
    ManagementReview.objects.bulk_update(approved, ["status", "approved_by", "approved_name", "approved_title",
                                                    "approved_at", "approved_hash"])
    seeder.history(ManagementReview, [(rv, rv.approved_at, head.pk, "~", "Phê duyệt biên bản", None)
                                      for rv in approved])


STEPS = [(1200, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
