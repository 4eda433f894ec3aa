"""Journey 1: the ISO coordinator publishes revision 03 of QT-05 (spec.md, journeys)."""

import re

from playwright.sync_api import expect

from processes.documents.models import Acknowledgement, DistributionEntry, Revision
from processes.documents.services import activate_due_revisions
from tests.factories import PASSWORD
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit, tomorrow


def _qt05_at_issue_02(world):
    document = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    effective_revision(world, document)
    second = make_draft(world, document)
    submit(world, second, summary="Rút ngắn thời gian")
    approve(world, second)
    DistributionEntry.objects.create(document=document, agency=world.agency, department=world.departments["desk"])
    return document


def test_coordinator_publishes_revision_03(world, page, browser_login, screenshot):
    document = _qt05_at_issue_02(world)
    browser_login(world.coordinator)

    # Open QT-05 from the register and start revision 03 from the effective 02.
    page.goto(f"{page.base_url}/tai-lieu/")
    page.get_by_role("link", name="Cấp giấy phép xây dựng").click()
    expect(page.get_by_test_id("current-status")).to_contain_text("Lần ban hành 02")
    page.get_by_role("button", name="Soạn lần ban hành mới").click()
    expect(page.get_by_role("heading", name=re.compile("lần ban hành 03"))).to_be_visible()

    # The content was copied; edit the step table without reloading: change a time, add a row, move it up.
    step_inputs = page.locator('input[name="steps__time"]')
    expect(step_inputs).to_have_count(3)
    step_inputs.nth(1).fill("8 ngày")
    page.get_by_role("button", name="+ Thêm bước").click()
    expect(step_inputs).to_have_count(4)
    page.locator('input[name="steps__step"]').nth(3).fill("B4")
    page.locator('textarea[name="steps__description"]').nth(3).fill("Trả kết quả cho công dân")
    step_inputs.nth(3).fill("2 ngày")
    page.locator('table[data-rows="steps"] tbody tr').nth(2).get_by_role("button", name="Xóa dòng").click()
    expect(step_inputs).to_have_count(3)
    page.get_by_label("Nội dung sửa đổi so với lần trước").fill("Rút ngắn thẩm định còn 8 ngày; bổ sung bước trả kết quả.")
    screenshot("journey1-editor")
    page.get_by_role("button", name="Lưu và trình xem xét").click()

    # Submit: reviewer and approver named.
    expect(page.get_by_role("heading", name=re.compile("Trình xem xét"))).to_be_visible()
    page.get_by_label(re.compile(world.reviewer.full_name)).check()
    page.get_by_label("Người phê duyệt").select_option(label=f"{world.head.full_name} – {world.head.title}")
    page.get_by_role("button", name="Trình", exact=True).click()
    expect(page.locator(".message-success")).to_contain_text("Đã trình xem xét")
    draft = Revision.objects.get(document=document, issue_number=3)
    assert draft.status == Revision.Status.IN_REVIEW
    assert [s["time"] for s in draft.steps] == ["0,5 ngày", "8 ngày", "2 ngày"]

    # The reviewer signs with their password (a wrong one first).
    page.context.clear_cookies()
    browser_login(world.reviewer)
    page.get_by_role("link", name=re.compile("Cấp giấy phép xây dựng")).first.click()
    page.get_by_role("link", name="Ký xem xét").click()
    page.get_by_label("Nhập lại mật khẩu để ký").fill("sai-mat-khau")
    page.get_by_role("button", name="Ký xem xét").click()
    expect(page.locator("ul.errorlist")).to_contain_text("Mật khẩu không đúng")
    page.get_by_label("Nhập lại mật khẩu để ký").fill(PASSWORD)
    page.get_by_role("button", name="Ký xem xét").click()
    expect(page.get_by_test_id("review-signatures")).to_contain_text(world.reviewer.full_name)

    # The approver signs, with tomorrow as the effective date.
    page.context.clear_cookies()
    browser_login(world.head)
    page.get_by_role("link", name=re.compile("Cấp giấy phép xây dựng")).first.click()
    page.get_by_role("link", name="Ký phê duyệt").click()
    page.get_by_label("Ngày hiệu lực").fill(tomorrow().isoformat())
    page.get_by_label("Nhập lại mật khẩu để ký").fill(PASSWORD)
    page.get_by_role("button", name="Ký phê duyệt").click()
    expect(page.locator(".message-success")).to_contain_text("Đã phê duyệt")
    expect(page.get_by_test_id("approve-signatures")).to_contain_text(world.head.full_name)
    screenshot("journey1-approved")
    draft.refresh_from_db()
    assert draft.status == Revision.Status.APPROVED

    # On the effective date the scheduled job switches issues, atomically, with nobody acting.
    activate_due_revisions(tomorrow())
    statuses = dict(document.revisions.values_list("issue_number", "status"))
    assert statuses == {1: "superseded", 2: "superseded", 3: "effective"}
    assert Acknowledgement.objects.filter(revision=draft, user=world.staff, acknowledged_at__isnull=True).exists()

    # Distribution-list staff are asked to read and acknowledge 03.
    page.context.clear_cookies()
    browser_login(world.staff)
    expect(page.get_by_text("Tài liệu cần đọc và xác nhận")).to_be_visible()
    page.get_by_role("link", name=re.compile("Cấp giấy phép xây dựng")).first.click()
    expect(page.get_by_test_id("issue")).to_have_text("03")
    screenshot("journey1-staff-asked")
