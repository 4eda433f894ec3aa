"""Journey 1, the editor in detail: the offline rich-text editor and row reordering, saved as sanitised content."""

from playwright.sync_api import expect

from processes.documents.models import Revision
from tests.processes.documents.helpers import make_document, make_draft


def test_coordinator_formats_procedure_text_and_reorders_steps(world, page, browser_login, screenshot):
    draft = make_draft(world, make_document(world))
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}/tai-lieu/ban-hanh/{draft.pk}/soan-thao/")
    area = page.locator(".rte-area")
    area.click()
    page.keyboard.type("Hồ sơ trễ hạn phải có ")
    page.get_by_role("button", name="Đậm").click()
    page.keyboard.type("văn bản xin lỗi")
    # Move the last step to the top without a reload.
    rows = page.locator('table[data-rows="steps"] tbody tr')
    rows.nth(2).get_by_role("button", name="Chuyển lên").click()
    rows.nth(1).get_by_role("button", name="Chuyển lên").click()
    expect(page.locator('input[name="steps__step"]').first).to_have_value("B3")
    expect(page.locator("[data-step-total]")).to_contain_text("15")
    page.locator('input[name="steps__time"]').first.fill("9,5 ngày")
    expect(page.get_by_test_id("time-warning")).to_contain_text("khác thời gian xử lý theo quy định (15 ngày làm việc)")
    screenshot("journey1-rich-text")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".message-success")).to_contain_text("Đã lưu dự thảo")
    draft.refresh_from_db()
    assert [s["step"] for s in draft.steps] == ["B3", "B1", "B2"]
    assert "<b>văn bản xin lỗi</b>" in draft.procedure_html or "<strong>văn bản xin lỗi</strong>" in draft.procedure_html
    assert Revision.objects.get(pk=draft.pk).status == Revision.Status.DRAFT
