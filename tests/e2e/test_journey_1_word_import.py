"""Journey 1, moving a procedure in: the coordinator imports an agency's Word file (bold numbered headings, a
steps table, an extra appendix), checks the preview, confirms, and finds the draft editor filled."""

from playwright.sync_api import expect

from tests.processes.documents.helpers import make_document
from tests.processes.documents.word_files import procedure

PURPOSE = "Quy định trình tự cấp giấy phép xây dựng nhà ở riêng lẻ."
WARNING = "Lưu ý: tổng thời gian các bước (12 ngày) khác thời gian xử lý theo quy định (5 ngày làm việc)."


def test_coordinator_imports_a_word_procedure_through_a_preview(world, page, browser_login, screenshot, tmp_path):
    document = make_document(world)
    word_file = tmp_path / "QT-05 cấp giấy phép.docx"
    word_file.write_bytes(procedure("bold", extra=True))
    page.set_viewport_size({"width": 1366, "height": 768})
    browser_login(world.coordinator)

    page.goto(f"{page.base_url}/tai-lieu/{document.pk}/")
    page.get_by_role("link", name="Nhập từ Word").click()
    page.get_by_label("Tệp Word (.docx)").set_input_files(str(word_file))
    page.get_by_role("button", name="Tải lên và xem trước").click()

    # The preview: each field with the heading it came from, the step rows, the time check, what is left out.
    mapping = page.get_by_test_id("import-map")
    expect(mapping.get_by_role("row", name="1. Mục đích")).to_contain_text(PURPOSE)
    expect(mapping.get_by_role("row", name="5.4 Thời gian xử lý")).to_contain_text("5.4. Thời gian xử lý")
    steps = page.get_by_test_id("import-steps").locator("tbody tr")
    expect(steps).to_have_count(4)
    expect(steps.nth(2)).to_contain_text("4 giờ")
    expect(steps.nth(2)).to_contain_text("0,5")
    expect(page.get_by_test_id("time-warning")).to_have_text(WARNING)
    expect(page.get_by_test_id("import-unplaced")).to_contain_text("8. PHỤ LỤC")
    screenshot("word-import-preview-1366", full_page=False)
    screenshot("word-import-preview-full")
    assert not document.revisions.exists(), "nothing is saved before the confirmation"

    page.get_by_role("button", name="Xác nhận, ghi vào dự thảo").click()

    expect(page.locator(".message-success")).to_contain_text("Đã nhập nội dung từ tệp Word")
    expect(page.get_by_label("1. Mục đích")).to_have_value(PURPOSE)
    expect(page.get_by_label("5.6 Lệ phí")).to_have_value("75.000 đồng/giấy phép.")
    expect(page.get_by_label("5.4 Thời gian xử lý (ngày làm việc)")).to_have_value("5")
    expect(page.locator('input[name="steps__time"]')).to_have_count(4)
    expect(page.locator('input[name="steps__time"]').nth(2)).to_have_value("4 giờ")
    expect(page.locator('input[name="forms__code"]').first).to_have_value("BM-05-01")
    expect(page.locator('input[name="records__retention"]').first).to_have_value("Lâu dài")
    expect(page.get_by_test_id("time-warning")).to_have_text(WARNING)  # the preview's, word for word
    screenshot("word-import-editor")

    # The editor's live check says the same: fixing the last step's time clears the warning.
    page.locator('input[name="steps__time"]').nth(3).fill("3 ngày")
    expect(page.locator("[data-step-total]")).to_have_text("Tổng thời gian các bước: 5 ngày.")
    expect(page.get_by_test_id("time-warning")).to_be_hidden()
    assert document.revisions.get().purpose == PURPOSE
