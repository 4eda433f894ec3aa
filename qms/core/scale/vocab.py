"""Vietnamese vocabulary for the scale data set: agencies, people, procedures, paragraphs.

Built from the processes demo (processes/demo.py) and the shared sample text
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
    ("Tiêu chuẩn TCVN ISO 9001:2008 Hệ thống quản lý chất lượng – Các yêu cầu", "Bộ Khoa học và Công nghệ",
     "TCVN ISO 9001:2008"),
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
