"""Vietnamese vocabulary for the scale data set: agencies, people, procedures, paragraphs, and the
words of NCs, audits and feedback that the subjects' generators (their ``scale.py``) draw from.

Built from the processes demo (processes/documents/demo.py) and the shared sample text
(/work/shared/samples, copied here so the generator does not depend on that folder).
"""

AGENCY_NAMES = [
    ("ubnd-ba-dinh", "UBND Quận Ba Đình"), ("ubnd-dong-da", "UBND Quận Đống Đa"),
    ("ubnd-hai-ba-trung", "UBND Quận Hai Bà Trưng"), ("ubnd-cau-giay", "UBND Quận Cầu Giấy"),
    ("ubnd-thanh-xuan", "UBND Quận Thanh Xuân"), ("ubnd-hoang-mai", "UBND Quận Hoàng Mai"),
    ("ubnd-long-bien", "UBND Quận Long Biên"), ("ubnd-tay-ho", "UBND Quận Tây Hồ"),
    ("ubnd-ha-dong", "UBND Quận Hà Đông"), ("ubnd-nam-tu-liem", "UBND Quận Nam Từ Liêm"),
    ("ubnd-gia-lam", "UBND Huyện Gia Lâm"), ("ubnd-dong-anh", "UBND Huyện Đông Anh"),
    ("ubnd-soc-son", "UBND Huyện Sóc Sơn"), ("ubnd-thuong-tin", "UBND Huyện Thường Tín"),
    ("so-xay-dung", "Sở Xây dựng Hà Nội"), ("so-noi-vu", "Sở Nội vụ Hà Nội"),
    ("so-tai-chinh", "Sở Tài chính Hà Nội"), ("so-giao-thong", "Sở Giao thông vận tải Hà Nội"),
    ("so-tnmt", "Sở Tài nguyên và Môi trường Hà Nội"), ("so-lao-dong", "Sở Lao động – Thương binh và Xã hội"),
]

DEPARTMENTS = [
    ("vp", "Văn phòng"), ("mot-cua", "Bộ phận tiếp nhận và trả kết quả (một cửa)"),
    ("qldt", "Phòng Quản lý đô thị"), ("tu-phap", "Phòng Tư pháp"), ("tnmt", "Phòng Tài nguyên và Môi trường"),
    ("noi-vu", "Phòng Nội vụ"), ("tckh", "Phòng Tài chính – Kế hoạch"), ("vhtt", "Phòng Văn hóa và Thông tin"),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quốc", "Thu", "Hồng", "Xuân", "Tuấn"]
GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh", "Lan",
         "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng",
         "Trang", "Trung", "Tú", "Tuyết", "Việt", "Yến"]

PROCEDURE_TOPICS = [
    "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Chứng thực bản sao từ bản chính", "Đăng ký khai sinh",
    "Đăng ký khai sinh có yếu tố nước ngoài", "Cấp giấy chứng nhận đăng ký hộ kinh doanh",
    "Cấp phép đào đường, hè phố để thi công công trình", "Đăng ký kết hôn", "Cấp bản sao trích lục hộ tịch",
    "Giải quyết khiếu nại lần đầu", "Tiếp công dân", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Chuyển mục đích sử dụng đất", "Cấp phép sử dụng tạm thời một phần lòng đường",
    "Thẩm định báo cáo kinh tế – kỹ thuật", "Cấp giấy phép kinh doanh karaoke", "Đăng ký thành lập hợp tác xã",
    "Xác nhận tình trạng hôn nhân", "Trợ cấp xã hội hằng tháng", "Cấp giấy phép quảng cáo",
    "Cải cách thủ tục hành chính tại bộ phận một cửa", "Tiếp nhận phản ánh, kiến nghị về quy định hành chính",
    "Cấp phép chặt hạ, dịch chuyển cây xanh trên đường phố", "Giải quyết tranh chấp đất đai",
    "Kiểm soát tài liệu", "Kiểm soát hồ sơ", "Đánh giá nội bộ", "Kiểm soát sự không phù hợp",
    "Hành động khắc phục, phòng ngừa", "Xem xét của lãnh đạo", "Đo lường sự hài lòng của người dân",
]
FORM_TOPICS = [
    "Phiếu kiểm soát quá trình giải quyết hồ sơ", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Sổ theo dõi hồ sơ",
    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "Danh mục tài liệu nội bộ", "Chương trình đánh giá nội bộ", "Phiếu đề nghị sửa đổi tài liệu",
    "Biên bản kiểm tra hiện trường tuyến đường", "Phiếu khảo sát sự hài lòng",
]
INSTRUCTION_TOPICS = [
    "Hướng dẫn tiếp nhận hồ sơ tại bộ phận một cửa", "Hướng dẫn trả lời phản ánh của người dân",
    "Hướng dẫn lưu trữ hồ sơ điện tử", "Hướng dẫn sử dụng phần mềm một cửa điện tử",
    "Hướng dẫn kiểm tra hiện trường công trình trên đường phố",
]
EXTERNAL_TOPICS = [
    # {standard}: the one the agency applied when the document was registered (qms.core.editions.standard_label).
    ("Tiêu chuẩn {standard} Hệ thống quản lý chất lượng – Các yêu cầu", "Bộ Khoa học và Công nghệ", "{standard}"),
    ("Quyết định về áp dụng HTQLCL vào hoạt động của cơ quan hành chính nhà nước", "Thủ tướng Chính phủ",
     "19/2014/QĐ-TTg"),
    ("Đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính Nhà nước giai đoạn 2011 – 2020",
     "UBND Thành phố Hà Nội", "5052/UBND-NC"),
    ("Luật Xây dựng", "Quốc hội", "50/2014/QH13"), ("Nghị định về kiểm soát thủ tục hành chính", "Chính phủ",
                                                     "63/2010/NĐ-CP"),
]
RESPONSIBLE = ["Cán bộ một cửa", "Chuyên viên thụ lý", "Trưởng phòng chuyên môn", "Lãnh đạo UBND", "Văn thư",
               "Phòng Tư pháp", "Phòng Quản lý đô thị", "Thư ký ISO"]
