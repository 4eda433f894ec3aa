"""Issue 13, item 13, as the people act: the reviewer comments on a section and returns the draft; the author reads
the comment beside that section, resolves it and resubmits; the reviewer reads the resolution, signs, and is no
longer offered "Trả lại"."""

import re
import shutil
from pathlib import Path

from playwright.sync_api import expect

from processes.documents.models import ReviewComment, Revision
from tests.factories import PASSWORD
from tests.processes.documents.helpers import make_document, make_draft, submit

SHOTS = Path("/tmp/ux-comments")


def _shot(screenshot, name):
    path = screenshot(name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def _open_revision(page, world, revision, title="Chứng thực bản sao"):
    """From My work (where the task is listed) to the revision page."""
    page.get_by_role("link", name=re.compile(title)).first.click()
    expect(page.get_by_test_id("issue")).to_have_text(revision.issue_label)


def test_reviewer_comments_author_resolves_reviewer_signs(world, page, browser_login, screenshot):
    document = make_document(world, code="QT-06", title="Chứng thực bản sao")
    revision = submit(world, make_draft(world, document, author=world.author, scope="Bộ phận một cửa."))

    # The reviewer opens the revision from My work and comments on section 2, beside it.
    browser_login(world.reviewer)
    _open_revision(page, world, revision)
    scope = page.locator("#section-scope")
    scope.get_by_text("Góp ý mục này").click()
    scope.get_by_label("Ý kiến về mục “2. Phạm vi áp dụng”").fill("Phạm vi cần nêu cả các phường.")
    scope.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.locator(".messages .message-success")).to_contain_text("Đã ghi ý kiến")
    expect(page.locator("#section-scope [data-testid=comment]")).to_contain_text("Phạm vi cần nêu cả các phường.")
    expect(page.get_by_test_id("comments-summary")).to_contain_text("Còn 1 ý kiến xem xét chưa giải quyết")

    # …and returns the draft, saying why.
    page.get_by_role("link", name="Trả lại", exact=True).click()
    page.get_by_label("Mục").select_option(label="2. Phạm vi áp dụng")
    page.get_by_label("Lý do trả lại").fill("Xem ý kiến ở mục 2.")
    page.get_by_role("button", name="Trả lại cho người soạn thảo").click()
    expect(page.locator(".messages .message-success")).to_contain_text("Đã trả lại dự thảo")
    _shot(screenshot, "review-comments-1-reviewer-returned")

    # The author sees both comments beside section 2 of the draft, in the editor too.
    page.context.clear_cookies()
    browser_login(world.author)
    expect(page.get_by_text(re.compile("Ý kiến mới về QT-06|bị trả lại")).first).to_be_visible()
    page.get_by_role("link", name=re.compile("bị trả lại")).first.click()
    expect(page.get_by_test_id("comments-summary")).to_contain_text("Còn 2 ý kiến xem xét chưa giải quyết")
    scope = page.locator("#section-scope")
    expect(scope.get_by_test_id("comment")).to_have_count(2)
    page.get_by_role("link", name="Soạn thảo", exact=True).click()
    expect(page.get_by_test_id("editor-comments-scope")).to_contain_text("Phạm vi cần nêu cả các phường.")
    page.get_by_label("2. Phạm vi áp dụng", exact=True).fill("Bộ phận một cửa và các phường.")
    _shot(screenshot, "review-comments-2-author-editor")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".messages .message-success")).to_contain_text("Đã lưu dự thảo")

    # Back on the revision page, the author resolves each comment beside its section.
    page.get_by_role("link", name="Xem bản trình bày").click()
    for text in ("Phạm vi cần nêu cả các phường.", "Xem ý kiến ở mục 2."):
        item = page.locator("#section-scope [data-testid=comment]", has_text=text)
        item.get_by_text("Giải quyết ý kiến").click()
        item.get_by_label("Đã giải quyết thế nào").fill("Đã bổ sung các phường vào phạm vi.")
        item.get_by_role("button", name="Đánh dấu đã giải quyết").click()
        expect(page.locator(".messages .message-success")).to_contain_text("Đã ghi cách giải quyết")
    expect(page.get_by_test_id("comments-summary")).to_contain_text("Đã giải quyết cả 2 ý kiến xem xét")
    _shot(screenshot, "review-comments-3-author-resolved")

    # …and resubmits to the same reviewer and approver.
    page.get_by_role("link", name="Trình xem xét").click()
    page.get_by_label(re.compile(world.reviewer.full_name)).check()
    page.get_by_label("Người phê duyệt").select_option(label=f"{world.head.full_name} – {world.head.title}")
    page.get_by_role("button", name="Trình", exact=True).click()
    expect(page.locator(".messages .message-success")).to_contain_text("Đã trình xem xét")

    # The reviewer reads the resolution beside section 2, then signs.
    page.context.clear_cookies()
    browser_login(world.reviewer)
    page.get_by_role("link", name=re.compile("đã được giải quyết")).first.click()
    resolved = page.locator("#section-scope [data-testid=comment]", has_text="Phạm vi cần nêu cả các phường.")
    expect(resolved.get_by_test_id("resolution")).to_contain_text("Đã bổ sung các phường vào phạm vi.")
    expect(resolved.get_by_test_id("resolution")).to_contain_text(world.author.display_name)
    expect(page.get_by_role("link", name="Trả lại", exact=True)).to_be_visible()  # not signed yet in this round
    _shot(screenshot, "review-comments-4-reviewer-reads-resolution")
    page.get_by_role("link", name="Ký xem xét").click()
    page.get_by_label("Nhập lại mật khẩu để ký").fill(PASSWORD)
    page.get_by_role("button", name="Ký xem xét").click()
    expect(page.get_by_test_id("review-signatures")).to_contain_text(world.reviewer.full_name)

    # Signed: "Trả lại" is no longer offered to the reviewer.
    expect(page.get_by_test_id("revision-actions").get_by_role("link", name="Trả lại", exact=True)).to_have_count(0)
    expect(page.get_by_test_id("revision-actions")).not_to_contain_text("Trả lại")
    _shot(screenshot, "review-comments-5-reviewer-signed")

    revision.refresh_from_db()
    assert revision.status == Revision.Status.IN_REVIEW and revision.review_round == 2
    assert ReviewComment.objects.filter(revision=revision).open().count() == 0
