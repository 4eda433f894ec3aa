"""Demo documents for UBND Quận Hoàn Kiếm and Sở Tư pháp (PLAT-6).

Idempotent: documents are found by (agency, code); a document that already has revisions is
left as it is, so running seed_demo again never duplicates or rewinds anything.

Texts that name the standard name the one the agency applied (qms.core.editions); Sở Tư pháp, on 2015 before its
documents are made (qms/core/demo.py), cites 2015's clauses.
"""

import datetime

from django.utils import timezone

from processes.documents import services
from qms.core import editions
from processes.documents.models import (
    Acknowledgement,
    DistributionEntry,
    Document,
    ReviewAssignment,
    Revision,
    Signature,
)
from qms.core.models import Department

T = Document.Type
S = Revision.Status

RECORDS_STD = [
    {"name": "Sổ theo dõi hồ sơ", "keeper": "Bộ phận một cửa", "place": "Bộ phận một cửa", "retention": "05 năm"},
    {"name": "Hồ sơ giải quyết thủ tục hành chính", "keeper": "Chuyên viên thụ lý", "place": "Phòng chuyên môn, sau đó lưu trữ cơ quan", "retention": "Theo Thông tư 10/2022/TT-BNV"},
]

QT05_BASE = {
    "purpose": "Quy định trình tự, thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ trên địa bàn quận, bảo đảm "
               "công khai, minh bạch, đúng thời hạn theo quy định, góp phần cải cách hành chính.",
    "scope": "Áp dụng đối với Bộ phận tiếp nhận và trả kết quả, Phòng Quản lý đô thị và lãnh đạo UBND quận "
             "khi giải quyết hồ sơ đề nghị cấp giấy phép xây dựng của hộ gia đình, cá nhân.",
    "references": "- Luật Xây dựng số 50/2014/QH13, sửa đổi bởi Luật số 62/2020/QH14;\n"
                  "- Nghị định 15/2021/NĐ-CP quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng;\n"
                  "- Tiêu chuẩn {standard}.",  # the agency's, as of the issue (_with_standard)
    "definitions": "GPXD: giấy phép xây dựng; UBND: Ủy ban nhân dân; QLĐT: Quản lý đô thị; TN&TKQ: tiếp nhận và trả kết quả.",
    "legal_basis": "Luật Xây dựng 2014 (sửa đổi 2020); Nghị định 15/2021/NĐ-CP; Quyết định của UBND Thành phố Hà Nội về phân cấp cấp giấy phép xây dựng.",
    "dossier": "a) Đơn đề nghị cấp giấy phép xây dựng (bản chính);\nb) Bản sao giấy tờ hợp pháp về quyền sử dụng đất;\n"
               "c) Hai bộ bản vẽ thiết kế xây dựng (bản chính).",
    "dossier_count": "01 bộ",
    "processing_time_days": 15,
    "submit_place": "Bộ phận tiếp nhận và trả kết quả, UBND quận Hoàn Kiếm, 126 Hàng Trống",
    "fee": "75.000 đồng/giấy phép",
    "steps": [
        {"step": "B1", "responsibility": "Cán bộ một cửa", "description": "Tiếp nhận, kiểm tra hồ sơ; viết giấy biên nhận", "time": "0,5 ngày", "forms": "BM-05-01"},
        {"step": "B2", "responsibility": "Chuyên viên Phòng QLĐT", "description": "Thẩm định hồ sơ, kiểm tra thực địa", "time": "10 ngày", "forms": "Biên bản kiểm tra"},
        {"step": "B3", "responsibility": "Trưởng phòng QLĐT", "description": "Xem xét, trình ký", "time": "2 ngày", "forms": "Tờ trình"},
        {"step": "B4", "responsibility": "Lãnh đạo UBND quận", "description": "Ký giấy phép xây dựng", "time": "2 ngày", "forms": "Giấy phép"},
        {"step": "B5", "responsibility": "Cán bộ một cửa", "description": "Trả kết quả cho công dân, thu lệ phí", "time": "0,5 ngày", "forms": "Sổ theo dõi"},
    ],
    "forms": [{"code": "BM-05-01", "name": "Phiếu kiểm soát quá trình giải quyết hồ sơ"},
              {"code": "BM-05-02", "name": "Đơn đề nghị cấp giấy phép xây dựng"}],
    "records": RECORDS_STD,
    "procedure_html": "<p>Hồ sơ được giải quyết theo cơ chế một cửa; mọi trường hợp trễ hạn phải có văn bản xin lỗi công dân.</p>",
}


