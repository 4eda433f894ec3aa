"""A signed code and title in a real browser (security review issue 12, #7): the register form shows them read-only
and says where the title is changed; the draft editor changes it, and the register keeps the one in force."""

from django.urls import reverse
from playwright.sync_api import expect

from processes.documents.models import Document
from tests.processes.documents.helpers import effective_revision, make_document, make_draft


def test_coordinator_renames_a_document_through_its_next_issue(world, page, browser_login, screenshot):
    document = make_document(world)
    effective_revision(world, document)
    browser_login(world.coordinator)

    page.goto(page.base_url + reverse("processes:document_edit", kwargs={"pk": document.pk}))
    expect(page.get_by_label("Mã hiệu")).to_be_disabled()
    expect(page.get_by_label("Tên tài liệu")).to_be_disabled()
    expect(page.get_by_text("Đổi tên trong dự thảo lần ban hành mới")).to_be_visible()
    screenshot("signed-title-register-form")

    draft = make_draft(world, document)
    page.goto(page.base_url + reverse("processes:revision_edit", kwargs={"pk": draft.pk}))
    page.get_by_label("Tên tài liệu").fill("Cấp giấy phép xây dựng nhà ở riêng lẻ")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator("h1")).to_contain_text("Cấp giấy phép xây dựng nhà ở riêng lẻ")
    screenshot("signed-title-draft-editor", full_page=False)
    draft.refresh_from_db()
    assert draft.title == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    assert Document.objects.get(pk=document.pk).title == "Cấp giấy phép xây dựng"