STEP_TEXT = [
    "Tiếp nhận, kiểm tra tính đầy đủ của hồ sơ; viết giấy biên nhận", "Thẩm định hồ sơ, kiểm tra thực địa",
    "Xem xét, trình ký", "Ký duyệt kết quả giải quyết", "Trả kết quả cho công dân, thu lệ phí",
    "Vào sổ theo dõi, chuyển hồ sơ cho phòng chuyên môn", "Lưu hồ sơ theo quy định",
]
STEP_TIME = ["0,5 ngày", "1 ngày", "2 ngày", "3 ngày", "4 giờ", "5 ngày"]

# Sentences from the shared sample (Công văn 5052/UBND-NC, 2013) and the demo procedures.
SENTENCES = [
    "Thực hiện Chỉ thị số 07/CT-TTg ngày 22/5/2013 của Thủ tướng Chính phủ về đẩy mạnh thực hiện Chương trình tổng "
    "thể cải cách hành chính Nhà nước giai đoạn 2011 – 2020.",
    "Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các quận, huyện, thị xã thực hiện nghiêm việc đẩy nhanh tiến độ "
    "xây dựng, tổ chức thực hiện các kế hoạch, đề án cải cách hành chính.",
    "Đề cao trách nhiệm của người đứng đầu cơ quan, đơn vị trong việc thực hiện cải cách hành chính tại cơ quan, "
    "đơn vị và ngành, lĩnh vực phụ trách.",
    "Hoàn thành đúng tiến độ các dự thảo văn bản quy phạm pháp luật, thực hiện đúng quy trình xây dựng, thẩm định "
    "và ban hành văn bản.",
    "Tiếp tục rà soát, đơn giản hóa thủ tục hành chính; công khai đầy đủ, kịp thời thủ tục hành chính tại bộ phận "
    "tiếp nhận và trả kết quả.",
    "Hồ sơ được giải quyết theo cơ chế một cửa; mọi trường hợp trễ hạn phải có văn bản xin lỗi công dân.",
    "Cán bộ một cửa tiếp nhận, kiểm tra tính đầy đủ, hợp lệ của hồ sơ, viết giấy biên nhận và hẹn ngày trả kết quả.",
    "Chuyên viên Phòng Quản lý đô thị thẩm định hồ sơ, kiểm tra hiện trạng công trình và tuyến đường, hè phố liên "
    "quan.",
    "Trường hợp hồ sơ chưa đầy đủ, cán bộ hướng dẫn công dân bổ sung một lần bằng phiếu yêu cầu bổ sung hồ sơ.",
    "Trưởng phòng xem xét kết quả thẩm định, ký nháy và trình lãnh đạo UBND quận ký duyệt.",
    "Kết quả giải quyết được chuyển về bộ phận một cửa để trả cho công dân đúng hẹn và thu lệ phí theo quy định.",
    "Hồ sơ sau khi giải quyết được lưu tại phòng chuyên môn, sau đó chuyển lưu trữ cơ quan theo quy định.",
    "Ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính, đẩy mạnh dịch vụ công trực tuyến mức độ 3, 4.",
    "Thường xuyên kiểm tra việc thực hiện kỷ cương, kỷ luật hành chính, thái độ phục vụ của cán bộ, công chức.",
    "Định kỳ hằng quý, đơn vị báo cáo kết quả thực hiện về Thư ký ISO để tổng hợp, trình lãnh đạo xem xét.",
    "Mọi sự không phù hợp phát hiện trong quá trình giải quyết được ghi nhận, phân tích nguyên nhân và khắc phục.",
    "Thời gian giải quyết được tính theo ngày làm việc, kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Việc cấp phép đào đường, hè phố phải bảo đảm an toàn giao thông, vệ sinh môi trường và hoàn trả mặt bằng.",
    "Người dân có thể tra cứu tình trạng hồ sơ trên cổng thông tin điện tử của quận bằng mã số biên nhận.",
    "Lãnh đạo cơ quan chịu trách nhiệm phê duyệt, ban hành và bố trí nguồn lực để duy trì hệ thống quản lý chất "
    "lượng.",
]
HEADINGS = ["Trình tự thực hiện", "Yêu cầu đối với hồ sơ", "Trách nhiệm thực hiện", "Kiểm tra, giám sát",
            "Xử lý trường hợp trễ hạn", "Lưu trữ hồ sơ", "Tổ chức thực hiện", "Điều khoản chuyển tiếp"]

