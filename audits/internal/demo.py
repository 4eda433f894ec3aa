"""Demo internal audits (PLAT-6, AUD-1…5): a year's programme for UBND Quận Hoàn Kiếm and a smaller one
for Sở Tư pháp, audits in every status, findings of every kind, checklist templates. Sở Tư pháp is on
ISO 9001:2015 before its audits are made (qms/core/demo.py): its criteria, template and findings cite 2015.

Idempotent: programmes are found by (agency, year), audits by (programme, title), templates by
(agency, title), the extra auditor by username; an audit that already exists is left as it is.
Everything goes through ``audits.internal.services`` so the demo obeys the same rules as the UI
(independence, dates, NC opening). Documents (QT-05, HD-01…) are used when the document demo
has created them and skipped otherwise.
"""

import datetime

from django.db import transaction

from audits.internal import services as svc
from audits.internal.models import Audit, AuditProgramme, ChecklistTemplate, Finding
from processes.documents.models import Document
from qms.core import editions
from qms.core.demo import DEMO_PASSWORD
from qms.core.models import Department, Role, User, UserRole

YEAR = 2026

TEMPLATES = [
    ("4.2.3", None, "Kiểm soát tài liệu (4.2.3)", [
        "Tài liệu có được phê duyệt trước khi ban hành không? (4.2.3.a)",
        "Tài liệu có được xem xét, cập nhật và phê duyệt lại khi cần không? (4.2.3.b)",
        "Tình trạng sửa đổi hiện hành của tài liệu có được nhận biết không? (4.2.3.c)",
        "Phiên bản tài liệu đang dùng tại nơi làm việc có đúng lần ban hành hiện hành không? (4.2.3.d)",
        "Tài liệu có rõ ràng, dễ nhận biết không? (4.2.3.e)",
        "Tài liệu có nguồn gốc bên ngoài (văn bản pháp luật) có được nhận biết và kiểm soát phân phối không? (4.2.3.f)",
        "Tài liệu lỗi thời có được thu hồi hoặc đóng dấu nhận biết không? (4.2.3.g)",
    ]),
    ("4.2.4", None, "Kiểm soát hồ sơ (4.2.4)", [
        "Hồ sơ giải quyết thủ tục hành chính có được lưu đầy đủ theo danh mục hồ sơ không?",
        "Nơi lưu, thời gian lưu của từng loại hồ sơ có được xác định không?",
        "Hồ sơ có dễ nhận biết, dễ truy xuất khi cần không?",
        "Hồ sơ hết thời hạn lưu có được xử lý theo quy định không?",
    ]),
    ("8.2.2", None, "Đánh giá nội bộ (8.2.2)", [
        "Chương trình đánh giá nội bộ năm có được lập và phê duyệt không?",
        "Chuyên gia đánh giá có độc lập với khu vực được đánh giá không?",
        "Kết quả đánh giá kỳ trước có được báo cáo cho lãnh đạo không?",
        "Hành động khắc phục sau đánh giá kỳ trước có được kiểm tra xác nhận hiệu lực không?",
    ]),
    ("8.3", None, "Kiểm soát sản phẩm không phù hợp (8.3)", [
        "Hồ sơ trễ hạn, sai sót có được nhận biết và ghi nhận không?",
        "Người dân có được thông báo và xin lỗi bằng văn bản khi hồ sơ trễ hạn không?",
        "Biện pháp xử lý hồ sơ không phù hợp có được ghi lại không?",
    ]),
    ("8.5.2", None, "Hành động khắc phục (8.5.2)", [
        "Nguyên nhân của sự không phù hợp có được xác định không? (8.5.2.b)",
        "Hành động khắc phục có được xác định, thực hiện đúng hạn không? (8.5.2.d)",
        "Hiệu lực của hành động khắc phục có được xem xét không? (8.5.2.f)",
    ]),
    ("7.5", "HD-01", "Quá trình tiếp nhận và trả kết quả tại Bộ phận một cửa", [
        "Danh mục thủ tục hành chính, mức phí, lệ phí có được niêm yết công khai tại Bộ phận một cửa không?",
        "Cán bộ một cửa có dùng đúng phiên bản quy trình, biểu mẫu hiện hành không?",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả có ghi đủ thông tin không?",
        "Sổ theo dõi hồ sơ có cập nhật đầy đủ, đúng thời hạn không?",
        "Hồ sơ trễ hạn có phiếu xin lỗi và hẹn lại ngày trả kết quả không?",
    ]),
]