def _steps(*rows):
    return [{"step": f"B{i}", "responsibility": r[0], "description": r[1], "time": r[2], "forms": r[3]}
            for i, r in enumerate(rows, 1)]


# The public code of each administrative procedure (mã thủ tục hành chính, as in the national database's format)
# and the papers its dossier lists (5.2): the desk chooses a procedure by its code and ticks these papers.
PROCEDURE_CODES = {
    "QT-05": "1.009994", "QT-06": "2.000815", "QT-07": "1.001193", "QT-08": "2.000720", "QT-09": "1.001048",
    "QT-TP-01": "2.000488", "QT-TP-02": "1.002032", "QT-TP-03": "1.001756",
}
DOSSIERS = {
    "QT-06": "a) Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao;\nb) Bản sao cần chứng thực.",
    "QT-07": "a) Tờ khai đăng ký khai sinh theo mẫu;\nb) Giấy chứng sinh (bản chính);\n"
             "c) Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con;\nd) Hộ chiếu của cha, mẹ (bản sao).",
    "QT-08": "a) Giấy đề nghị đăng ký hộ kinh doanh;\nb) Bản sao giấy tờ pháp lý của cá nhân chủ hộ kinh doanh;\n"
             "c) Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu có).",
    "QT-09": "a) Đơn đề nghị cấp phép đào đường, hè phố;\nb) Bản vẽ thiết kế tổ chức thi công, phương án bảo đảm giao thông;\n"
             "c) Văn bản chấp thuận chủ trương của cơ quan quản lý công trình.",
    "QT-TP-01": "a) Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp;\nb) Bản chụp giấy tờ tùy thân của người được cấp phiếu;\n"
                "c) Bản chụp sổ hộ khẩu hoặc giấy xác nhận thông tin về cư trú.",
    "QT-TP-02": "a) Giấy đề nghị đăng ký hành nghề luật sư;\nb) Bản sao chứng chỉ hành nghề luật sư;\n"
                "c) Bản sao thẻ luật sư.",
    "QT-TP-03": "a) Đơn đề nghị cấp giấy chứng nhận;\nb) Quyết định cho phép thành lập văn phòng công chứng (bản sao);\n"
                "c) Giấy tờ chứng minh về trụ sở;\nd) Danh sách công chứng viên hành nghề tại văn phòng.",
}

