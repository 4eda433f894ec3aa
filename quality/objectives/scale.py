# history-written-here: module — seed_scale inserts objectives and measurements with bulk_create and writes their history itself.
"""Quality objectives of the province data set (seed_scale, qms/core/scale/generate.py).

Registered from ``quality/apps.py`` as step 700, after every other subject (it reads nothing of theirs but the
agency's context): per agency, the objectives of the anchor year, each with its measurements for the periods
finished by the anchor date. Values are drawn around the target, about one in six missing it.
"""

import datetime
from decimal import Decimal

from qms.core.scale.generate import ANCHOR, at
from quality.objectives.models import Measurement, Objective

OBJECTIVES = 2000  # in the province at scale 1.0: about 10 an agency
TITLES = ["Giải quyết hồ sơ đúng hạn", "Người dân hài lòng", "Khắc phục sự không phù hợp đúng hạn",
          "Trả lời phản ánh kịp thời", "Cán bộ được đào tạo ISO", "Hoàn thành chương trình đánh giá nội bộ",
          "Xác nhận đã đọc quy trình", "Giảm hồ sơ phải bổ sung", "Số hóa hồ sơ", "Hành động quá hạn"]
METHODS = ["manual", "manual", "nc_closed_on_time", "feedback_answered", "manual", "audits_done",
           "acknowledged", "manual", "manual", "actions_overdue"]


def generate(seeder, ctx):
    r, agency, coordinator = seeder.rng, ctx["agency"], ctx["coordinator"]
    departments = ctx["departments"]
    n = seeder.per_agency(OBJECTIVES)
    objectives = []
    for i in range(n):
        method = METHODS[i % len(METHODS)]
        objectives.append(Objective(
            agency=agency, year=ANCHOR.year, code=f"MT-{i + 1:02d}",
            title=f"{TITLES[i % len(TITLES)]}" + (f" ({i // len(TITLES) + 1})" if i >= len(TITLES) else ""),
            department=r.choice(departments), indicator=f"Tỷ lệ: {TITLES[i % len(TITLES)].lower()}", unit="%",
            target=Decimal(r.choice([80, 85, 90, 95])) if method != "actions_overdue" else Decimal(10),
            direction="at_most" if method == "actions_overdue" else "at_least",
            frequency=r.choice(["monthly", "quarterly", "quarterly", "half_yearly"]), method=method,
            answer_days=15, created_by=coordinator, created_at=at(datetime.date(ANCHOR.year, 1, 5)),
        ))
    seeder.insert(Objective, objectives)
    seeder.history(Objective, [(o, o.created_at, coordinator.pk, "+", "Lập mục tiêu chất lượng", None)
                               for o in objectives])
    measurements = []
    for objective in objectives:
        for start, end in objective.periods():
            if end >= ANCHOR:
                break
            miss = r.random() < 0.17
            delta = Decimal(r.randint(5, 120)) / 10
            up = (objective.direction == "at_least") != miss
            value = max(Decimal(0), min(Decimal(100), objective.target + (delta if up else -delta)))
            measurements.append(Measurement(
                objective=objective, agency=agency, period_start=start, period_end=end, value=value,
                computed=objective.method != "manual", note="Số liệu sinh tự động", recorded_by=coordinator,
                recorded_at=at(end + datetime.timedelta(days=1)),
            ))
    seeder.insert(Measurement, measurements)
    seeder.history(Measurement, [(m, m.recorded_at, coordinator.pk, "+", m.note, None) for m in measurements])
    ctx["objectives"] = objectives


STEPS = [(700, generate)]
