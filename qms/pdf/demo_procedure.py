"""A long, realistic Vietnamese procedure to exercise the print layout (tests, benchmark, visual checks).

``procedure_context(steps=40, padding_sections=0)`` returns the context for ``templates/pdf/procedure.html``;
``procedure_html(...)`` renders it. ``padding_sections`` appends guidance sections to reach a page count
(about 2.6 pages each) without touching the step table.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from qms.core import editions
from qms.pdf.clean import clean_for_print

AGENCY_PARENT = "UBND THÀNH PHỐ HÀ NỘI"
AGENCY = "UBND QUẬN HOÀN KIẾM"
TITLE = "QUY TRÌNH CẤP GIẤY PHÉP XÂY DỰNG NHÀ Ở RIÊNG LẺ"
CODE = "QT-QLĐT-01"

_WHO = [
    "Bộ phận một cửa", "Chuyên viên Phòng QLĐT", "Lãnh đạo Phòng QLĐT", "Văn thư UBND quận",
    "Lãnh đạo UBND quận", "Chuyên viên thẩm định", "Tổ kiểm tra hiện trường",
]
_WHAT = [
    "Tiếp nhận hồ sơ, kiểm tra tính đầy đủ, hợp lệ của thành phần hồ sơ; viết giấy biên nhận hẹn ngày trả kết quả.",
    "Chuyển hồ sơ cho Phòng Quản lý đô thị qua phần mềm một cửa điện tử và bản giấy kèm phiếu kiểm soát quá trình.",
    "Phân công chuyên viên thụ lý; ghi rõ thời hạn giải quyết trên phiếu kiểm soát.",
    "Thẩm định hồ sơ: đối chiếu quy hoạch chi tiết, chỉ giới đường đỏ, mật độ xây dựng, chiều cao công trình.",
    "Kiểm tra hiện trạng khu đất tại thực địa; lập biên bản kiểm tra có chữ ký của chủ đầu tư.",
    "Trường hợp hồ sơ chưa đủ điều kiện: dự thảo văn bản trả lời, nêu rõ lý do và hướng dẫn bổ sung một lần.",
    "Dự thảo Giấy phép xây dựng, trình Lãnh đạo phòng xem xét, ký nháy.",
    "Xem xét hồ sơ và dự thảo giấy phép; chuyển lại chuyên viên nếu cần chỉnh sửa.",
    "Ký duyệt Giấy phép xây dựng.",
    "Vào sổ, đóng dấu, phát hành giấy phép; lưu bản chính theo quy định.",
    "Chuyển kết quả về Bộ phận một cửa; cập nhật trạng thái trên Cổng dịch vụ công.",
    "Trả kết quả cho tổ chức, công dân; thu lệ phí theo quy định; thống kê, theo dõi.",
]
_TIME = ["0,5 ngày", "0,5 ngày", "01 ngày", "02 ngày", "03 ngày", "0,5 ngày", "01 ngày"]
_OUT = ["BM-01-01, BM-01-02", "Phiếu kiểm soát quá trình", "Biên bản kiểm tra BM-01-03", "Dự thảo giấy phép",
        "Giấy phép xây dựng", "Sổ theo dõi BM-01-04", "Văn bản trả lời"]

_PARAGRAPHS = [
    "Thực hiện Chỉ thị số 07/CT-TTg ngày 22/5/2013 của Thủ tướng Chính phủ về đẩy mạnh thực hiện Chương trình "
    "tổng thể cải cách hành chính nhà nước giai đoạn 2011 – 2020, các bộ phận phải công khai đầy đủ, kịp thời "
    "thủ tục hành chính tại nơi tiếp nhận và trên Cổng thông tin điện tử của quận.",
    "Cán bộ, công chức tiếp nhận và giải quyết hồ sơ có trách nhiệm hướng dẫn tổ chức, công dân một lần, đầy đủ; "
    "không yêu cầu bổ sung giấy tờ ngoài thành phần hồ sơ đã được công bố; chịu trách nhiệm về tiến độ xử lý "
    "từng bước được giao trong quy trình này.",
    "Mọi phản ánh, kiến nghị của người dân về quy định hành chính và về hành vi của cán bộ, công chức được tiếp "
    "nhận qua hòm thư góp ý, đường dây nóng và Cổng dịch vụ công; Văn phòng HĐND – UBND quận tổng hợp hằng tháng, "
    "báo cáo Lãnh đạo UBND quận xem xét, xử lý theo quy định.",
    "Việc ứng dụng công nghệ thông tin trong xử lý công việc được thực hiện trên phần mềm quản lý văn bản và "
    "điều hành; văn bản điện tử có giá trị pháp lý như văn bản giấy theo quy định của pháp luật về giao dịch "
    "điện tử. Ưu tiên tiếp nhận hồ sơ trực tuyến mức độ 3, 4.",
]


def _p(*texts):
    return "".join(f"<p>{t}</p>" for t in texts)


def procedure_context(steps: int = 40, padding_sections: int = 0) -> dict:
    step_rows = [
        {
            "number": i + 1,
            "who": _WHO[i % len(_WHO)],
            "what": _WHAT[i % len(_WHAT)],
            "time": _TIME[i % len(_TIME)],
            "output": _OUT[i % len(_OUT)],
        }
        for i in range(steps)
    ]
    sections = [
        {"number": 1, "title": "Mục đích", "html": clean_for_print(_p(
            "Quy định trình tự, thủ tục, trách nhiệm và thời gian cấp giấy phép xây dựng nhà ở riêng lẻ trên địa bàn "
            "quận, bảo đảm công khai, minh bạch, đúng thời hạn và thuận tiện cho tổ chức, công dân."))},
        {"number": 2, "title": "Phạm vi áp dụng", "html": clean_for_print(_p(
            "Áp dụng đối với Bộ phận tiếp nhận và trả kết quả, Phòng Quản lý đô thị, Văn phòng HĐND – UBND quận "
            "và các cá nhân, bộ phận có liên quan khi giải quyết thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ."))},
        {"number": 3, "title": "Tài liệu viện dẫn", "html": clean_for_print(
            "<ul><li>Luật Xây dựng số 50/2014/QH13 ngày 18/6/2014; Luật số 62/2020/QH14 sửa đổi, bổ sung.</li>"
            "<li>Nghị định số 15/2021/NĐ-CP ngày 03/3/2021 quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng.</li>"
            "<li>Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 về áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008.</li>"
            "<li>Sổ tay chất lượng STCL và các quy trình hệ thống của UBND quận.</li></ul>")},
        {"number": 4, "title": "Định nghĩa, chữ viết tắt", "html": clean_for_print(
            "<ul><li>UBND: Ủy ban nhân dân; HĐND: Hội đồng nhân dân.</li><li>QLĐT: Quản lý đô thị.</li>"
            "<li>GPXD: Giấy phép xây dựng; TTHC: thủ tục hành chính.</li><li>BM: biểu mẫu.</li></ul>")},
        {"number": 5, "title": "Nội dung quy trình", "html": "", "subsections": [
            {"number": "5.1", "title": "Cơ sở pháp lý", "html": clean_for_print(_p(
                "Các văn bản nêu tại Mục 3; Quyết định công bố thủ tục hành chính của UBND Thành phố Hà Nội."))},
            {"number": "5.2", "title": "Thành phần hồ sơ", "html": clean_for_print(
                "<ol><li>Đơn đề nghị cấp giấy phép xây dựng (mẫu số 01) – bản chính.</li>"
                "<li>Bản sao giấy tờ chứng minh quyền sử dụng đất – bản sao có chứng thực.</li>"
                "<li>02 bộ bản vẽ thiết kế xây dựng: mặt bằng, mặt cắt, mặt đứng, móng – bản chính.</li>"
                "<li>Bản kê khai năng lực, kinh nghiệm của tổ chức, cá nhân thiết kế (nếu có).</li></ol>")},
            {"number": "5.3", "title": "Số lượng hồ sơ", "html": clean_for_print(_p("01 (một) bộ."))},
            {"number": "5.4", "title": "Thời gian xử lý", "html": clean_for_print(_p(
                "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ."))},
            {"number": "5.5", "title": "Nơi tiếp nhận và trả kết quả", "html": clean_for_print(_p(
                "Bộ phận tiếp nhận và trả kết quả – UBND quận Hoàn Kiếm, số 126 phố Hàng Trống."))},
            {"number": "5.6", "title": "Lệ phí", "html": clean_for_print(_p("75.000 đồng/giấy phép."))},
            {"number": "5.7", "title": "Quy trình xử lý công việc", "html": "", "steps": step_rows},
        ]},
        {"number": 6, "title": "Biểu mẫu", "html": "", "forms": [
            {"code": "BM-01-01", "name": "Đơn đề nghị cấp giấy phép xây dựng"},
            {"code": "BM-01-02", "name": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"},
            {"code": "BM-01-03", "name": "Biên bản kiểm tra hiện trạng"},
            {"code": "BM-01-04", "name": "Sổ theo dõi hồ sơ"},
        ]},
        {"number": 7, "title": "Hồ sơ cần lưu", "html": "", "records": [
            {"name": "Hồ sơ đề nghị cấp giấy phép", "keeper": "Phòng QLĐT", "period": "Lâu dài"},
            {"name": "Phiếu kiểm soát quá trình", "keeper": "Bộ phận một cửa", "period": "05 năm"},
            {"name": "Sổ theo dõi hồ sơ BM-01-04", "keeper": "Bộ phận một cửa", "period": "05 năm"},
        ]},
    ]
    for n in range(padding_sections):
        sections.append({
            "number": 8 + n,
            "title": f"Hướng dẫn thực hiện – phần {n + 1}",
            "html": clean_for_print("".join(
                f"<h3>{8 + n}.{k + 1}. Nội dung hướng dẫn số {k + 1}</h3>" + _p(*_PARAGRAPHS) for k in range(4)
            )),
        })
    return {
        "doc": {
            "agency_parent": AGENCY_PARENT,
            "agency_name": AGENCY,
            # The sample agency is on 2008 (its legal basis cites Decision 19/2014): the default line of that edition.
            "qms_line": editions.header_line(None),
            "title": TITLE,
            "code": CODE,
            "issue": "02",
            "effective_date": "15/07/2026",
        },
        "approval": [
            {"role": "Người soạn thảo", "name": "Nguyễn Thị Hương", "title": "Chuyên viên Phòng QLĐT",
             "signature": "Đã ký điện tử", "meaning": "Soạn thảo – 02/07/2026 09:14", "date": "02/07/2026"},
            {"role": "Người xem xét", "name": "Trần Văn Đức", "title": "Trưởng phòng QLĐT",
             "signature": "Đã ký điện tử", "meaning": "Xem xét – 06/07/2026 15:40", "date": "06/07/2026"},
            {"role": "Người phê duyệt", "name": "Lê Quang Vũ", "title": "Phó Chủ tịch UBND quận",
             "signature": "Đã ký điện tử", "meaning": "Phê duyệt – 10/07/2026 10:02", "date": "10/07/2026"},
        ],
        "amendments": [
            {"date": datetime.date(2026, 7, 15), "where": "Mục 5.7", "summary": "Rút ngắn thời gian thẩm định từ 04 xuống 03 ngày; "
             "bổ sung bước cập nhật Cổng dịch vụ công.", "issue": "02", "note": ""},
        ],
        "distribution": [
            {"department": "Lãnh đạo UBND quận", "count": 1},
            {"department": "Phòng Quản lý đô thị", "count": 2},
            {"department": "Bộ phận tiếp nhận và trả kết quả", "count": 1},
            {"department": "Văn phòng HĐND – UBND quận (Thư ký ISO)", "count": 1},
        ],
        "sections": sections,
    }


def procedure_metadata() -> dict:
    return {"title": f"{CODE} {TITLE}", "author": AGENCY, "subject": f"{CODE} – Lần ban hành 02",
            "keywords": editions.pdf_keywords(None, None, CODE, "quy trình")}


def procedure_html(steps: int = 40, padding_sections: int = 0) -> str:
    return render_to_string("pdf/procedure.html", procedure_context(steps, padding_sections))
