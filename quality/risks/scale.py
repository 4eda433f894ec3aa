# history-written-here: module — seed_scale inserts risks and their actions with bulk_create and writes their history.
"""The registers of risks and opportunities (6.1) of the agencies on ISO 9001:2015 in the province data set
(seed_scale, qms/core/scale/generate.py): entries scored 1–5 × 1–5 (about one in five an opportunity), half of
them reviewed since, some with their next review past; 0–3 actions each, owners among the agency's people, about
half done and most of those judged for effectiveness (as the services allow: a finished action only, on or after
its completion).

Registered from ``quality/apps.py`` as step 1110, after the context (1100) and before the management reviews.
Draws from its own random stream (``Seeder.stream``): the other steps' rows stay what the seed gives.
"""

import datetime

from qms.core.scale.generate import ANCHOR, at
from quality.risks.models import Risk, RiskAction

RISKS = 1200  # in the province at scale 1.0, per agency's share (60 an agency on 2015 at 20 agencies)
RISK_TEXT = [
    "Trả kết quả hồ sơ {f} trễ hẹn khi số hồ sơ tăng đột biến.",
    "Thất lạc hồ sơ giấy khi chuyển giữa Bộ phận một cửa và phòng chuyên môn.",
    "Lộ thông tin cá nhân của người nộp hồ sơ {f}.",
    "Áp dụng sai văn bản pháp luật đã hết hiệu lực trong lĩnh vực {f}.",
    "Gián đoạn phần mềm một cửa điện tử, không tiếp nhận được hồ sơ trực tuyến.",
    "Thiếu công chức thẩm định hồ sơ {f} khi có người nghỉ dài ngày.",
]
OPPORTUNITY_TEXT = [
    "Tiếp nhận hồ sơ {f} trực tuyến toàn trình để rút ngắn thời gian giải quyết.",
    "Tái sử dụng dữ liệu đã số hóa, người dân không phải nộp lại giấy tờ {f}.",
    "Liên thông điện tử với cơ quan thuế, bảo hiểm trong giải quyết hồ sơ {f}.",
]
FIELDS = ["đất đai", "xây dựng", "hộ tịch", "đăng ký kinh doanh", "tư pháp", "lao động, thương binh và xã hội"]
ACTIONS = [
    "Bố trí thêm công chức hỗ trợ vào thời điểm cao điểm.",
    "Lập sổ giao nhận hồ sơ có ký nhận giữa các bộ phận.",
    "Rà soát danh mục văn bản pháp luật hằng tháng, cập nhật quy trình.",
    "Phân quyền truy cập dữ liệu cá nhân trên phần mềm theo vai trò.",
    "Đào tạo công chức về ký số và số hóa hồ sơ.",
    "Đăng ký cung cấp dịch vụ công trực tuyến toàn trình.",
]
EVIDENCE = ["Số hồ sơ trễ hẹn quý sau giảm rõ rệt.", "Không còn hồ sơ thất lạc trong 3 tháng theo dõi.",
            "Chưa thấy cải thiện; cần hành động khác."]


def generate(seeder, ctx):
    agency = ctx["agency"]
    if agency.iso_edition != "2015":
        return
    r, coordinator, people = seeder.stream("risks", ctx), ctx["coordinator"], ctx["staff"]
    started = ANCHOR - datetime.timedelta(days=180)
    risks = []
    for _ in range(seeder.per_agency(RISKS)):
        opportunity = r.random() < 0.2
        text = r.choice(OPPORTUNITY_TEXT if opportunity else RISK_TEXT).format(f=r.choice(FIELDS))
        made = started + datetime.timedelta(days=r.randint(0, 120))
        risk = Risk(agency=agency, kind="opportunity" if opportunity else "risk", description=text,
                    process=r.choice(["Tiếp nhận và trả kết quả", f"Giải quyết hồ sơ {r.choice(FIELDS)}", ""]),
                    likelihood=r.randint(1, 5), impact=r.randint(1, 5), created_by=coordinator,
                    created_at=at(made, r.randint(8, 16)))
        risk.first = (risk.likelihood, risk.impact)
        if r.random() < 0.5:  # reviewed since: new scores, the next review set again
            risk.reviewed_on = made + datetime.timedelta(days=r.randint(20, 50))
            risk.likelihood = max(1, risk.likelihood - r.randint(0, 2))
            risk.next_review_on = risk.reviewed_on + datetime.timedelta(days=r.choice([90, 180]))
        else:
            risk.next_review_on = made + datetime.timedelta(days=r.choice([90, 180, 270]))
        risks.append(risk)
    seeder.insert(Risk, risks)
    seeder.history(Risk, [(k, k.created_at, coordinator.pk, "+", "Ghi nhận lần đầu",
                           {"likelihood": k.first[0], "impact": k.first[1], "reviewed_on": None,
                            "next_review_on": k.created_at.date() + datetime.timedelta(days=90)}) for k in risks])
    seeder.history(Risk, [(k, at(k.reviewed_on, 10), coordinator.pk, "~", "Xem xét định kỳ: đánh giá lại mức rủi ro",
                           None) for k in risks if k.reviewed_on])

    actions = []
    for risk in risks:
        for _ in range(r.choice([0, 1, 1, 2, 3])):
            made = risk.created_at.date() + datetime.timedelta(days=r.randint(1, 20))
            action = RiskAction(risk=risk, agency=agency, description=r.choice(ACTIONS), owner=r.choice(people),
                                due_date=made + datetime.timedelta(days=r.randint(15, 120)), created_at=at(made, 14))
            if action.due_date < ANCHOR and r.random() < 0.7 or r.random() < 0.2:
                action.status = RiskAction.Status.DONE
                action.completed_on = min(ANCHOR - datetime.timedelta(days=1),
                                          made + datetime.timedelta(days=r.randint(5, 60)))
                if action.completed_on < ANCHOR - datetime.timedelta(days=30) and r.random() < 0.8:
                    action.evaluated_on = action.completed_on + datetime.timedelta(days=r.randint(10, 29))
                    action.effective = r.random() < 0.8
                    action.effectiveness_note = EVIDENCE[0 if action.effective else 2] if r.random() < 0.5 \
                        else EVIDENCE[1 if action.effective else 2]
            actions.append(action)
    seeder.insert(RiskAction, actions)
    seeder.history(RiskAction, [
        (a, a.created_at, coordinator.pk, "+", "Ghi nhận lần đầu",
         {"status": RiskAction.Status.PLANNED, "completed_on": None, "effective": None, "evaluated_on": None,
          "effectiveness_note": ""}) for a in actions])
    seeder.history(RiskAction, [(a, at(a.completed_on, 16), a.owner_id, "~", "Hoàn thành",
                                 {"effective": None, "evaluated_on": None, "effectiveness_note": ""})
                                for a in actions if a.completed_on])
    seeder.history(RiskAction, [(a, at(a.evaluated_on, 9), coordinator.pk, "~", a.effectiveness_note, None)
                                for a in actions if a.evaluated_on])


STEPS = [(1110, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