# The document-control template of an agency on 2015 (documented information, 7.5).
TEMPLATES_2015 = [
    ("7.5", None, "Kiểm soát thông tin dạng văn bản (7.5)", [
        "Thông tin dạng văn bản có được nhận biết và mô tả (tiêu đề, ngày, người soạn, số hiệu) không? (7.5.2.a)",
        "Thông tin dạng văn bản có được xem xét, phê duyệt về sự phù hợp trước khi ban hành không? (7.5.2.c)",
        "Thông tin dạng văn bản có sẵn, thích hợp để sử dụng ở nơi và khi cần không? (7.5.3.1.a)",
        "Thông tin dạng văn bản có được bảo vệ khỏi sử dụng sai, mất tính toàn vẹn không? (7.5.3.1.b)",
        "Việc phân phối, truy cập, truy xuất và sử dụng có được kiểm soát không? (7.5.3.2.a)",
        "Thay đổi có được kiểm soát, nhận biết phiên bản hiện hành không? (7.5.3.2.c)",
        "Thông tin dạng văn bản có nguồn gốc bên ngoài có được nhận biết và kiểm soát không? (7.5.3.2)",
    ]),
]


def _doc(agency, code):
    return Document.objects.filter(agency=agency, code=code).first() if code else None


def _templates(agency, author, only=None, rows=TEMPLATES):
    result = {}
    for clause, doc_code, title, questions in rows:
        if only and clause not in only:
            continue
        template = ChecklistTemplate.objects.filter(agency=agency, title=title).first()
        if template is None:
            template = svc.template_save(
                agency=agency, user=author, title=title, clause=clause, document=_doc(agency, doc_code),
                questions="\n".join(questions),
            )
        result[clause] = template
    return result


def _second_auditor(agency, username, full_name, title, dept_code):
    dept = Department.objects.get(agency=agency, code=dept_code)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "title": title, "agency": agency, "department": dept,
                  "email": f"{username}@demo.qms.local"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    for role in (Role.AUDITOR, Role.STAFF):
        UserRole.objects.get_or_create(user=user, role=role)
    if hasattr(user, "_role_cache"):
        del user._role_cache
    return user


def _audit(programme, coordinator, spec, templates):
    """Create one audit from ``spec`` and take it to its status; an existing audit is left alone."""
    existing = Audit.objects.filter(programme=programme, title=spec["title"]).first()
    if existing is not None:
        return existing
    agency = programme.agency
    depts = [Department.objects.get(agency=agency, code=c) for c in spec["departments"]]
    docs = [d for d in (_doc(agency, c) for c in spec.get("documents", ())) if d is not None]
    audit = svc.audit_create(
        programme=programme, user=coordinator, title=spec["title"], planned_month=spec["month"],
        start_date=spec.get("start"), end_date=spec.get("end"), objectives=spec.get("objectives", ""),
        departments=depts, documents=docs, criteria_clauses=spec["clauses"],
        criteria_documents=[d for d in (_doc(agency, c) for c in ("STCL", "QT-03")) if d is not None],
        lead_auditor=spec["lead"], team=spec.get("team", []),
        auditees=[d.head for d in depts if d.head_id and d.head not in [spec["lead"], *spec.get("team", [])]],
    )
    status = spec["status"]
    if status == "planned":
        return audit
    lead = spec["lead"]
    svc.audit_start(audit=audit, user=lead)
    for clause in spec.get("templates", ()):
        svc.checklist_apply_template(audit=audit, user=lead, template=templates[clause])
    items = list(audit.checklist_items.order_by("order"))
    answers = spec.get("answers", [])
    for item, (answer, evidence) in zip(items, answers):
        svc.checklist_answer(item=item, user=lead, answer=answer, evidence=evidence)
    for kind, clause, dept_code, description, evidence, requirement in spec.get("findings", ()):
        svc.finding_add(
            audit=audit, user=lead, kind=kind, clause=clause,
            department=Department.objects.get(agency=agency, code=dept_code), description=description,
            evidence=evidence, requirement=requirement,
        )
    if status == "in_progress":
        return audit
    svc.audit_issue_report(audit=audit, user=lead, summary=spec["summary"], conclusion=spec["conclusion"],
                           confirm_unanswered=True)
    if status == "closed":
        svc.audit_close(audit=audit, user=lead)
    return audit


