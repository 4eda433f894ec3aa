"""A holder asked to return a controlled copy opens what they are asked to act on (issue 13, item 1).

The one-stop clerk holds copy 02 of issue 01 of QT-05. Issue 02 becomes effective: the clerk logs in, opens the
"return your copy" notification and lands on the recall page (copy, issue, replacement, how to return it, the
superseded content stamped "HẾT HIỆU LỰC"), never on a 404; the replacement link opens the current issue.
Screenshots of the recall page and My work at a laptop's and a phone's size.
"""

from playwright.sync_api import expect

from processes.copies.models import Copy
from processes.documents.models import DistributionEntry, Revision
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit

SIZES = {"1366": {"width": 1366, "height": 768}, "390": {"width": 390, "height": 844}}


def test_holder_of_copy_02_opens_the_recall_notification_and_finds_the_replacement(world, page, browser_login,
                                                                                   screenshot):
    document = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    DistributionEntry.objects.create(document=document, agency=world.agency, department=world.departments["urban"])
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    old = effective_revision(world, document, purpose="Giải quyết hồ sơ trong 20 ngày làm việc.")
    assert Copy.objects.get(revision=old, number=2).holder == world.staff
    new = make_draft(world, document, purpose="Giải quyết hồ sơ trong 15 ngày làm việc.")
    submit(world, new, summary="Rút ngắn thời gian giải quyết")
    approve(world, new)
    assert Revision.objects.get(pk=new.pk).status == Revision.Status.EFFECTIVE

    browser_login(world.staff)
    notifications = page.locator("section[aria-labelledby='notif-h']")
    recall_link = notifications.get_by_role("link", name="Nộp lại Bản kiểm soát số 02")
    expect(recall_link).to_be_visible()
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        screenshot(f"recall-my-work-{name}")
    page.set_viewport_size(SIZES["1366"])

    with page.expect_response(lambda r: r.url.endswith("/nop-lai/")) as arrival:
        recall_link.click()
    assert arrival.value.status == 200  # through /thong-bao/<pk>/ to the recall page, no 404

    expect(page.get_by_role("heading", level=1)).to_have_text("Nộp lại bản kiểm soát số 02")
    expect(page.get_by_test_id("recall-status")).to_contain_text("Cần nộp lại")
    expect(page.get_by_test_id("recall-copy")).to_contain_text(world.staff.display_name)
    expect(page.get_by_test_id("recall-how")).to_contain_text(world.coordinator.display_name)
    reference = page.get_by_test_id("obsolete-reference")
    expect(reference).to_contain_text("HẾT HIỆU LỰC")
    expect(reference).to_contain_text("Giải quyết hồ sơ trong 20 ngày làm việc.")
    expect(page.locator("body")).not_to_contain_text("Không tìm thấy trang")
    for name, size in SIZES.items():
        page.set_viewport_size(size)
        screenshot(f"recall-page-{name}")
    page.set_viewport_size(SIZES["1366"])

    page.get_by_test_id("recall-replacement").get_by_role("link", name="QT-05 – lần ban hành 02 (hiện hành)").click()
    expect(page.get_by_test_id("issue")).to_have_text("02")
    expect(page.locator("body")).to_contain_text("Giải quyết hồ sơ trong 15 ngày làm việc.")