ADMIN_PROCS = [
    ("QT-06", "Chứng thực bản sao từ bản chính", "tu-phap", 1, "Chứng thực bản sao, chữ ký nhanh chóng, đúng quy định.",
     _steps(("Cán bộ một cửa", "Tiếp nhận, kiểm tra bản chính", "1 giờ", "Sổ chứng thực"),
            ("Phòng Tư pháp", "Ký chứng thực, đóng dấu", "2 giờ", "Bản sao chứng thực"),
            ("Cán bộ một cửa", "Trả kết quả, thu phí", "1 giờ", "Biên lai"))),
    ("QT-07", "Đăng ký khai sinh có yếu tố nước ngoài", "tu-phap", 15, "Giải quyết đăng ký khai sinh có yếu tố nước ngoài.",
     _steps(("Cán bộ một cửa", "Tiếp nhận hồ sơ", "0,5 ngày", "Giấy biên nhận"),
            ("Phòng Tư pháp", "Thẩm định, xác minh", "10 ngày", "Phiếu xác minh"),
            ("Lãnh đạo UBND quận", "Ký giấy khai sinh", "3 ngày", "Giấy khai sinh"),
            ("Cán bộ một cửa", "Trả kết quả", "0,5 ngày", "Sổ theo dõi"))),
    ("QT-08", "Cấp giấy chứng nhận đăng ký hộ kinh doanh", "tnmt", 3, "Đăng ký hộ kinh doanh trên địa bàn quận Đống Đa và Hoàn Kiếm.",
     _steps(("Cán bộ một cửa", "Tiếp nhận hồ sơ", "0,5 ngày", "Giấy biên nhận"),
            ("Phòng Tài chính – Kế hoạch", "Thẩm định, cấp giấy", "2 ngày", "Giấy chứng nhận"),
            ("Cán bộ một cửa", "Trả kết quả", "1 ngày", "Sổ theo dõi"))),
    ("QT-09", "Cấp phép đào đường, hè phố để thi công công trình", "qldt", 7, "Quản lý việc đào đường, hè phố trên địa bàn.",
     _steps(("Cán bộ một cửa", "Tiếp nhận hồ sơ", "0,5 ngày", "Giấy biên nhận"),
            ("Phòng QLĐT", "Thẩm định, kiểm tra hiện trường tuyến đường", "4 ngày", "Biên bản"),
            ("Lãnh đạo UBND quận", "Ký giấy phép", "2 ngày", "Giấy phép"),
            ("Cán bộ một cửa", "Trả kết quả", "0,5 ngày", ""))),
]

OTHER_DOCS = [
    ("CSCL", "Chính sách chất lượng", T.POLICY, "vp", "5.3",
     "UBND quận Hoàn Kiếm cam kết giải quyết thủ tục hành chính công khai, minh bạch, đúng hẹn; lấy sự hài lòng của người dân làm thước đo."),
    ("MTCL-2026", "Mục tiêu chất lượng năm 2026", T.OBJECTIVES, "vp", "5.4.1",
     "≥ 98% hồ sơ thủ tục hành chính được giải quyết đúng hạn; 100% thủ tục được niêm yết công khai; ≥ 90% người dân hài lòng."),
    ("STCL", "Sổ tay chất lượng", T.MANUAL, "vp", "4.2.2",
     "Mô tả hệ thống quản lý chất lượng của UBND quận theo {standard}, phạm vi áp dụng và các quá trình."),
    ("QT-01", "Kiểm soát tài liệu", T.PROCEDURE, "vp", "4.2.3", "Bảo đảm tài liệu được phê duyệt, cập nhật và sử dụng đúng phiên bản."),
    ("QT-02", "Kiểm soát hồ sơ", T.PROCEDURE, "vp", "4.2.4", "Quy định việc nhận biết, lưu trữ, bảo vệ, sử dụng và hủy bỏ hồ sơ."),
    ("QT-03", "Đánh giá nội bộ", T.PROCEDURE, "vp", "8.2.2", "Quy định việc lập chương trình và thực hiện đánh giá nội bộ hệ thống quản lý chất lượng."),
    ("QT-04", "Kiểm soát sự không phù hợp, hành động khắc phục và phòng ngừa", T.PROCEDURE, "vp", "8.3, 8.5.2, 8.5.3",
     "Quy định cách xử lý sự không phù hợp và thực hiện hành động khắc phục, phòng ngừa."),
    ("HD-01", "Hướng dẫn tiếp nhận hồ sơ tại bộ phận một cửa", T.WORK_INSTRUCTION, "mot-cua", "7.2, 7.5",
     "Hướng dẫn cán bộ một cửa tiếp nhận, kiểm tra, viết giấy biên nhận và chuyển hồ sơ."),
    ("HD-02", "Hướng dẫn trả lời phản ánh, kiến nghị của người dân về cải cách hành chính", T.WORK_INSTRUCTION, "vp", "8.2.1",
     "Tiếp nhận và trả lời phản ánh của người dân về quy định hành chính và thái độ phục vụ của cán bộ."),
    ("TL-01", "Quy chế làm việc của UBND quận", T.OTHER, "vp", "5.5", "Quy định nguyên tắc, chế độ trách nhiệm, lề lối làm việc."),
]