def _programme(agency, year, coordinator, objectives):
    programme = AuditProgramme.objects.filter(agency=agency, year=year).first()
    return programme or svc.programme_create(
        agency=agency, user=coordinator, year=year, title=f"Chương trình đánh giá nội bộ năm {year}",
        objectives=objectives,
    )


F = Finding.Kind
CONFORM, NONCONFORM, OBS, NA = "conform", "nonconform", "observation", "not_applicable"


def _seed_hoan_kiem(agency, users):
    coordinator, lead = users["hk.thuky"], users["hk.danhgia"]  # lead auditor: Phòng Tư pháp
    second = _second_auditor(agency, "hk.danhgia2", "Nguyễn Thị Thu Hằng", "Chuyên viên Phòng Nội vụ", "noi-vu")
    templates = _templates(agency, coordinator)
    programme = _programme(
        agency, YEAR, coordinator,
        "Đánh giá toàn bộ các phòng, bộ phận và quy trình trong phạm vi HTQLCL ít nhất một lần trong năm. "
        "Ưu tiên Bộ phận một cửa và Phòng Quản lý đô thị (nhiều hồ sơ trễ hạn, phản ánh của người dân năm 2025).",
    )
    specs = [
        {
            "title": "Đánh giá kiểm soát tài liệu, hồ sơ tại Văn phòng", "month": 2, "status": "closed",
            "start": datetime.date(YEAR, 2, 24), "end": datetime.date(YEAR, 2, 25),
            "departments": ["vp"], "documents": ["QT-01", "QT-02"], "clauses": "4.1, 4.2.1, 4.2.2, 4.2.3, 4.2.4, 5.1, 5.3, 5.4, 5.6, 8.2.2, 8.5.1",
            "lead": lead, "team": [second], "templates": ["4.2.3", "4.2.4"],
            "answers": [(CONFORM, "Sổ ban hành tài liệu cập nhật đến QT-09.")] * 7 + [(CONFORM, "Danh mục hồ sơ 2026 đã ban hành.")] * 4,
            "findings": [
                (F.OBSERVATION, "4.2.4", "vp", "Danh mục hồ sơ chưa ghi rõ nơi lưu của hồ sơ điện tử.",
                 "Danh mục hồ sơ năm 2026 (BM-02-01) chỉ ghi 'tủ hồ sơ Văn phòng'.", "4.2.4: nơi lưu được xác định."),
                (F.OFI, "4.2.3", "vp", "Có thể gửi thông báo tài liệu mới ban hành qua hệ thống thay cho công văn giấy.",
                 "", ""),
            ],
            "summary": "Văn phòng kiểm soát tài liệu và hồ sơ cơ bản phù hợp; 01 điểm lưu ý, 01 cơ hội cải tiến.",
            "conclusion": "HTQLCL tại Văn phòng được duy trì và áp dụng có hiệu lực.",
        },
        {
            "title": "Đánh giá quy trình cấp giấy phép xây dựng", "month": 4, "status": "reported",
            "start": datetime.date(YEAR, 4, 14), "end": datetime.date(YEAR, 4, 16),
            "departments": ["qldt"], "documents": ["QT-05", "QT-09"], "clauses": "4.2.3, 7.1, 7.2, 7.5, 8.2.3, 8.3",
            "lead": lead, "team": [second], "templates": ["4.2.3", "8.3"],
            "answers": [(CONFORM, "")] * 3 + [(NONCONFORM, "Chuyên viên thụ lý dùng QT-05 lần 01.")] + [(CONFORM, "")] * 3
            + [(NONCONFORM, "2/20 hồ sơ trễ hạn không có phiếu xin lỗi."), (OBS, ""), (CONFORM, "")],
            "findings": [
                (F.MINOR_NC, "8.3", "qldt",
                 "Hồ sơ cấp phép xây dựng trễ hạn không có phiếu xin lỗi và hẹn lại ngày trả kết quả.",
                 "Hồ sơ số 125/GPXD và 131/GPXD trễ 3 ngày, không có phiếu xin lỗi (kiểm tra 20 hồ sơ quý I/2026).",
                 "Quyết định 9/2015/QĐ-TTg: văn bản xin lỗi khi trễ hạn."),
                (F.OBSERVATION, "4.2.3", "qldt", "Bản in QT-05 tại phòng chưa đóng dấu kiểm soát.",
                 "Bản in QT-05/02 trên bàn chuyên viên không có dấu BẢN KIỂM SOÁT.", ""),
            ],
            "summary": "Quy trình cấp giấy phép xây dựng được áp dụng; phát hiện 01 sự không phù hợp nhẹ và 01 điểm lưu ý.",
            "conclusion": "Phòng Quản lý đô thị cần khắc phục việc xử lý hồ sơ trễ hạn trong 30 ngày.",
        },
        {
            "title": "Đánh giá Phòng Tài nguyên và Môi trường", "month": 6, "status": "reported",
            "start": datetime.date(YEAR, 6, 9), "end": datetime.date(YEAR, 6, 10),
            "departments": ["tnmt"], "documents": ["QT-08"], "clauses": "4.2.4, 6.3, 6.4, 7.5, 8.5.2, 8.5.3",
            "lead": lead, "templates": ["4.2.4", "8.5.2"],
            "answers": [(NONCONFORM, "Không tìm thấy 5/15 hồ sơ năm 2025."), (CONFORM, ""), (NONCONFORM, ""), (NA, "Chưa có hồ sơ hết hạn lưu."),
                        (CONFORM, ""), (CONFORM, ""), (OBS, "")],
            "findings": [
                (F.MAJOR_NC, "4.2.4", "tnmt",
                 "Hồ sơ đăng ký hộ kinh doanh năm 2025 không được lưu trữ, không truy xuất được.",
                 "5/15 hồ sơ chọn ngẫu nhiên (số 0213 đến 0217/HKD) không tìm thấy bản giấy lẫn bản điện tử.",
                 "4.2.4: hồ sơ phải dễ truy xuất."),
                (F.OFI, "7.5", "tnmt", "Nên số hóa hồ sơ hộ kinh doanh ngay khi trả kết quả.", "", ""),
            ],
            "summary": "Phát hiện 01 sự không phù hợp nặng về lưu trữ hồ sơ, 01 cơ hội cải tiến.",
            "conclusion": "Phòng Tài nguyên và Môi trường khắc phục ngay, báo cáo kết quả trước 30/7/2026.",
        },
        {
            "title": "Đánh giá Phòng Tư pháp", "month": 9, "status": "closed",
            "start": datetime.date(YEAR, 9, 15), "end": datetime.date(YEAR, 9, 16),
            "departments": ["tu-phap"], "documents": [], "clauses": "4.2.3, 8.2.2",
            "lead": second, "templates": ["8.2.2"],
            "answers": [(CONFORM, "")] * 4,
            "findings": [
                (F.OFI, "8.2.2", "tu-phap", "Nên công bố kết quả đánh giá nội bộ trên trang thông tin nội bộ.", "", ""),
            ],
            "summary": "Phòng Tư pháp áp dụng HTQLCL phù hợp.",
            "conclusion": "Không có sự không phù hợp.",
        },
        {
            "title": "Đánh giá Bộ phận một cửa", "month": 11, "status": "in_progress",
            "start": datetime.date(YEAR, 11, 26), "end": datetime.date(YEAR, 12, 3),
            "departments": ["mot-cua"], "documents": ["HD-01"], "clauses": "4.2.3, 4.2.4, 5.2, 7.2, 7.5, 8.2.1",
            "lead": lead, "templates": ["7.5", "4.2.3"],
            "answers": [(CONFORM, "Niêm yết đủ 112 thủ tục tại bảng và kiosk.")],
            "objectives": "Đánh giá việc tiếp nhận, trả kết quả và kiểm soát tài liệu tại Bộ phận một cửa.",
        },
        {
            "title": "Đánh giá Phòng Nội vụ", "month": 12, "status": "planned",
            "departments": ["noi-vu"], "clauses": "5.5, 6.1, 6.2", "lead": lead,
        },
    ]
    for spec in specs:
        _audit(programme, coordinator, spec, templates)


