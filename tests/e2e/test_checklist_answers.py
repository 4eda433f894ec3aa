"""The auditor answers the checklist without losing a word (issue 13, item 2).

Typed answers survive saving another question (in place, no reload), "save all" saves the rest in
one go, a reload shows every answer, and leaving with unsaved text asks first. Without JavaScript a
plain post saves and brings the page back with the typed values kept. Screenshots of the checklist
on a desktop (1366×768) and a phone (390×844).
"""

import re

from playwright.sync_api import expect

from audits.internal import services as svc
from audits.internal.models import ChecklistItem
from tests.audits.internal.helpers import audit
from tests.factories import PASSWORD

QUESTIONS = [
    "Quầy tiếp nhận dùng đúng lần ban hành hiện hành của quy trình?",
    "Biểu mẫu phát cho người dân là bản hiện hành?",
    "Tài liệu hết hiệu lực đã được thu hồi khỏi quầy?",
    "Sổ theo dõi hồ sơ ghi đủ ngày hẹn trả?",
    "Phiếu hẹn có ghi đúng thời hạn giải quyết?",
]


def _checklist(world):
    a = audit(world, status="in_progress")
    template = svc.template_save(agency=world.agency, user=world.coordinator, title="Tài liệu tại bộ phận một cửa",
                                 clause="4.2.3", questions="\n".join(QUESTIONS))
    svc.checklist_apply_template(audit=a, user=world.coordinator, template=template)
    return a, list(a.checklist_items.order_by("order"))


def _answer(section, result, notes):
    section.get_by_label(result, exact=True).check()
    section.get_by_label("Bằng chứng, ghi chép").fill(notes)


