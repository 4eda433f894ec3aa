"""Searching on the demo data in a browser at 1366×768: the register ranks the procedure first and says where
each result matched; a code typed without punctuation finds it; the NC register finds "giấy phép" typed
without diacritics. Screenshots: search-register*.png, search-nc-register.png."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from qms.core.models import User
from qms.core.scale.generate import PASSWORD as DEMO_PASSWORD


@pytest.fixture
def demo_coordinator(transactional_db):
    call_command("seed_demo", quiet=True)
    return User.objects.get(username="hk.thuky")


def _search(page, url, query):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{page.base_url}{url}")
    page.locator("#id_q").fill(query)
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_load_state()


def test_register_search_ranks_and_explains_its_results(demo_coordinator, page, browser_login, screenshot):
    browser_login(demo_coordinator, password=DEMO_PASSWORD)

    _search(page, reverse("processes:register"), "cap giay phep xay dung")

    rows = page.get_by_test_id("register").locator("tbody tr")
    expect(rows.first).to_contain_text("QT-05")
    expect(rows.first.locator("mark").first).to_have_text("Cấp giấy phép xây dựng")
    expect(rows.first.get_by_test_id("match-where")).to_contain_text("Tên tài liệu")
    expect(rows.nth(2).get_by_test_id("match-where")).to_contain_text("1. Mục đích")  # BM-05-01, by its body
    screenshot("search-register", full_page=False)

    _search(page, reverse("processes:register"), "qt05")

    expect(rows.first).to_contain_text("QT-05")
    expect(rows.first.locator("mark").first).to_have_text("QT-05")
    screenshot("search-register-code", full_page=False)


def test_nc_register_search_without_diacritics(demo_coordinator, page, browser_login, screenshot):
    browser_login(demo_coordinator, password=DEMO_PASSWORD)

    _search(page, reverse("audits:nc_list"), "giay phep")

    rows = page.get_by_test_id("nc-register").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("mark").first).to_have_text("giấy phép")
    # The second names the procedure only in its "document / process" field, which the list then shows.
    expect(rows.nth(1)).to_contain_text("Tài liệu / quá trình: QT-05 Cấp giấy phép xây dựng")
    expect(page.locator("#id_q")).to_have_value("giay phep")
    screenshot("search-nc-register", full_page=False)
