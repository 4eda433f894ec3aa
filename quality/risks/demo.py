"""Demo register of risks and opportunities (6.1) of the agencies on ISO 9001:2015 (issue 18): Sở Tư pháp's,
scored, with actions planned, done, and one judged effective, so every state of the register shows.

Through quality.risks.services (the dates are today's: a review date and a due date must lie ahead, a finished
action is finished today). Idempotent: an agency that has risks gets no more; an agency on 2008 gets none.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from qms.core import editions
from quality.risks import services
from quality.risks.models import Risk

# (kind, description, process, likelihood, impact, [(action, owner suffix, days to due, "done"/"effective"/"")])
RISKS = [
    ("risk", "Trả kết quả cấp phiếu lý lịch tư pháp trễ hẹn khi số hồ sơ tăng đột biến vào mùa cao điểm.",
     "QT-TP-01 Cấp phiếu lý lịch tư pháp", 4, 4, [
         ("Theo dõi số hồ sơ tồn hằng tuần trên hệ thống một cửa điện tử, báo cáo lãnh đạo Sở.", "truongphong", 7,
          "effective"),
         ("Bố trí thêm 01 công chức hỗ trợ thẩm định trong các tháng 6 – 8.", "lanhdao", 30, ""),
     ]),
    ("risk", "Thất lạc hồ sơ giấy khi chuyển giữa Bộ phận một cửa và các phòng chuyên môn.",
     "Tiếp nhận và trả kết quả", 2, 5, [
         ("Lập sổ giao nhận hồ sơ có ký nhận giữa Bộ phận một cửa và các phòng.", "canbo", 14, "done"),
     ]),
    ("risk", "Lộ thông tin cá nhân của người yêu cầu cấp phiếu lý lịch tư pháp.",
     "QT-TP-01 Cấp phiếu lý lịch tư pháp", 2, 4, []),
    ("opportunity", "Tiếp nhận hồ sơ trực tuyến toàn trình qua Cổng dịch vụ công để rút ngắn thời gian giải quyết.",
     "Tiếp nhận và trả kết quả", 4, 3, [
         ("Đăng ký cung cấp thủ tục cấp phiếu lý lịch tư pháp trực tuyến toàn trình.", "thuky", 60, ""),
     ]),
]


@transaction.atomic
def seed(agencies, users):
    today = timezone.localdate()
    for agency in agencies.values():
        if agency.kind != agency.Kind.SUPERVISED or editions.edition_on(agency) != "2015":
            continue
        if Risk.objects.filter(agency=agency).exists():
            continue
        people = {u.username.split(".", 1)[1]: u for u in users.values()
                  if u.agency_id == agency.pk and "." in u.username}
        coordinator = people["thuky"]
        for n, (kind, description, process, likelihood, impact, actions) in enumerate(RISKS):
            risk = services.risk_add(agency=agency, user=coordinator, kind=kind, description=description,
                                     process=process, likelihood=likelihood, impact=impact,
                                     next_review_on=today + datetime.timedelta(days=90 + 30 * n))
            for text, owner, days, state in actions:
                action = services.action_add(risk=risk, user=coordinator, description=text, owner=people[owner],
                                             due_date=today + datetime.timedelta(days=days))
                if state in ("done", "effective"):
                    action = services.action_done(action=action, user=people[owner], note="Đã thực hiện.")
                if state == "effective":
                    services.action_evaluate(action=action, user=coordinator, effective=True,
                                             note="Số hồ sơ trễ hẹn quý gần nhất giảm từ 7 xuống 1.")
