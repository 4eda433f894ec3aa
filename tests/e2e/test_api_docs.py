"""The API's documentation page (/api/v1/docs/) in Chromium: Swagger UI served from the installed package (no
request leaves the app), under the site's Content Security Policy with no violation, listing every operation;
and the token page makes a token the browser shows once."""

import re

import pytest

from api.v1.api import api

pytestmark = pytest.mark.e2e


def test_docs_page_renders_every_operation_with_no_csp_violation(page, screenshot, world):
    violations, outside = [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(page.base_url) and
            not r.url.startswith("data:") else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.log('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    response = page.goto(f"{page.base_url}/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock", timeout=20000)
    operations = len(api.get_openapi_schema(path_prefix="/api/v1")["paths"])
    assert page.locator(".opblock").count() >= operations
    assert page.get_by_text("QMS API").first.is_visible()
    screenshot("api-docs")
    assert not violations, violations
    assert not outside, outside


def test_token_page_shows_a_new_token_once(page, browser_login, world, screenshot):
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}/api/ma-truy-cap/")
    page.get_by_label("Tên gợi nhớ").fill("Phần mềm một cửa")
    page.get_by_label("Đọc tài liệu, tải bản sao").check()
    page.get_by_role("button", name="Tạo mã").click()
    raw = page.get_by_test_id("new-token").input_value()
    assert re.fullmatch(r"qms_[a-z2-7]{8}_[A-Za-z0-9_-]{43}", raw)
    screenshot("api-token-created")
    page.goto(f"{page.base_url}/api/ma-truy-cap/")
    assert raw not in page.content() and raw[:13] in page.content()