FORMS = [
    ("BM-05-01", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "QT-05"),
    ("BM-05-02", "Đơn đề nghị cấp giấy phép xây dựng", "QT-05"),
    ("BM-01-01", "Danh mục tài liệu nội bộ", "QT-01"),
    ("BM-03-01", "Chương trình đánh giá nội bộ", "QT-03"),
]

# The standard itself is the one the agency applies (_standard_row); then the legal texts.
STANDARD_ISSUED = {"2008": datetime.date(2008, 12, 31), "2015": datetime.date(2015, 12, 31)}
EXTERNAL = [
    ("QD-19-2014", "Quyết định về áp dụng HTQLCL vào hoạt động của cơ quan hành chính nhà nước", "Thủ tướng Chính phủ", "19/2014/QĐ-TTg", datetime.date(2014, 3, 5)),
    ("CV-5052", "Đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính Nhà nước giai đoạn 2011 – 2020", "UBND Thành phố Hà Nội", "5052/UBND-NC", datetime.date(2013, 7, 15)),
]


def _doc(agency, code, title, doc_type, dept, *, clauses="", owner=None, parent=None, is_public=False, **extra):
    defaults = {"title": title, "doc_type": doc_type, "department": dept, "clauses": clauses, "owner": owner,
                "parent": parent, "is_public": is_public, **extra}
    document = Document.objects.filter(agency=agency, code=code).first()
    if document is None:
        document = Document(agency=agency, code=code, **defaults)
        services.document_save(document=document, user=None, reason="Dữ liệu mẫu")
    return document


def _revision(document, issue, status, content, *, author, reviewer, approver, effective, summary=""):
    """A revision in a given state with the signatures that state implies (built directly: demo history)."""
    revision = Revision(document=document, agency=document.agency, issue_number=issue, author=author,
                        title=document.title, change_summary=summary, status=S.DRAFT)
    for key, value in content.items():
        setattr(revision, key, value)
    services.refresh_revision_search(revision)
    signed_states = (S.APPROVED, S.EFFECTIVE, S.SUPERSEDED, S.OBSOLETE)
    if status in signed_states or status == S.IN_REVIEW:
        revision.review_round = 1
        revision.submitted_at = timezone.make_aware(datetime.datetime.combine(effective - datetime.timedelta(days=10), datetime.time(9)))
        revision.content_hash = revision.compute_hash()
    if status in signed_states:
        revision.effective_date = effective
        revision.approved_at = timezone.make_aware(datetime.datetime.combine(effective - datetime.timedelta(days=3), datetime.time(15)))
        revision.effective_at = timezone.make_aware(datetime.datetime.combine(effective, datetime.time(0, 5)))
    revision.status = status
    revision._change_reason = "Dữ liệu mẫu"
    revision.save()
    if status in signed_states or status == S.IN_REVIEW:
        ReviewAssignment.objects.create(revision=revision, agency=document.agency, round=1, user=reviewer, kind="review")
        ReviewAssignment.objects.create(revision=revision, agency=document.agency, round=1, user=approver, kind="approve")
    if status in signed_states:
        for person, meaning, days in ((reviewer, Signature.Meaning.REVIEWED, 5), (approver, Signature.Meaning.APPROVED, 3)):
            Signature.objects.create(
                revision=revision, agency=document.agency, round=1, user=person, printed_name=person.display_name,
                printed_title=person.title, meaning=meaning, content_hash=revision.content_hash,
                signed_at=timezone.make_aware(datetime.datetime.combine(effective - datetime.timedelta(days=days), datetime.time(10))),
            )
    return revision