NC_DESCRIPTIONS = [
    "Hồ sơ cấp giấy phép xây dựng trả kết quả trễ hạn {d} ngày, không có phiếu xin lỗi công dân.",
    "Bộ phận một cửa sử dụng biểu mẫu {code} phiên bản cũ, đã hết hiệu lực.",
    "Sổ theo dõi hồ sơ không ghi đầy đủ ngày chuyển hồ sơ giữa các phòng.",
    "Người dân phản ánh thái độ phục vụ chưa đúng mực của cán bộ tiếp nhận hồ sơ đào đường, hè phố.",
    "Chưa niêm yết công khai thủ tục hành chính mới ban hành về cải cách hành chính.",
    "Kết quả đo lường sự hài lòng quý {d} không được phân tích, báo cáo lãnh đạo.",
    "Hồ sơ lưu trữ thiếu biên bản kiểm tra hiện trường tuyến đường.",
    "Thời gian xử lý thực tế vượt thời gian quy định trong quy trình {code}.",
]
CAUSES = [
    "Cán bộ mới chưa được đào tạo về quy trình.", "Quy trình chưa quy định rõ trách nhiệm chuyển hồ sơ.",
    "Phần mềm một cửa chưa cảnh báo hồ sơ sắp đến hạn.", "Khối lượng hồ sơ tăng đột biến vào cuối năm.",
    "Tài liệu cũ chưa được thu hồi khỏi nơi sử dụng.",
]
ACTIONS = [
    "Tổ chức tập huấn lại quy trình cho cán bộ một cửa.", "Sửa đổi quy trình, bổ sung bước kiểm soát thời hạn.",
    "Thu hồi và hủy các bản biểu mẫu hết hiệu lực.", "Bổ sung chức năng cảnh báo hạn trên phần mềm một cửa.",
    "Phân công thêm cán bộ tiếp nhận vào thời gian cao điểm.", "Rà soát toàn bộ hồ sơ tồn đọng, báo cáo lãnh đạo.",
]
FEEDBACK_TEXT = [
    "Tôi nộp hồ sơ cấp phép xây dựng đã quá hẹn {d} ngày nhưng chưa nhận được kết quả.",
    "Đề nghị niêm yết rõ lệ phí chứng thực tại bộ phận một cửa.",
    "Cán bộ tiếp nhận hướng dẫn nhiều lần, mỗi lần yêu cầu bổ sung một giấy tờ khác nhau.",
    "Đề nghị cải cách thủ tục đăng ký khai sinh, giảm giấy tờ phải nộp.",
    "Công trình đào đường trước nhà tôi chưa hoàn trả mặt bằng sau {d} ngày.",
]

