"""The one-stop figures in a real browser: the coordinator opens them from the register, reads the month's figures
and chart, follows the late figure to exactly those files; on a 360 px phone the page does not scroll sideways."""

from pathlib import Path

from playwright.sync_api import expect

from tests.cases.figures.helpers import finished, local, received
from tests.cases.files.helpers import procedure

SHOTS = Path("/tmp/figures")


def test_coordinator_reads_the_figures_and_follows_the_late_ones(world, page, browser_login):
    SHOTS.mkdir(exist_ok=True)
    revision = procedure(world)
    finished(world, local(2026, 3, 2, 8), local(2026, 3, 20, 16), revision)
    late = finished(world, local(2026, 3, 2, 8), local(2026, 3, 24, 9), revision)
    finished(world, local(2026, 4, 6, 8), local(2026, 4, 10, 9), revision)
    received(world, local(2026, 11, 20, 9), revision)
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}/mot-cua/ho-so/")
    page.get_by_role("link", name="Số liệu theo tháng").click()
    expect(page.get_by_role("heading", name="Số liệu hồ sơ một cửa")).to_be_visible()
    months = page.get_by_test_id("figures-months")
    march = months.locator("tr", has_text="03/2026")
    expect(march.locator("td").nth(4)).to_have_text("1")  # late
    expect(page.get_by_test_id("figures-total")).to_contain_text("66,7 %")
    page.screenshot(path=str(SHOTS / "figures-desktop.png"), full_page=True)
    march.locator("td").nth(4).get_by_role("link").click()
    page.wait_for_url("**/mot-cua/ho-so/?*outcome=late*")
    expect(page.get_by_text(late.code)).to_be_visible()
    assert page.locator("tbody tr").count() == 1

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base_url}/mot-cua/so-lieu/")
    page.screenshot(path=str(SHOTS / "figures-phone.png"), full_page=True)
    wide = page.evaluate("""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >
        window.innerWidth + 1 && !e.closest('[tabindex="0"]')).slice(0, 5).map(e => e.tagName + '.' + e.className)""")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), wide
