"""The coordinator makes the yearly report, writes its text and sends it; the page then offers no edit
(screenshots under /tmp/q-reports)."""

from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from tests.quality.dashboards.test_links import build_mixed

SHOTS = Path("/tmp/q-reports")


def test_coordinator_makes_edits_and_sends_the_yearly_report(world, page, browser_login):
    SHOTS.mkdir(exist_ok=True)
    build_mixed(world)
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}/chat-luong/bao-cao-nam/")
    page.get_by_role("button", name="Lập báo cáo").click()
    year = timezone.localdate().year
    expect(page.get_by_role("heading", name=f"Báo cáo áp dụng HTQLCL năm {year}")).to_be_visible()
    page.get_by_role("link", name="Sửa nội dung").click()
    page.get_by_label("Kết quả áp dụng HTQLCL").fill("Duy trì HTQLCL; số hóa hồ sơ tại Bộ phận một cửa.")
    page.get_by_role("button", name="Lưu").click()
    page.screenshot(path=str(SHOTS / "report-draft-desktop.png"), full_page=True)
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")
    expect(page.get_by_role("link", name="Sửa nội dung")).to_have_count(0)
    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.screenshot(path=str(SHOTS / "report-sent-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
