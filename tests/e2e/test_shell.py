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
