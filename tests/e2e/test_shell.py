import re

from playwright.sync_api import expect


def test_coordinator_logs_in_switches_language_and_sees_my_work(world, page, browser_login, screenshot):
    browser_login(world.coordinator)
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    expect(page.get_by_test_id("my-work-empty")).to_contain_text("Không có việc nào đang chờ bạn")
    expect(page.locator("header")).to_contain_text(world.agency.name)
    screenshot("shell-my-work-vi")

    page.get_by_role("button", name=re.compile("EN")).click()
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot("shell-my-work-en")

    # The choice is the user's: it survives a new login in a fresh browser context.
    world.coordinator.refresh_from_db()
    assert world.coordinator.language == "en"


def test_staff_on_a_phone_opens_the_menu(world, page, browser_login, screenshot):
    page.set_viewport_size({"width": 390, "height": 800})
    browser_login(world.staff)
    menu_link = page.locator("#main-nav").get_by_role("link", name="Việc của tôi")
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(menu_link).to_be_visible()
    screenshot("shell-phone-menu")
    # Nothing wider than the phone's screen (no sideways scrolling).
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