def test_auditor_types_several_answers_saves_one_in_place_then_all(world, page, browser_login, screenshot):
    a, items = _checklist(world)
    browser_login(world.auditor)
    page.goto(f"{page.base_url}/danh-gia/cuoc-danh-gia/{a.pk}/cau-hoi/")
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã trả lời 0/5")
    sections = [page.locator(f"#item-{item.pk}") for item in items]

    # Three answers typed, none saved yet: each is marked, and the bar counts them.
    _answer(sections[0], "Không phù hợp", "Quầy số 3 dùng bản in QT-05 lần ban hành 01.")
    _answer(sections[1], "Phù hợp", "Biểu mẫu BM-05-02 tại quầy là bản hiện hành.")
    _answer(sections[3], "Điểm lưu ý", "Sổ ghi thiếu ngày hẹn trả của 2 hồ sơ tuần trước.")
    expect(sections[0].get_by_text("Chưa lưu", exact=True)).to_be_visible()
    expect(page.get_by_text("Số câu hỏi chưa lưu: 3")).to_be_visible()

    # Save the second only: in place (no reload), the others keep what was typed.
    page.evaluate("window.__samePage = true")
    sections[1].get_by_role("button", name="Lưu câu hỏi 2").click()
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã trả lời 1/5")
    expect(sections[1].get_by_text("Đã lưu", exact=True)).to_be_visible()
    expect(sections[1].get_by_text("Chưa lưu", exact=True)).to_be_hidden()
    assert page.evaluate("window.__samePage") is True, "saved without reloading the page"
    expect(sections[0].get_by_label("Bằng chứng, ghi chép")).to_have_value("Quầy số 3 dùng bản in QT-05 lần ban hành 01.")
    expect(sections[0].get_by_label("Không phù hợp", exact=True)).to_be_checked()
    expect(sections[3].get_by_label("Bằng chứng, ghi chép")).to_have_value("Sổ ghi thiếu ngày hẹn trả của 2 hồ sơ tuần trước.")
    expect(page.get_by_text("Số câu hỏi chưa lưu: 2")).to_be_visible()
    assert ChecklistItem.objects.get(pk=items[1].pk).answer == "conform"
    assert ChecklistItem.objects.get(pk=items[0].pk).answer == ""

    page.set_viewport_size({"width": 1366, "height": 768})
    sections[0].scroll_into_view_if_needed()
    screenshot("checklist-1366", full_page=False)
    screenshot("checklist-1366-full")
    page.set_viewport_size({"width": 390, "height": 844})
    sections[0].scroll_into_view_if_needed()
    screenshot("checklist-390", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 768})

    # A mistake in one question is shown beside it, in place, and nothing typed elsewhere is touched.
    sections[2].get_by_label(re.compile("^Câu hỏi")).fill("")
    sections[2].get_by_role("button", name="Lưu câu hỏi 3").click()
    expect(sections[2].locator(".errorlist")).to_contain_text("bắt buộc")
    expect(sections[0].get_by_label("Bằng chứng, ghi chép")).to_have_value("Quầy số 3 dùng bản in QT-05 lần ban hành 01.")
    sections[2].get_by_label(re.compile("^Câu hỏi")).fill(QUESTIONS[2])
    _answer(sections[2], "Phù hợp", "Không còn bản cũ tại quầy.")

    # Leaving with unsaved answers asks first; staying keeps everything.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="Về trang cuộc đánh giá").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/cau-hoi/$"))
    expect(sections[3].get_by_label("Bằng chứng, ghi chép")).to_have_value("Sổ ghi thiếu ngày hẹn trả của 2 hồ sơ tuần trước.")

    # Save all: one post, every typed answer saved; a reload shows them all.
    page.get_by_role("button", name="Lưu tất cả").click()
    expect(page.get_by_text("Đã lưu 3 câu hỏi.")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã trả lời 4/5")
    expect(sections[0].get_by_label("Không phù hợp", exact=True)).to_be_checked()
    expect(sections[0].get_by_label("Bằng chứng, ghi chép")).to_have_value("Quầy số 3 dùng bản in QT-05 lần ban hành 01.")
    expect(sections[2].get_by_label("Bằng chứng, ghi chép")).to_have_value("Không còn bản cũ tại quầy.")
    expect(sections[3].get_by_label("Điểm lưu ý", exact=True)).to_be_checked()
    answers = dict(ChecklistItem.objects.filter(audit=a).values_list("order", "answer"))
    assert answers == {1: "nonconform", 2: "conform", 3: "conform", 4: "observation", 5: ""}

    # Nothing unsaved now: leaving asks nothing.
    page.once("dialog", stay)
    page.get_by_role("link", name="Về trang cuộc đánh giá").click()
    expect(page).to_have_url(re.compile(rf"/cuoc-danh-gia/{a.pk}/$"))
    assert dialogs == ["beforeunload"]


def test_without_javascript_a_plain_post_saves_and_keeps_the_typed_answers(world, browser, live_server, settings):
    a, items = _checklist(world)
    settings.SITE_URL = live_server.url
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(world.auditor.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto(f"{live_server.url}/danh-gia/cuoc-danh-gia/{a.pk}/cau-hoi/")
        first, second = page.locator(f"#item-{items[0].pk}"), page.locator(f"#item-{items[1].pk}")
        _answer(first, "Phù hợp", "Quầy 1 dùng QT-05 lần 02.")
        _answer(second, "Không phù hợp", "Quầy 3 dùng bản in lần 01.")
        first.get_by_role("button", name="Lưu câu hỏi 1").click()
        expect(page.get_by_text("Đã lưu câu hỏi 1.")).to_be_visible()
        expect(second.get_by_label("Bằng chứng, ghi chép")).to_have_value("Quầy 3 dùng bản in lần 01.")
        expect(second.get_by_label("Không phù hợp", exact=True)).to_be_checked()
        expect(second.get_by_text("Chưa lưu", exact=True)).to_be_visible()
        page.get_by_role("button", name="Lưu tất cả").click()
        expect(page.get_by_text("Đã lưu 1 câu hỏi.")).to_be_visible()
        expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã trả lời 2/5")
    finally:
        context.close()
    answers = dict(ChecklistItem.objects.filter(audit=a).values_list("order", "evidence"))
    assert answers[1] == "Quầy 1 dùng QT-05 lần 02." and answers[2] == "Quầy 3 dùng bản in lần 01."