def _set_review_due(document, effective):
    document.next_review_due = services.add_months(effective, document.review_interval_months)
    document.save(update_fields=["next_review_due"])


def _with_standard(agency, content, effective):
    """``content`` with {standard} in its texts filled with the standard the agency applied on ``effective``."""
    standard = editions.standard_label(agency, effective)
    return {k: v.format(standard=standard) if isinstance(v, str) and "{standard}" in v else v for k, v in content.items()}


def _simple(agency, text, clause, effective):
    return _with_standard(agency, {"purpose": text, "scope": "Áp dụng trong toàn cơ quan.",
                                   "references": f"{{standard}}, điều khoản {clause}.", "records": RECORDS_STD[:1]},
                          effective)


def _standard_row(agency):
    """The external document of the standard the agency applies: (code, title, issuer, number, date)."""
    edition = editions.edition_on(agency)
    standard = editions.standard_name(edition)
    return ("TCVN-ISO-9001", f"Tiêu chuẩn {standard} Hệ thống quản lý chất lượng – Các yêu cầu",
            "Bộ Khoa học và Công nghệ", standard, STANDARD_ISSUED[edition])


def seed(agencies, users):
    _seed_hoan_kiem(agencies["ubnd-hoan-kiem"], users)
    _seed_tu_phap(agencies["so-tu-phap"], users)


def _people(users, prefix):
    return {k: users[f"{prefix}.{k}"] for k in ("thuky", "lanhdao", "daidien", "truongphong", "soanthao", "canbo")}


