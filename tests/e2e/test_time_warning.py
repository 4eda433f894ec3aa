"""Issue 13 #14: the editor's live step-time warning and the one the server shows after saving are the same
sentence with the same numbers (|days and the script round and write alike)."""

from playwright.sync_api import expect

from tests.processes.documents.helpers import make_document, make_draft


def test_live_warning_matches_the_saved_one(world, page, browser_login, screenshot):
    draft = make_draft(world, make_document(world), processing_time_days=15)  # 0,5 + 10 + 4,5 ngày
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}/tai-lieu/ban-hanh/{draft.pk}/soan-thao/")
    warning = page.get_by_test_id("time-warning")
    expect(warning).to_be_hidden()

    page.locator('input[name="steps__time"]').first.fill("1 giờ")  # 0,125 day: 14,625 in all
    expect(warning).to_have_text("Lưu ý: tổng thời gian các bước (14,63 ngày) khác thời gian xử lý theo quy định "
                                 "(15 ngày làm việc).")
    live = warning.text_content()
    live_total = page.locator("[data-step-total]").text_content()

    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".message-success")).to_contain_text("Đã lưu dự thảo")
    expect(warning).to_be_visible()
    assert warning.text_content() == live
    assert page.locator("[data-step-total]").text_content() == live_total == "Tổng thời gian các bước: 14,63 ngày."
    screenshot("editor-time-warning")

    page.locator('input[name="steps__time"]').nth(2).fill("4,875 ngày")  # back to 15
    expect(warning).to_be_hidden()
