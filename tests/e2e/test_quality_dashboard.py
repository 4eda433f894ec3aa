"""The quality dashboard in a real browser (MR-3): the coordinator picks a period, a bad one is refused beside its
field, a number opens its list; on a 360 px phone the page does not scroll sideways."""

from pathlib import Path

from playwright.sync_api import expect

from tests.quality.dashboards.test_links import build_mixed

SHOTS = Path("/tmp/q-dash")


def test_coordinator_reads_the_dashboard_and_follows_a_figure(world, page, browser_login):
    SHOTS.mkdir(exist_ok=True)
    build_mixed(world)
    browser_login(world.coordinator)
    page.get_by_role("link", name="Bảng điều khiển").click()
    expect(page.get_by_role("heading", name="Bảng điều khiển chất lượng")).to_be_visible()
    page.screenshot(path=str(SHOTS / "dashboard-desktop.png"), full_page=True)

    page.locator("#id_period").select_option("custom")
    page.get_by_label("Từ ngày").fill("01/05/2026")
    page.get_by_label("Đến ngày").fill("01/04/2026")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_text("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "dashboard-bad-period.png"), full_page=True)

    page.goto(f"{page.base_url}/chat-luong/bang-dieu-khien/")
    overdue = page.locator('[data-figure="overdue-actions"]')
    expect(overdue).to_have_text("1")
    overdue.click()
    page.wait_for_url("**/hanh-dong/?overdue=on")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base_url}/chat-luong/bang-dieu-khien/")
    page.screenshot(path=str(SHOTS / "dashboard-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