def _seed_hoan_kiem(agency, users):
    p = _people(users, "hk")
    depts = {d.code: d for d in Department.objects.filter(agency=agency)}
    sign = {"reviewer": p["truongphong"], "approver": p["lanhdao"]}

    qt05 = _doc(agency, "QT-05", "Cấp giấy phép xây dựng", T.PROCEDURE, depts["qldt"], clauses="7.2, 7.5",
                owner=p["truongphong"], is_public=True, procedure_code=PROCEDURE_CODES["QT-05"])
    if not qt05.revisions.exists():
        v1 = dict(QT05_BASE, processing_time_days=20, steps=QT05_BASE["steps"][:2] + [
            {"step": "B3", "responsibility": "Lãnh đạo UBND quận", "description": "Ký giấy phép", "time": "7 ngày", "forms": "Giấy phép"},
            {"step": "B4", "responsibility": "Cán bộ một cửa", "description": "Trả kết quả", "time": "2,5 ngày", "forms": ""}])
        v1 = _with_standard(agency, v1, datetime.date(2024, 1, 15))
        _revision(qt05, 1, S.SUPERSEDED, v1, author=p["soanthao"], effective=datetime.date(2024, 1, 15), **sign)
        v2 = _revision(qt05, 2, S.EFFECTIVE, _with_standard(agency, QT05_BASE, datetime.date(2025, 3, 1)),
                       author=p["soanthao"], effective=datetime.date(2025, 3, 1),
                  summary="Rút ngắn thời gian giải quyết từ 20 xuống 15 ngày làm việc; tách bước xem xét của Trưởng phòng.", **sign)
        v3 = dict(QT05_BASE, steps=[dict(s) for s in QT05_BASE["steps"]])
        v3["steps"][1]["time"] = "8 ngày"
        v3["steps"][1]["description"] = "Thẩm định hồ sơ trên hệ thống một cửa điện tử, kiểm tra thực địa"
        v3["references"] += "\n- Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông."
        v3 = _with_standard(agency, v3, datetime.date(2026, 12, 1))
        _revision(qt05, 3, S.IN_REVIEW, v3, author=p["soanthao"], effective=datetime.date(2026, 12, 1),
                  summary="Thẩm định hồ sơ trên hệ thống một cửa điện tử; bổ sung Nghị định 61/2018/NĐ-CP.", **sign)
        qt05.next_review_due = datetime.date(2026, 12, 20)
        qt05.save(update_fields=["next_review_due"])
        DistributionEntry.objects.get_or_create(document=qt05, agency=agency, department=depts["qldt"])
        DistributionEntry.objects.get_or_create(document=qt05, agency=agency, department=depts["mot-cua"])
        # Readers of issue 02 were asked to acknowledge it; some already have (no e-mails from demo data).
        for n, person in enumerate(services.distribution_users(qt05)):
            Acknowledgement.objects.get_or_create(
                revision=v2, user=person,
                defaults={"agency": agency, "requested_at": v2.effective_at,
                          "acknowledged_at": v2.effective_at + datetime.timedelta(days=2) if n % 2 == 0 else None})

    for code, title, dept, days, purpose, steps in ADMIN_PROCS:
        doc = _doc(agency, code, title, T.PROCEDURE, depts[dept], clauses="7.2, 7.5", owner=p["truongphong"], is_public=True,
                   procedure_code=PROCEDURE_CODES[code])
        if not doc.revisions.exists():
            content = {"purpose": purpose, "dossier": DOSSIERS[code], "dossier_count": "01 bộ", "scope": "Áp dụng tại UBND quận Hoàn Kiếm.", "processing_time_days": days,
                       "submit_place": "Bộ phận tiếp nhận và trả kết quả, 126 Hàng Trống", "fee": "Theo quy định",
                       "steps": steps, "records": RECORDS_STD}
            _revision(doc, 1, S.EFFECTIVE, content, author=p["soanthao"], effective=datetime.date(2026, 6, 1), **sign)
            _set_review_due(doc, datetime.date(2026, 6, 1))
            DistributionEntry.objects.get_or_create(document=doc, agency=agency, department=depts["mot-cua"])

    for n, (code, title, doc_type, dept, clauses, text) in enumerate(OTHER_DOCS):
        doc = _doc(agency, code, title, doc_type, depts[dept], clauses=clauses, owner=p["thuky"])
        if doc.revisions.exists():
            continue
        if code == "QT-04":
            # A procedure under its first draft: nothing effective yet.
            _revision(doc, 1, S.DRAFT, _simple(agency, text, clauses, datetime.date(2026, 12, 1)), author=p["thuky"],
                      effective=datetime.date(2026, 12, 1), **sign)
        elif code == "QT-02":
            _revision(doc, 1, S.EFFECTIVE, _simple(agency, text, clauses, datetime.date(2024, 11, 1)), author=p["thuky"],
                      effective=datetime.date(2024, 11, 1), **sign)
            _set_review_due(doc, datetime.date(2024, 11, 1))  # overdue for periodic review
        elif code == "TL-01":
            _revision(doc, 1, S.EFFECTIVE, _simple(agency, text, clauses, datetime.date(2025, 12, 15)), author=p["thuky"],
                      effective=datetime.date(2025, 12, 15), **sign)
            _revision(doc, 2, S.APPROVED, _simple(agency, text + " Bổ sung quy định làm việc trên môi trường điện tử.",
                                                  clauses, datetime.date(2027, 1, 1)),
                      author=p["thuky"], effective=datetime.date(2027, 1, 1),
                      summary="Bổ sung quy định làm việc trên môi trường điện tử.", **sign)
            _set_review_due(doc, datetime.date(2025, 12, 15))  # due within the month
        else:
            eff = datetime.date(2026, 1 + n % 10, 10)
            _revision(doc, 1, S.EFFECTIVE, _simple(agency, text, clauses, eff), author=p["thuky"], effective=eff, **sign)
            _set_review_due(doc, eff)

    for code, title, parent_code in FORMS:
        parent = Document.objects.get(agency=agency, code=parent_code)
        doc = _doc(agency, code, title, T.FORM, parent.department, parent=parent, clauses="4.2.4")
        if not doc.revisions.exists():
            _revision(doc, 1, S.EFFECTIVE, {"purpose": f"Biểu mẫu dùng cho {parent.code} {parent.title}."},
                      author=p["thuky"], effective=datetime.date(2025, 3, 1), **sign)

    for code, title, issuer, number, date in [_standard_row(agency), *EXTERNAL]:
        doc = _doc(agency, code, title, T.EXTERNAL, depts["vp"], issuer=issuer, external_number=number,
                   external_date=date, clauses="4.2.3")
        if not doc.revisions.exists():
            _revision(doc, 1, S.EFFECTIVE, {"purpose": f"Văn bản bên ngoài {number} của {issuer}, được kiểm soát theo 4.2.3 f."},
                      author=p["thuky"], effective=date if date.year > 2020 else datetime.date(2024, 1, 2), **sign)

    old = _doc(agency, "HD-00", "Hướng dẫn lưu trữ hồ sơ giấy (cũ)", T.WORK_INSTRUCTION, depts["vp"], clauses="4.2.4")
    if not old.revisions.exists():
        _revision(old, 1, S.OBSOLETE, _simple(agency, "Hướng dẫn lưu trữ hồ sơ giấy, thay bằng QT-02.", "4.2.4",
                                              datetime.date(2023, 1, 1)),
                  author=p["thuky"], effective=datetime.date(2023, 1, 1), **sign)
        old.withdrawn_at = timezone.make_aware(datetime.datetime(2025, 1, 1, 9))
        old.save(update_fields=["withdrawn_at"])


