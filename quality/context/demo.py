"""Demo context of the agencies on ISO 9001:2015 (issue 18): Sở Tư pháp, moved in July 2025 (qms/core/demo.py),
records its internal and external issues (4.1) and its interested parties with their requirements (4.2).

Through quality.context.services, as the coordinator. Idempotent: an agency that has issues gets no more issues,
one that has interested parties no more parties; an agency on 2008 gets none (2008 asks for neither).
"""

from django.db import transaction

from qms.core import editions
from quality.context import services
from quality.context.models import ContextIssue, InterestedParty

# (kind, issue, its effect on the quality system)
ISSUES = [
    ("external", "Chuyển đổi số: dịch vụ công trực tuyến toàn trình trên Cổng dịch vụ công quốc gia "
                 "(Nghị định 45/2020/NĐ-CP về thực hiện thủ tục hành chính trên môi trường điện tử).",
     "Các quy trình phải có bước tiếp nhận, xử lý hồ sơ điện tử; công chức cần kỹ năng ký số và số hóa hồ sơ."),
    ("external", "Văn bản pháp luật về hộ tịch, lý lịch tư pháp, công chứng thay đổi thường xuyên.",
     "Danh mục văn bản bên ngoài và các quy trình phải được rà soát, cập nhật kịp thời."),
    ("internal", "Công chức làm công tác ISO kiêm nhiệm và được luân chuyển định kỳ.",
     "Nguy cơ gián đoạn việc duy trì hệ thống; cần đào tạo người thay thế và lưu thông tin dạng văn bản đầy đủ."),
    ("internal", "Yêu cầu cấp phiếu lý lịch tư pháp tăng mạnh vào mùa tuyển dụng, du học (tháng 6 – 8).",
     "Áp lực về thời hạn giải quyết tại Bộ phận một cửa và Phòng Hành chính tư pháp."),
]

# (party, needs and requirements, how they are followed)
PARTIES = [
    ("Người dân, tổ chức có yêu cầu giải quyết thủ tục hành chính",
     "Hồ sơ được giải quyết đúng hẹn; thủ tục, phí, lệ phí được công khai; thái độ phục vụ tận tình.",
     "Khảo sát sự hài lòng hằng quý; phản ánh, kiến nghị; đánh giá khi trả kết quả."),
    ("UBND Thành phố Hà Nội",
     "Thực hiện chỉ số cải cách hành chính; báo cáo định kỳ kết quả kiểm soát thủ tục hành chính.",
     "Báo cáo quý, năm; kết quả chấm điểm chỉ số cải cách hành chính."),
    ("Bộ Tư pháp",
     "Thực hiện đúng quy định chuyên ngành về hộ tịch, lý lịch tư pháp và bổ trợ tư pháp.",
     "Văn bản hướng dẫn, kết quả thanh tra, kiểm tra chuyên ngành."),
    ("Sở Khoa học và Công nghệ",
     "Duy trì, cải tiến hệ thống quản lý chất lượng; báo cáo tình hình áp dụng hằng năm (Quyết định 101/2019/QĐ-TTg).",
     "Báo cáo năm; kết quả kiểm tra việc áp dụng hệ thống quản lý chất lượng."),
]


@transaction.atomic
def seed(agencies, users):
    for agency in agencies.values():
        if agency.kind != agency.Kind.SUPERVISED or editions.edition_on(agency) != "2015":
            continue
        coordinator = next(u for u in users.values() if u.agency_id == agency.pk and u.username.endswith(".thuky"))
        if not ContextIssue.objects.filter(agency=agency).exists():
            for kind, description, effect in ISSUES:
                services.issue_save(agency=agency, user=coordinator, kind=kind, description=description, effect=effect)
        if not InterestedParty.objects.filter(agency=agency).exists():
            for name, requirements, monitoring in PARTIES:
                services.party_save(agency=agency, user=coordinator, name=name, requirements=requirements,
                                    monitoring=monitoring)
