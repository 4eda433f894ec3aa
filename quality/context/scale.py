# history-written-here: module — seed_scale inserts context issues and parties with bulk_create and writes their history.
"""The context of the agencies on ISO 9001:2015 in the province data set (seed_scale, qms/core/scale/generate.py):
internal and external issues (4.1) and interested parties with their requirements (4.2), recorded by the
coordinator in the half-year before the agency's move (the core moves one agency in three, from the anchor day):
at least one issue of each kind and two parties. One in eight is no longer followed (changed later, with the reason
in its history).

Registered from ``quality/apps.py`` as step 1100, before the management reviews (whose inputs may read the
context). Draws from its own random stream (``Seeder.stream``): the other steps' rows stay what the seed gives.
"""

import datetime

from qms.core.scale.generate import ANCHOR, at
from quality.context.models import ContextIssue, InterestedParty

ISSUES = 400  # in the province at scale 1.0, per agency's share (20 an agency on 2015 at 20 agencies)
PARTIES = 200
EXTERNAL = [
    "Chuyển đổi số, dịch vụ công trực tuyến toàn trình trên Cổng dịch vụ công quốc gia.",
    "Văn bản quy phạm pháp luật trong lĩnh vực {f} thay đổi thường xuyên.",
    "Yêu cầu của UBND Thành phố về chỉ số cải cách hành chính và sự hài lòng của người dân.",
    "Số hồ sơ lĩnh vực {f} tăng theo mùa, dồn vào cuối năm.",
    "Người dân, doanh nghiệp yêu cầu công khai tình trạng giải quyết hồ sơ.",
    "Ngân sách cho ứng dụng công nghệ thông tin bị cắt giảm.",
]
INTERNAL = [
    "Công chức làm công tác ISO kiêm nhiệm, luân chuyển định kỳ.",
    "Trang thiết bị tại Bộ phận một cửa đã cũ, thường xuyên hỏng.",
    "Phần mềm một cửa điện tử chưa liên thông với phần mềm chuyên ngành {f}.",
    "Kỹ năng ký số, số hóa hồ sơ của công chức chưa đồng đều.",
    "Kho lưu trữ hồ sơ giấy gần hết chỗ.",
]
FIELDS = ["đất đai", "xây dựng", "hộ tịch", "đăng ký kinh doanh", "tư pháp", "lao động, thương binh và xã hội"]
EFFECTS = [
    "Quy trình phải được rà soát, cập nhật kịp thời.",
    "Nguy cơ trả kết quả trễ hẹn; cần bố trí thêm nhân lực vào thời điểm cao điểm.",
    "Cần đào tạo công chức và bổ sung hướng dẫn công việc.",
    "Ảnh hưởng đến sự hài lòng của người dân; cần theo dõi qua khảo sát và phản ánh.",
]
PARTY_NAMES = [
    ("Người dân có yêu cầu giải quyết thủ tục hành chính", "Hồ sơ được giải quyết đúng hẹn; thủ tục công khai, rõ ràng."),
    ("Doanh nghiệp, tổ chức trên địa bàn", "Thủ tục đơn giản, có thể nộp và nhận kết quả trực tuyến."),
    ("UBND Thành phố Hà Nội", "Thực hiện chỉ số cải cách hành chính; báo cáo định kỳ đúng hạn."),
    ("Sở Khoa học và Công nghệ", "Duy trì, cải tiến hệ thống quản lý chất lượng; báo cáo tình hình áp dụng hằng năm."),
    ("Công chức, người lao động của cơ quan", "Phân công rõ ràng, được đào tạo, môi trường làm việc an toàn."),
    ("Các sở, ngành phối hợp giải quyết hồ sơ liên thông", "Hồ sơ chuyển đủ, đúng thời hạn, đúng đầu mối."),
    ("Thanh tra, kiểm tra chuyên ngành lĩnh vực {f}", "Giải quyết đúng quy định chuyên ngành; lưu hồ sơ đầy đủ."),
    ("Báo chí và cơ quan truyền thông", "Thông tin chính xác, kịp thời về thủ tục và kết quả giải quyết."),
]
MONITORING = ["Khảo sát sự hài lòng hằng quý.", "Báo cáo quý, năm.", "Phản ánh, kiến nghị; họp giao ban tháng.",
              "Văn bản chỉ đạo; kết quả thanh tra, kiểm tra.", ""]


def generate(seeder, ctx):
    agency = ctx["agency"]
    if agency.iso_edition != "2015":
        return
    r, coordinator = seeder.stream("context", ctx), ctx["coordinator"]
    started = ANCHOR - datetime.timedelta(days=180)  # the half-year of preparing the move

    def made():
        return at(started + datetime.timedelta(days=r.randint(0, 150)), r.randint(8, 16))

    issues, dropped = [], []
    for n in range(seeder.per_agency(ISSUES, minimum=2)):
        kind = "external" if n % 2 == 0 else "internal"
        text = r.choice(EXTERNAL if kind == "external" else INTERNAL).format(f=r.choice(FIELDS))
        issue = ContextIssue(agency=agency, kind=kind, description=f"{text} ({n + 1})", effect=r.choice(EFFECTS),
                             created_by=coordinator, created_at=made())
        issue.updated_at = issue.created_at
        issues.append(issue)
    parties = []
    for n in range(seeder.per_agency(PARTIES, minimum=2)):
        name, needs = PARTY_NAMES[n % len(PARTY_NAMES)]
        round_ = n // len(PARTY_NAMES)  # past the list: the same kind of party, numbered (the name is unique)
        field = r.choice(FIELDS)
        party = InterestedParty(agency=agency, name=name.format(f=field) + (f" ({round_ + 1})" if round_ else ""),
                                requirements=needs, monitoring=r.choice(MONITORING), created_by=coordinator,
                                created_at=made())
        party.updated_at = party.created_at
        parties.append(party)
    for n, row in enumerate(issues + parties):
        if n % 8 == 5:
            row.is_active = False
            row.updated_at = row.created_at + datetime.timedelta(days=r.randint(5, 25))
            dropped.append(row)
    seeder.insert(ContextIssue, issues)
    seeder.insert(InterestedParty, parties)
    for model, rows in ((ContextIssue, issues), (InterestedParty, parties)):
        seeder.history(model, [(o, o.created_at, coordinator.pk, "+", "Ghi nhận lần đầu", {"is_active": True})
                               for o in rows])
        seeder.history(model, [(o, o.updated_at, coordinator.pk, "~", "Không còn ảnh hưởng, thôi theo dõi", None)
                               for o in rows if o in dropped])


STEPS = [(1100, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
