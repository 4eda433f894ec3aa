"""Journey 5: a department head closes a nonconformity (spec.md, journeys; NC-2 … NC-6)."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from audits.capa import services as svc
from audits.capa.models import Action, Nonconformity

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NO_FILE = "Sổ luân chuyển hồ sơ là sổ giấy, để tại quầy số 1 của bộ phận một cửa."


def _logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/**")


def test_department_head_closes_a_nonconformity(world, page, browser_login, screenshot):
    # The auditor's finding opened the NC (journey 4); the urban department's head handles it.
    nc = svc.nc_open(
        agency=world.agency, source=Nonconformity.Source.INTERNAL_AUDIT, user=world.auditor,
        department=world.departments["urban"], clause="7.5.1", severity=Nonconformity.Severity.MINOR,
        description="Hồ sơ cấp giấy phép xây dựng số 125 trả kết quả muộn 5 ngày so với phiếu hẹn.",
        process_ref="QT-05 Cấp giấy phép xây dựng",
    )
    today = timezone.localdate()

    head = browser_login(world.reviewer)
    expect(page.get_by_text("Sự không phù hợp chờ tôi xử lý")).to_be_visible()
    page.get_by_role("link", name=re.compile(nc.reference)).first.click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Mới ghi nhận")
    screenshot("journey5-01-nc-open")

    # Correction and disposition of the nonconforming output (8.3).
    page.get_by_role("link", name="Ghi nhận khắc phục").click()
    page.get_by_label("Biện pháp khắc phục tức thời đã thực hiện").fill(
        "Đã trả giấy phép cho ông Nguyễn Văn A, gửi thư xin lỗi."
    )
    page.get_by_label("Xử lý đầu ra không phù hợp (8.3)").select_option("fixed")
    page.get_by_label("Kết quả kiểm tra lại sau khắc phục").fill("Kiểm tra lại giấy phép: đúng nội dung, đủ chữ ký.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Đã khắc phục")

    # 5-Why root cause.
    page.get_by_role("link", name="Phân tích nguyên nhân").first.click()
    whys = [
        "Hồ sơ đến phòng Quản lý đô thị chậm 3 ngày.",
        "Bộ phận một cửa chỉ chuyển hồ sơ vào chiều thứ Sáu.",
        "Quy trình QT-05 không quy định thời hạn chuyển hồ sơ.",
        "Khi soạn QT-05 chưa tính thời gian từng bước.",
        "Chưa có biểu mẫu theo dõi luân chuyển hồ sơ.",
    ]
    for i, why in enumerate(whys, start=1):
        page.get_by_label(f"Vì sao? (lần {i})").fill(why)
    page.get_by_label("Nhóm nguyên nhân").select_option("method")
    page.get_by_label("Kết luận nguyên nhân gốc").fill("QT-05 thiếu thời hạn luân chuyển hồ sơ giữa các bộ phận.")
    page.get_by_label("Có, cần hành động khắc phục / phòng ngừa").check()
    screenshot("journey5-02-five-whys-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("why-chain").locator("li")).to_have_count(5)

    # Two corrective actions with owners and due dates.
    page.get_by_role("link", name="Thêm hành động").first.click()
    page.get_by_label("Nội dung hành động").fill("Sửa đổi QT-05: chuyển hồ sơ trong 1 ngày làm việc.")
    page.get_by_label("Người thực hiện").select_option(str(world.author.pk))
    page.get_by_label("Hạn hoàn thành").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Thêm và tiếp tục thêm").click()
    page.get_by_label("Nội dung hành động").fill("Lập sổ theo dõi luân chuyển hồ sơ tại bộ phận một cửa.")
    page.get_by_label("Người thực hiện").select_option(str(world.staff.pk))
    page.get_by_label("Hạn hoàn thành").fill((today + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Thêm hành động", exact=True).click()
    expect(page.get_by_test_id("nc-actions").locator("tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Chốt kế hoạch hành động").click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Đã lập kế hoạch hành động")
    screenshot("journey5-03-actions-planned")
    _logout(head)

    # Each owner does their action; the first attaches the signed procedure as evidence.
    for owner, result in ((world.author, "Đã ban hành QT-05 lần 03 ngày hôm nay."),
                          (world.staff, "Đã lập sổ, ghi đủ hồ sơ từ đầu tuần.")):
        browser_login(owner)
        page.get_by_role("link", name=re.compile(nc.reference)).first.click()
        if owner == world.author:
            page.get_by_label("Tệp bằng chứng").set_input_files(
                files=[{"name": "QT-05-lan-03.pdf", "mimeType": "application/pdf", "buffer": PDF}]
            )
            page.get_by_role("button", name="Tải lên").click()
            expect(page.get_by_role("link", name="QT-05-lan-03.pdf")).to_be_visible()
        page.get_by_label("Kết quả thực hiện").fill(result)
        if owner == world.staff:
            # No file to upload: the paper register stays at the desk, and the reason is written instead.
            page.get_by_label("Lý do không có bằng chứng").fill(NO_FILE)
            screenshot("journey5-04b-action-without-file")
        page.get_by_role("button", name="Đã hoàn thành").click()
        expect(page.get_by_test_id("action-status")).to_have_text("Đã hoàn thành")
        if owner == world.author:
            screenshot("journey5-04-action-done-with-evidence")
        _logout(page)

    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ACTIONS_DONE
    check = nc.checks.get()
    assert check.verifier == world.auditor

    # A month later the auditor verifies effectiveness; the NC closes.
    browser_login(world.auditor)
    expect(page.get_by_text("Kiểm tra hiệu lực hành động")).to_be_visible()
    page.get_by_role("link", name=re.compile(nc.reference)).first.click()
    page.get_by_role("link", name="Kiểm tra hiệu lực").click()
    # The verifier sees what each action rests on: the file, or the reason there is none.
    expect(page.get_by_test_id("actions-done")).to_contain_text("QT-05-lan-03.pdf")
    expect(page.get_by_test_id("actions-done")).to_contain_text(NO_FILE)
    screenshot("journey5-05a-verify-sees-evidence")
    page.get_by_label("Có hiệu lực – đóng phiếu").check()
    page.get_by_label("Nhận xét, bằng chứng đã xem xét").fill(
        "Kiểm tra 30 hồ sơ cấp phép tháng sau: tất cả trả đúng hẹn; sổ luân chuyển ghi đầy đủ."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("nc-status")).to_have_text("Đã đóng")
    expect(page.get_by_text(f"Phiếu {nc.reference} đã đóng")).to_be_visible()
    screenshot("journey5-05-nc-closed")

    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.CLOSED and nc.is_verified_effective
    assert set(nc.actions.values_list("status", flat=True)) == {Action.Status.DONE}
    assert nc.whys.count() == 5 and nc.actions.get(owner=world.author).evidence.count() == 1

    page.get_by_role("link", name="Phiếu in").click()
    expect(page.get_by_test_id("nc-print")).to_contain_text("Phiếu yêu cầu hành động khắc phục".upper(), ignore_case=True)
    screenshot("journey5-06-nc-print")
