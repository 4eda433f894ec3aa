"""Journey 6: a citizen complains without logging in and later reads the agency's answer (NC-7)."""

import re

from playwright.sync_api import expect

from audits.feedback.models import Feedback
from audits.capa.models import Nonconformity


def test_citizen_complains_and_sees_the_answer(world, page, browser_login, screenshot):
    base = page.base_url

    # The citizen, not logged in, sends feedback about a late dossier.
    page.goto(f"{base}/danh-gia/phan-anh/gui/{world.agency.code}/")
    expect(page.get_by_role("heading", name="Phản ánh, kiến nghị về thủ tục hành chính")).to_be_visible()
    expect(page.get_by_text(world.agency.name)).to_be_visible()
    page.get_by_label("Họ và tên (không bắt buộc)").fill("Nguyễn Văn An")
    page.get_by_label("Điện thoại hoặc thư điện tử (không bắt buộc)").fill("0912 345 678")
    page.get_by_label("Thủ tục hành chính hoặc hồ sơ liên quan").fill("Cấp giấy phép xây dựng nhà ở riêng lẻ")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Tôi nộp hồ sơ ngày 01/10/2026, phiếu hẹn trả ngày 15/10/2026 nhưng đến nay vẫn chưa nhận được giấy phép."
    )
    screenshot("journey6-01-public-form")
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_test_id("feedback-sent")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"PA-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}", code)
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã tiếp nhận, đang xử lý")
    screenshot("journey6-02-tracking-code")

    # The coordinator turns it into a nonconformity and answers.
    browser_login(world.coordinator)
    expect(page.get_by_text("Phản ánh, kiến nghị chờ trả lời")).to_be_visible()
    page.get_by_role("link", name=re.compile(code)).first.click()
    page.get_by_label("Phòng / bộ phận liên quan").select_option(str(world.departments["urban"].pk))
    page.get_by_label("Không phù hợp nhẹ").check()  # no grade is preselected: the coordinator chooses
    page.get_by_role("button", name="Lập phiếu sự không phù hợp").click()
    nc = Nonconformity.objects.get(source=Nonconformity.Source.CITIZEN_FEEDBACK)
    expect(page.get_by_role("link", name=nc.reference)).to_be_visible()
    page.get_by_label("Trả lời người dân (công khai trên trang tra cứu)").fill(
        "UBND quận xin lỗi ông về việc trả kết quả muộn. Giấy phép đã được ký ngày 20/10/2026, mời ông nhận tại "
        "bộ phận một cửa. Quận đã lập phiếu yêu cầu hành động khắc phục để việc này không tái diễn."
    )
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã trả lời")
    screenshot("journey6-03-coordinator-answered")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")

    # Later, the citizen looks the code up and reads the answer.
    page.goto(f"{base}/danh-gia/phan-anh/tra-cuu/")
    page.get_by_label("Mã tra cứu").fill(code.lower())
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_test_id("feedback-answer")).to_contain_text("xin lỗi ông")
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã trả lời")
    expect(page.locator("body")).not_to_contain_text("0912 345 678")
    screenshot("journey6-04-citizen-sees-answer")

    feedback = Feedback.objects.get(tracking_code=code)
    assert feedback.nc == nc and nc.source_ref == code and nc.department == world.departments["urban"]
