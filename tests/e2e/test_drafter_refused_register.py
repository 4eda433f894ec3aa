"""Issue 13 #11: a drafter who wants a document registered is told who registers documents and reaches the
change-request form, instead of a bare 403."""

from playwright.sync_api import expect

from processes.documents.models import ChangeRequest
from tests.processes.documents.helpers import effective_revision, make_document


def test_drafter_is_told_who_registers_and_reaches_the_change_request_form(world, page, browser_login, screenshot):
    document = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    effective_revision(world, document)
    browser_login(world.author)

    page.goto(f"{page.base_url}/tai-lieu/")
    expect(page.get_by_role("link", name="Thêm tài liệu")).to_have_count(0)
    expect(page.get_by_test_id("register-who-adds")).to_contain_text("Nguyễn Thị Thư Ký")
    screenshot("drafter-register")

    # The old bookmark to "Thêm tài liệu": a page that says who may, with the way forward.
    page.goto(f"{page.base_url}/tai-lieu/moi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bạn không có quyền thêm tài liệu vào danh mục")
    expect(page.get_by_test_id("denied-holders")).to_contain_text("Thư ký ISO: Nguyễn Thị Thư Ký")
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()
    expect(page.get_by_text(world.outsider.full_name)).to_have_count(0)
    screenshot("drafter-denied")
    page.get_by_test_id("denied-offer").click()

    page.get_by_test_id("register").get_by_role("link", name="Cấp giấy phép xây dựng").click()
    page.get_by_role("link", name="Đề nghị sửa đổi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đề nghị sửa đổi: QT-05")
    page.get_by_label("Lý do / vấn đề gặp phải").fill("Cần bổ sung quy trình cấp phép sửa chữa nhà ở riêng lẻ.")
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator(".message-success")).to_contain_text("Đã gửi đề nghị sửa đổi")
    assert ChangeRequest.objects.get(document=document).requested_by == world.author


def test_staff_refused_editing_a_document_land_on_its_change_request_form(world, page, browser_login, screenshot):
    document = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    effective_revision(world, document)
    browser_login(world.staff)
    page.goto(f"{page.base_url}/tai-lieu/{document.pk}/sua/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bạn không có quyền sửa thông tin tài liệu")
    page.get_by_role("link", name="Đề nghị sửa đổi/ban hành").click()
    expect(page).to_have_url(f"{page.base_url}/tai-lieu/{document.pk}/de-nghi-sua-doi/")
    expect(page.get_by_label("Lý do / vấn đề gặp phải")).to_be_visible()
