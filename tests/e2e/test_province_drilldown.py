"""The oversight officer opens one agency from the provincial overview (MR-4): figures only, no link into the
agency's lists; on a 360 px phone the page does not scroll sideways."""

from pathlib import Path

from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.quality.dashboards.test_links import build_mixed

SHOTS = Path("/tmp/q-reports")


def test_oversight_drills_down_from_the_overview(world, page, browser_login):
    SHOTS.mkdir(exist_ok=True)
    build_mixed(world)
    page.goto(f"{page.base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(world.people["oversight"].username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/tong-quan-tinh/")
    page.screenshot(path=str(SHOTS / "overview-desktop.png"), full_page=True)
    page.get_by_role("link", name=world.agency.name).click()
    expect(page.get_by_role("heading", name=world.agency.name)).to_be_visible()
    page.screenshot(path=str(SHOTS / "drilldown-desktop.png"), full_page=True)
    main_links = page.locator("main a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert main_links == ["/tong-quan-tinh/"], main_links  # only back to the overview: nothing of the agency's

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    page.screenshot(path=str(SHOTS / "drilldown-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