def _seed_tu_phap(agency, users):
    coordinator, lead = users["tp.thuky"], users["tp.danhgia"]  # lead auditor: Phòng Bổ trợ tư pháp
    if editions.edition_on(agency) == "2015":
        _seed_tu_phap_2015(agency, coordinator, lead)
        return
    templates = _templates(agency, coordinator, only={"4.2.3", "7.5"})
    programme = _programme(agency, YEAR, coordinator, "Đánh giá các phòng nghiệp vụ và Bộ phận một cửa trong năm.")
    specs = [
        {
            "title": "Đánh giá Phòng Hành chính tư pháp", "month": 5, "status": "closed",
            "start": datetime.date(YEAR, 5, 12), "end": datetime.date(YEAR, 5, 13),
            "departments": ["hctp"], "clauses": "4.2.3", "lead": lead, "templates": ["4.2.3"],
            "answers": [(CONFORM, "")] * 7,
            "findings": [(F.OBSERVATION, "4.2.3.f", "hctp", "Danh mục văn bản pháp luật chưa cập nhật Luật Hộ tịch sửa đổi.",
                          "Danh mục tài liệu bên ngoài cập nhật lần cuối 01/2025.", "")],
            "summary": "Kiểm soát tài liệu phù hợp; 01 điểm lưu ý.", "conclusion": "Đạt yêu cầu.",
        },
        {
            "title": "Đánh giá Bộ phận một cửa", "month": 12, "status": "planned",
            "departments": ["mot-cua"], "clauses": "7.5, 8.2.1", "lead": lead,
        },
    ]
    for spec in specs:
        _audit(programme, coordinator, spec, templates)


