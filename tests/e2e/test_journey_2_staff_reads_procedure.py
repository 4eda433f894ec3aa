"""Journey 2: a staff member finds the current procedure without diacritics and acknowledges it."""

from django.utils import timezone
from playwright.sync_api import expect

from processes.documents.models import Acknowledgement, Revision
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit


def test_staff_finds_current_procedure_and_acknowledges(world, page, browser_login, screenshot):
    document = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    make_document(world, code="QT-30", title="Cấp phép đào đường")
    effective_revision(world, document)
    second = make_draft(world, document)
    submit(world, second, summary="Sửa bước 2")
    approve(world, second)
    third = make_draft(world, document)
    submit(world, third, summary="Sửa bước 3")
    approve(world, third)
    since = timezone.localdate()
    assert Revision.objects.get(pk=third.pk).status == Revision.Status.EFFECTIVE

    browser_login(world.staff)
    page.goto(f"{page.base_url}/tai-lieu/")
    page.get_by_placeholder("Tìm theo mã hiệu").fill("cap giay phep xay dung")
    page.get_by_role("button", name="Tìm", exact=True).click()
    first_row = page.get_by_test_id("register").locator("tbody tr").first
    expect(first_row).to_contain_text("Cấp giấy phép xây dựng")
    screenshot("journey2-search")
    first_row.get_by_role("link", name="Cấp giấy phép xây dựng").click()
    page.get_by_role("link", name="Xem bản hiện hành").click()
    expect(page.get_by_test_id("issue")).to_have_text("03")
    expect(page.get_by_test_id("effective-since")).to_contain_text(
        f"Lần ban hành 03 đang hiệu lực từ {since.strftime('%d/%m/%Y')}")
    # The PDF download button comes with the PDF work (processes/copies/_copy_actions.html).
    page.get_by_role("button", name="Đã đọc và hiểu").click()
    expect(page.locator(".message-success")).to_contain_text("đã đọc và hiểu")
    expect(page.get_by_test_id("revision-actions")).to_contain_text("Đã đọc và hiểu (")
    screenshot("journey2-acknowledged")
    assert Acknowledgement.objects.get(revision=third, user=world.staff).acknowledged_at is not None
