"""Demo citizens' feedback in every status, one of them turned into a demo nonconformity (DEMO-01).

Runs after the nonconformity demo (audits/apps.py registers it after ``audits.capa.demo.seed``):
the late building-permit complaint is linked to the NC it gave rise to. Idempotent: each demo
feedback has a fixed tracking code; existing ones are left as they are.
"""

from django.db import transaction

from audits.capa.demo import AGENCY_PREFIX, CITIZEN_NC
from audits.capa.models import Nonconformity
from audits.feedback import services as fsvc
from audits.feedback.models import Feedback
from qms.core import search
from qms.core.history import save_tracked


@transaction.atomic
def seed(agencies, users):
    for code, prefix in AGENCY_PREFIX.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        # The NC the late building-permit complaint gave rise to; get() fails loudly if the
        # nonconformity demo has not run first.
        nc1 = Nonconformity.objects.get(agency=agency, source_ref=CITIZEN_NC)
        _seed_agency(agency, users[f"{prefix}.thuky"], nc1)


def _seed_agency(agency, coordinator, nc1):
    code_prefix = "PA-DEMO" + ("H" if agency.code == "ubnd-hoan-kiem" else "T")
    items = [
        ("1", "Nguyễn Văn A", "0912 345 678", "Cấp giấy phép xây dựng nhà ở riêng lẻ",
         "Tôi nộp hồ sơ ngày 01/10, phiếu hẹn trả ngày 15/10 nhưng đến 22/10 mới nhận được giấy phép, không có thư xin lỗi."),
        ("2", "", "", "Chứng thực bản sao",
         "Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa vào buổi sáng thứ Hai."),
        ("3", "Trần Thị B", "tranb@example.vn", "Đăng ký khai sinh",
         "Cán bộ hướng dẫn nhiệt tình, thủ tục nhanh. Cảm ơn."),
        ("4", "", "", "", "Quảng cáo dịch vụ làm giấy tờ nhanh, liên hệ …"),
    ]
    for suffix, name, contact, procedure, content in items:
        code = f"{code_prefix}-{suffix}"
        if Feedback.objects.filter(tracking_code=code).exists():
            continue
        feedback = Feedback(agency=agency, tracking_code=code, name=name, contact=contact, procedure=procedure, content=content)
        search.refresh(feedback)  # what feedback_submit does (the demo keeps its own tracking codes)
        save_tracked(feedback, reason="Dữ liệu mẫu")
        if suffix == "1" and not nc1.feedback.exists():
            feedback.nc = nc1
            save_tracked(feedback, user=coordinator, reason=f"Chuyển thành {nc1.reference}")
            fsvc.feedback_answer(feedback=feedback, user=coordinator, answer=(
                "UBND quận xin lỗi ông về việc trả kết quả muộn. Nguyên nhân do hồ sơ luân chuyển chậm giữa các bộ phận; "
                "quận đã lập phiếu yêu cầu hành động khắc phục và sẽ sửa đổi quy trình trong tháng này."
            ))
        elif suffix == "3":
            fsvc.feedback_answer(feedback=feedback, user=coordinator, answer="Cảm ơn bà đã ghi nhận. Chúng tôi sẽ tiếp tục cải thiện chất lượng phục vụ.")
        elif suffix == "4":
            fsvc.feedback_dismiss(feedback=feedback, user=coordinator, reason="Nội dung quảng cáo, không phải phản ánh, kiến nghị.")