def _seed_tu_phap_2015(agency, coordinator, lead):
    """The same programme as an agency on 2015 writes it: documented information (7.5), service provision (8.5),
    customer satisfaction (9.1.2)."""
    templates = _templates(agency, coordinator, rows=TEMPLATES_2015)
    programme = _programme(agency, YEAR, coordinator, "Đánh giá các phòng nghiệp vụ và Bộ phận một cửa trong năm.")
    specs = [
        {
            "title": "Đánh giá Phòng Hành chính tư pháp", "month": 5, "status": "closed",
            "start": datetime.date(YEAR, 5, 12), "end": datetime.date(YEAR, 5, 13),
            "departments": ["hctp"], "clauses": "7.5", "lead": lead, "templates": ["7.5"],
            "answers": [(CONFORM, "")] * 7,
            "findings": [(F.OBSERVATION, "7.5.3", "hctp", "Danh mục văn bản pháp luật chưa cập nhật Luật Hộ tịch sửa đổi.",
                          "Danh mục tài liệu bên ngoài cập nhật lần cuối 01/2025.", "")],
            "summary": "Kiểm soát thông tin dạng văn bản phù hợp; 01 điểm lưu ý.", "conclusion": "Đạt yêu cầu.",
        },
        {
            "title": "Đánh giá Bộ phận một cửa", "month": 12, "status": "planned",
            "departments": ["mot-cua"], "clauses": "8.5, 9.1.2", "lead": lead,
        },
    ]
    for spec in specs:
        _audit(programme, coordinator, spec, templates)


def _quiet_finished(agency):
    """Assignment notices of audits already reported or closed are old news: mark them read."""
    from django.utils import timezone

    from qms.core.models import Notification

    urls = [a.get_absolute_url() for a in Audit.objects.filter(
        agency=agency, status__in=[Audit.Status.REPORTED, Audit.Status.CLOSED])]
    Notification.objects.filter(agency=agency, url__in=urls, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def seed(agencies, users):
    _seed_hoan_kiem(agencies["ubnd-hoan-kiem"], users)
    _seed_tu_phap(agencies["so-tu-phap"], users)
    for code in ("ubnd-hoan-kiem", "so-tu-phap"):
        _quiet_finished(agencies[code])
