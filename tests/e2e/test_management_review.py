"""The management review seen in a browser: the coordinator holds the meeting (inputs frozen, charts drawn with
their tables), adds a decision without owner and is told why, then with one; the head approves with the
password. Screenshots of the page go to /tmp/q-review/ for a person to look at."""

import datetime
from pathlib import Path

import pytest

from tests.audits.capa.helpers import open_nc
from tests.quality.review.helpers import draft_review

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/q-review")


def test_coordinator_holds_and_adds_decisions_head_approves(world, page, browser_login):
    SHOTS.mkdir(exist_ok=True)
    today = datetime.date.today()
    for day in (1, 5, 9):
        open_nc(world, detected_on=today - datetime.timedelta(days=day), clause="7.5.1")
    review = draft_review(world, held_on=today, start=today - datetime.timedelta(days=60), end=today)
    browser_login(world.coordinator)
    page.goto(page.base_url + review.get_absolute_url())
    page.get_by_role("button", name="Đã họp: chốt đầu vào").click()
    page.get_by_text("đầu vào của kỳ xem xét đã được chốt").wait_for()
    assert page.locator("svg").count() >= 1  # a chart drawn inline (CSP: no script, no inline style needed)
    page.get_by_role("link", name="Thêm quyết định").first.click()
    page.get_by_label("Nội dung quyết định").fill("Giảm thời gian giải quyết hồ sơ xuống 12 ngày")
    page.get_by_label("Hạn hoàn thành").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Quyết định cần có người thực hiện: chọn một cán bộ của cơ quan.").first.wait_for()
    page.get_by_label("Người thực hiện").select_option(str(world.reviewer.pk))
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã thêm quyết định và báo cho người thực hiện.").wait_for()
    page.screenshot(path=str(SHOTS / "review-held.png"), full_page=True)

    page.context.clear_cookies()
    browser_login(world.head)
    page.goto(page.base_url + review.get_absolute_url())
    page.get_by_role("link", name="Phê duyệt biên bản").click()
    page.get_by_label("Mật khẩu của anh/chị").fill("sai-mat-khau")
    page.get_by_role("button", name="Ký phê duyệt").click()
    page.get_by_text("Mật khẩu không đúng. Biên bản chưa được phê duyệt.", exact=True).wait_for()
    from tests.factories import PASSWORD

    page.get_by_label("Mật khẩu của anh/chị").fill(PASSWORD)
    page.get_by_role("button", name="Ký phê duyệt").click()
    page.get_by_text("Đã phê duyệt biên bản.").wait_for()
    assert page.get_by_test_id("review-status").inner_text() == "Đã phê duyệt biên bản"
    page.screenshot(path=str(SHOTS / "review-approved.png"), full_page=True)