# --- internal audits (qms/core/scale/audits.py) ---------------------------------------------------
# Titles: {dept} is a department name, {proc} a procedure title.
AUDIT_TITLES = [
    "Đánh giá nội bộ {dept}", "Đánh giá việc áp dụng HTQLCL tại {dept}",
    "Đánh giá kiểm soát tài liệu, hồ sơ tại {dept}",
    "Đánh giá quy trình {proc}", "Đánh giá định kỳ {dept}", "Đánh giá việc giải quyết thủ tục hành chính tại {dept}",
]
EXTERNAL_AUDIT_TITLES = [
    "Kiểm tra việc áp dụng, duy trì HTQLCL của Sở Khoa học và Công nghệ",
    "Đánh giá giám sát của tổ chức tư vấn tại {dept}",
]
AUDIT_OBJECTIVES = [
    "Xác định mức độ phù hợp của hệ thống quản lý chất lượng với {standard} và các quy trình đã ban hành.",
    "Kiểm tra việc áp dụng quy trình giải quyết thủ tục hành chính, thời hạn trả kết quả và việc lưu hồ sơ.",
    "Xác định cơ hội cải tiến; theo dõi hành động khắc phục sau cuộc đánh giá kỳ trước.",
]
PROGRAMME_OBJECTIVES = (
    "Đánh giá toàn bộ các phòng, bộ phận và quy trình trong phạm vi HTQLCL ít nhất một lần trong năm {year}. "
    "Ưu tiên Bộ phận một cửa và các lĩnh vực có nhiều hồ sơ trễ hạn, phản ánh của người dân năm {prev}."
)
# (clause, template title, questions): the checklist templates of every agency (as in audits/demo_audit.py).
AUDIT_TEMPLATES = [
    ("4.2.3", "Kiểm soát tài liệu (4.2.3)", [
        "Tài liệu có được phê duyệt trước khi ban hành không? (4.2.3.a)",
        "Tài liệu có được xem xét, cập nhật và phê duyệt lại khi cần không? (4.2.3.b)",
        "Tình trạng sửa đổi hiện hành của tài liệu có được nhận biết không? (4.2.3.c)",
        "Phiên bản tài liệu đang dùng tại nơi làm việc có đúng lần ban hành hiện hành không? (4.2.3.d)",
        "Tài liệu có nguồn gốc bên ngoài (văn bản pháp luật) có được nhận biết và kiểm soát phân phối không? (4.2.3.f)",
        "Tài liệu lỗi thời có được thu hồi hoặc đóng dấu nhận biết không? (4.2.3.g)",
    ]),
    ("4.2.4", "Kiểm soát hồ sơ (4.2.4)", [
        "Hồ sơ giải quyết thủ tục hành chính có được lưu đầy đủ theo danh mục hồ sơ không?",
        "Nơi lưu, thời gian lưu của từng loại hồ sơ có được xác định không?",
        "Hồ sơ có dễ nhận biết, dễ truy xuất khi cần không?",
        "Hồ sơ hết thời hạn lưu có được xử lý theo quy định không?",
    ]),
    ("7.5", "Quá trình tiếp nhận và trả kết quả tại Bộ phận một cửa", [
        "Danh mục thủ tục hành chính, mức phí, lệ phí có được niêm yết công khai tại Bộ phận một cửa không?",
        "Cán bộ một cửa có dùng đúng phiên bản quy trình, biểu mẫu hiện hành không?",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả có ghi đủ thông tin không?",
        "Sổ theo dõi hồ sơ có cập nhật đầy đủ, đúng thời hạn không?",
        "Hồ sơ trễ hạn có phiếu xin lỗi và hẹn lại ngày trả kết quả không?",
    ]),
    ("8.2.2", "Đánh giá nội bộ (8.2.2)", [
        "Chương trình đánh giá nội bộ năm có được lập và phê duyệt không?",
        "Chuyên gia đánh giá có độc lập với khu vực được đánh giá không?",
        "Kết quả đánh giá kỳ trước có được báo cáo cho lãnh đạo không?",
        "Hành động khắc phục sau đánh giá kỳ trước có được kiểm tra xác nhận hiệu lực không?",
    ]),
    ("8.3", "Kiểm soát sản phẩm không phù hợp (8.3)", [
        "Hồ sơ trễ hạn, sai sót có được nhận biết và ghi nhận không?",
        "Người dân có được thông báo và xin lỗi bằng văn bản khi hồ sơ trễ hạn không?",
        "Biện pháp xử lý hồ sơ không phù hợp có được ghi lại không?",
    ]),
    ("8.5.2", "Hành động khắc phục (8.5.2)", [
        "Nguyên nhân của sự không phù hợp có được xác định không? (8.5.2.b)",
        "Hành động khắc phục có được xác định, thực hiện đúng hạn không? (8.5.2.d)",
        "Hiệu lực của hành động khắc phục có được xem xét không? (8.5.2.f)",
    ]),
]
# Findings by kind: (clause, description). {code} is a document code, {d} a small number.
FINDINGS_NC = [
    ("4.2.3.f", "Chưa cập nhật danh mục tài liệu bên ngoài: {d} văn bản pháp luật mới chưa được đưa vào danh mục."),
    ("4.2.3.d", "Bộ phận đang sử dụng biểu mẫu {code} phiên bản cũ, đã hết hiệu lực."),
    ("4.2.3.g", "Tài liệu lỗi thời chưa được thu hồi, vẫn lưu tại nơi làm việc không có dấu nhận biết."),
    ("4.2.4", "Hồ sơ giải quyết thủ tục hành chính lưu không đầy đủ thành phần theo quy trình {code}."),
    ("7.5", "{d} hồ sơ trả kết quả trễ hạn không có phiếu xin lỗi và hẹn lại ngày trả kết quả."),
    ("7.5", "Sổ theo dõi hồ sơ không ghi ngày chuyển hồ sơ giữa các bước của quy trình {code}."),
    ("8.2.3", "Chưa theo dõi, thống kê tỷ lệ hồ sơ giải quyết đúng hạn theo quy định của quy trình {code}."),
    ("8.3", "Hồ sơ sai sót đã trả lại cho công dân nhưng không được ghi nhận, xử lý như sản phẩm không phù hợp."),
    ("8.5.2", "Hành động khắc phục sau cuộc đánh giá kỳ trước chưa được kiểm tra hiệu lực."),
    ("5.4", "Mục tiêu chất lượng năm của bộ phận chưa được lập kế hoạch thực hiện cụ thể."),
]
FINDINGS_OBSERVATION = [
    ("4.2.4", "Danh mục hồ sơ chưa ghi rõ nơi lưu của hồ sơ điện tử."),
    ("4.2.3", "Bản in quy trình {code} tại phòng chưa đóng dấu kiểm soát."),
    ("7.5", "Bảng niêm yết thủ tục hành chính tại Bộ phận một cửa bị che khuất một phần."),
    ("6.2", "Hồ sơ đào tạo nghiệp vụ của cán bộ mới chưa được cập nhật vào danh sách theo dõi."),
    ("8.2.1", "Phiếu khảo sát sự hài lòng thu về ít, chưa đủ để đánh giá."),
]
FINDINGS_OFI = [
    ("4.2.3", "Có thể gửi thông báo tài liệu mới ban hành qua hệ thống thay cho công văn giấy."),
    ("7.5", "Nên bổ sung tin nhắn báo kết quả cho công dân khi hồ sơ hoàn thành."),
    ("8.2.1", "Có thể khảo sát sự hài lòng trực tuyến qua mã QR tại quầy tiếp nhận."),
    ("4.2.4", "Nên số hóa hồ sơ lưu trữ của năm trước để tra cứu nhanh hơn."),
    ("6.3", "Có thể bố trí thêm máy lấy số thứ tự tự động tại Bộ phận một cửa."),
]
AUDIT_EVIDENCE = [
    "Kiểm tra {d} hồ sơ quý gần nhất; phỏng vấn chuyên viên thụ lý.",
    "Quan sát tại nơi làm việc; bản in {code} không có dấu BẢN KIỂM SOÁT.",
    "Sổ theo dõi hồ sơ năm nay, các trang {d}–{d2}.",
    "Danh mục tài liệu bên ngoài cập nhật lần cuối cách đây {d} tháng.",
]
AUDIT_REQUIREMENTS = [
    "{standard} điều {clause}", "Quy trình {code}, mục 5", "Quyết định 19/2014/QĐ-TTg, Điều 4",
]
CHECKLIST_EVIDENCE = [
    "Đã kiểm tra, phù hợp.", "Xem sổ theo dõi và {d} hồ sơ ngẫu nhiên.", "Phỏng vấn trưởng phòng và chuyên viên.",
    "Quan sát tại Bộ phận một cửa.",
]
AUDIT_CONCLUSIONS = [
    "HTQLCL tại đơn vị được duy trì và áp dụng có hiệu lực; cần khắc phục các điểm không phù hợp đã nêu.",
    "Đơn vị áp dụng cơ bản đầy đủ các quy trình; thực hiện hành động khắc phục trong 30 ngày.",
    "Hệ thống được áp dụng phù hợp với tiêu chuẩn và quy định của cơ quan.",
]
