"""My work shows each notification in the reader's language (issue 14, item 3).

A coordinator working in Vietnamese submits a draft to two reviewers; the one who chose English reads "Review
document …" on My work, the other "Xem xét tài liệu …", from the same kind of stored row (key + parameters).
"""

from playwright.sync_api import expect

from processes.documents import services
from tests.processes.documents.helpers import make_document, make_draft

def test_each_reviewer_reads_the_review_request_in_their_language(world, page, browser_login, screenshot):
    world.auditor.language = "en"
    world.auditor.save()
    revision = make_draft(world, make_document(world, code="QT-07", title="Tiếp nhận hồ sơ một cửa"))
    services.revision_submit(revision=revision, user=world.coordinator, reviewers=[world.reviewer, world.auditor],
                             approver=world.head)

    browser_login(world.auditor)
    notifications = page.locator("section[aria-labelledby='notif-h']")
    expect(notifications.get_by_role("link", name="Review document QT-07 – issue 01: Tiếp nhận hồ sơ một cửa")
           ).to_be_visible()
    expect(notifications).not_to_contain_text("Xem xét tài liệu")
    screenshot("notifications-my-work-en")

    page.context.clear_cookies()
    browser_login(world.reviewer)
    expect(page.locator("section[aria-labelledby='notif-h']").get_by_role(
        "link", name="Xem xét tài liệu QT-07 – Lần ban hành 01: Tiếp nhận hồ sơ một cửa")).to_be_visible()
