"""The transition audit's checklist template (issue 18): questions on what ISO 9001:2015 adds, created once
through the internal audit's own service so it is edited and used like any other template."""

from audits.internal import services as audit_services
from audits.internal.models import ChecklistTemplate

QUESTIONS = [
    ("4.1", "Cơ quan đã xác định các vấn đề nội bộ và bên ngoài liên quan đến mục đích và định hướng chiến lược chưa? Có theo dõi, xem xét thông tin về các vấn đề này không?"),
    ("4.2", "Cơ quan đã xác định các bên quan tâm và yêu cầu của họ chưa? Có theo dõi, xem xét không?"),
    ("4.3", "Phạm vi của hệ thống quản lý chất lượng đã được xác định, duy trì thành thông tin dạng văn bản chưa?"),
    ("5.1", "Lãnh đạo có thể hiện vai trò lãnh đạo và cam kết, chịu trách nhiệm về hiệu lực của hệ thống không?"),
    ("6.1", "Rủi ro và cơ hội đã được xác định, đánh giá; hành động giải quyết đã được hoạch định, thực hiện và đánh giá hiệu lực chưa?"),
    ("6.2", "Mục tiêu chất lượng có kế hoạch thực hiện: làm gì, nguồn lực, ai chịu trách nhiệm, khi nào hoàn thành, đánh giá kết quả thế nào?"),
    ("7.1.6", "Tri thức cần thiết cho các quá trình đã được xác định, duy trì và sẵn có chưa?"),
    ("7.5", "Thông tin dạng văn bản (tài liệu, hồ sơ) được kiểm soát theo 7.5.2 và 7.5.3 chưa?"),
    ("8.4", "Quá trình, sản phẩm và dịch vụ do bên ngoài cung cấp có được kiểm soát, đánh giá kết quả thực hiện của nhà cung cấp không?"),
    ("9.3.2", "Xem xét của lãnh đạo có đủ đầu vào theo 9.3.2 (thay đổi bối cảnh, nguồn lực, hiệu lực hành động giải quyết rủi ro và cơ hội, nhà cung cấp bên ngoài) không?"),
    ("10.2", "Khi có sự không phù hợp, cơ quan có xem xét sự không phù hợp tương tự, cập nhật rủi ro và cơ hội không?"),
]
TITLE = "Đánh giá chuyển đổi sang TCVN ISO 9001:2015"


def transition_template(agency):
    return ChecklistTemplate.objects.filter(agency=agency, title=TITLE).first()


def make_transition_checklist(*, agency, user):
    """The template of the transition audit; the existing one when it was made already."""
    existing = transition_template(agency)
    if existing is not None:
        return existing
    questions = "\n".join(f"[{clause}] {text}" for clause, text in QUESTIONS)  # data, in the agency's language
    return audit_services.template_save(agency=agency, user=user, title=TITLE, clause="4.1, 6.1, 9.3.2",
                                        questions=questions)