def _seed_tu_phap(agency, users):
    edition = editions.edition_on(agency)  # 2015 since July 2025 (qms/core/demo.py)
    p = _people(users, "tp")
    depts = {d.code: d for d in Department.objects.filter(agency=agency)}
    sign = {"reviewer": p["truongphong"], "approver": p["lanhdao"]}
    docs = [
        ("QT-TP-01", "Cấp phiếu lý lịch tư pháp", "hctp", 10),
        ("QT-TP-02", "Đăng ký hành nghề luật sư", "btp", 7),
        ("QT-TP-03", "Cấp giấy chứng nhận đủ điều kiện hoạt động công chứng", "btp", 10),
    ]
    for code, title, dept, days in docs:
        doc = _doc(agency, code, title, T.PROCEDURE, depts[dept], clauses=editions.restate("7.2, 7.5", edition),
                   owner=p["truongphong"], is_public=True, procedure_code=PROCEDURE_CODES[code])
        if not doc.revisions.exists():
            content = {"purpose": f"Quy định trình tự {title.lower()}.", "dossier": DOSSIERS[code], "dossier_count": "01 bộ", "processing_time_days": days,
                       "submit_place": "Bộ phận một cửa Sở Tư pháp, 221 Trần Phú, Hà Đông",
                       "steps": _steps(("Bộ phận một cửa", "Tiếp nhận hồ sơ", "0,5 ngày", "Giấy biên nhận"),
                                       ("Chuyên viên phòng", "Thẩm định", f"{days - 2} ngày", "Phiếu đề xuất"),
                                       ("Lãnh đạo Sở", "Ký", "1 ngày", "Kết quả"),
                                       ("Bộ phận một cửa", "Trả kết quả", "0,5 ngày", "")),
                       "records": RECORDS_STD}
            _revision(doc, 1, S.EFFECTIVE, content, author=p["soanthao"], effective=datetime.date(2026, 5, 1), **sign)
            _set_review_due(doc, datetime.date(2026, 5, 1))
    _doc(agency, "CSCL", "Chính sách chất lượng", T.POLICY, depts["vp"], clauses=editions.restate("5.3", edition))
