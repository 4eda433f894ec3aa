"""Demo quality objectives: last year's and this year's objectives for each demo agency, with monthly and quarterly
results (last year's all measured, so a whole year shows whatever the month).

Two entered by hand (monthly on-time files, quarterly citizen satisfaction), two computed from the demo
records (NCs closed on time, feedback answered in 15 days). The last month misses its target, so the list
shows a flag and the "open an NC" button. Idempotent: objectives are found by code; periods already
measured are kept.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from audits.capa.demo import AGENCY_PREFIX, ONE_STOP
from qms.core.models import Department
from quality.objectives import services as svc
from quality.objectives.models import Measurement, Objective
from quality.objectives.plan import plan_required

OBJECTIVES = [
    ("MT-01", "Giải quyết hồ sơ thủ tục hành chính đúng hạn", "Tỷ lệ hồ sơ trả kết quả đúng hạn", "%", "95",
     "at_least", "monthly", "manual"),
    ("MT-02", "Người dân hài lòng với việc giải quyết thủ tục", "Tỷ lệ phiếu khảo sát hài lòng", "%", "90",
     "at_least", "quarterly", "manual"),
    ("MT-03", "Khắc phục sự không phù hợp đúng hạn", "Tỷ lệ sự không phù hợp đóng đúng hạn", "%", "80",
     "at_least", "quarterly", "nc_closed_on_time"),
    ("MT-04", "Trả lời phản ánh, kiến nghị kịp thời", "Tỷ lệ phản ánh được trả lời trong 15 ngày", "%", "90",
     "at_least", "monthly", "feedback_answered"),
]
# How each objective is reached (ISO 9001:2015 6.2.2), written for the years an agency applies 2015 in.
PLANS = {
    "MT-01": ("Niêm yết công khai thời hạn; nhắc việc hồ sơ sắp đến hạn hằng ngày; xin lỗi trước hạn khi trễ.",
              "Cán bộ một cửa; hệ thống một cửa điện tử", "Số liệu hồ sơ hằng tháng so với chỉ tiêu"),
    "MT-02": ("Khảo sát người dân tại bộ phận một cửa và qua mã QR; xử lý ý kiến chưa hài lòng trong tuần.",
              "Phiếu khảo sát; kinh phí in ấn", "Tổng hợp phiếu khảo sát theo quý"),
    "MT-03": ("Phân tích nguyên nhân mọi sự không phù hợp; theo dõi hạn hành động khắc phục hằng tháng.",
              "Thư ký ISO; trưởng các phòng", "Tỷ lệ đóng đúng hạn trong sổ sự không phù hợp theo quý"),
    "MT-04": ("Giao phản ánh trong ngày nhận; lãnh đạo duyệt trả lời trước hạn 15 ngày.",
              "Văn phòng; lãnh đạo phụ trách", "Tỷ lệ phản ánh trả lời trong 15 ngày theo tháng"),
}
# Hand-entered results: on-time files by month (the last one misses), satisfaction by quarter.
ON_TIME = [97.2, 96.5, 95.8, 98.1, 96.0, 95.5, 97.4, 96.9, 95.2, 94.1, 96.3, 93.8]
SATISFIED = [91.5, 92.0, 88.5, 93.0]


@transaction.atomic
def seed(agencies, users):
    today = _today()
    for code, prefix in AGENCY_PREFIX.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        coordinator = users[f"{prefix}.thuky"]
        desk = Department.objects.filter(agency=agency, code=ONE_STOP[code]).first()
        # Last year's objectives too, every period measured: a whole year to look at even in January.
        for year in (today.year - 1, today.year):
            for ocode, title, indicator, unit, target, direction, frequency, method in OBJECTIVES:
                objective = Objective.objects.filter(agency=agency, year=year, code=ocode).first()
                if objective is None:
                    plan = {}
                    if plan_required(agency, year):
                        actions, resources, evaluation = PLANS[ocode]
                        plan = {"plan_actions": actions, "plan_resources": resources, "plan_owner": coordinator,
                                "plan_due": datetime.date(year, 12, 31), "plan_evaluation": evaluation}
                    objective = svc.objective_save(
                        agency=agency, user=coordinator, year=year, code=ocode, title=title, department=desk,
                        indicator=indicator, unit=unit, target=Decimal(target), direction=direction,
                        frequency=frequency, method=method, answer_days=15, **plan,
                    )
                _measure(objective, coordinator, today)


def _measure(objective, user, today):
    done = set(Measurement.objects.filter(objective=objective).values_list("period_start", flat=True))
    values = ON_TIME if objective.frequency == "monthly" else SATISFIED
    for index, (start, end) in enumerate(objective.periods()):
        if end >= today or start in done:
            continue
        if objective.is_computed:
            svc.compute_measurement(objective=objective, period_start=start, today=today)
        else:
            svc.measurement_record(objective=objective, user=user, period_start=start,
                                   value=Decimal(str(values[index])), note="Báo cáo định kỳ (dữ liệu mẫu)")




def _today():
    """The demo's "today" (a test fixes it)."""
    return timezone.localdate()
