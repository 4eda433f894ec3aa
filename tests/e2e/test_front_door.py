"""The citizens' front door in a real browser (issue 14): a citizen opens "/", picks an agency, finds a procedure
typed without diacritics, downloads its PDF, checks a printed copy's code and reaches the feedback form; and on a
360×740 phone none of the public pages scrolls sideways."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from processes.copies.models import Copy, MasterPDF
from tests.e2e.conftest import SCREENSHOTS
from tests.matrix.pdf import attach_master
from tests.processes.documents.helpers import effective_revision, make_document

SHOTS = Path("/tmp/front-door")

TITLES = [
    ("QT-05", "Cấp giấy phép xây dựng đối với công trình, nhà ở riêng lẻ trên địa bàn quận"),
    ("QT-06", "Đăng ký khai sinh, khai sinh có yếu tố nước ngoài và cấp bản sao trích lục hộ tịch"),
    ("QT-TTHC-LIENTHONG-07", "Liên thông các thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú"),
]


@pytest.fixture
def front_door(world):
    world.agency.address = "126 Hàng Trống, phường Hàng Trống, quận Hoàn Kiếm, thành phố Hà Nội"
    world.agency.parent_name = "UBND THÀNH PHỐ HÀ NỘI"
    world.agency.save()
    revisions = []
    for code, title in TITLES:
        revision = effective_revision(world, make_document(world, code=code, title=title, is_public=True))
        if not MasterPDF.objects.filter(revision=revision).exists():  # rendered on approval when tasks run at once
            attach_master(revision)
        revisions.append(revision)
    return revisions


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    SHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    shutil.copy(path, SHOTS / path.name)


def test_citizen_finds_a_procedure_downloads_it_and_checks_the_copy(world, front_door, page):
    base = page.base_url
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Công khai thủ tục, quy trình của các cơ quan")).to_be_visible()
    expect(page.get_by_role("link", name="Đăng nhập").first).to_be_visible()
    _shot(page, "front-door-desktop-home")

    page.get_by_role("link", name="UBND Quận Thử Nghiệm").click()
    expect(page.get_by_test_id("agency-address")).to_contain_text("126 Hàng Trống")
    expect(page.get_by_test_id("procedure")).to_have_count(3)
    _shot(page, "front-door-desktop-agency")

    page.get_by_label("Tìm kiếm").fill("giay phep xay dung")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_test_id("procedure")).to_have_count(1)
    with page.expect_download() as download_info:
        page.get_by_test_id("procedure-pdf").click()
    assert download_info.value.suggested_filename.endswith("_ban-khong-kiem-soat.pdf")
    public_copy = Copy.objects.get(revision=front_door[0], is_public=True)

    page.get_by_label("Nhập mã xác minh").fill(public_copy.code.lower())
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    expect(page.get_by_test_id("verify-agency")).to_contain_text("UBND Quận Thử Nghiệm")
    expect(page.get_by_test_id("verify-agency")).to_contain_text("126 Hàng Trống")
    expect(page.get_by_test_id("verify-status")).to_contain_text("ĐANG CÒN HIỆU LỰC")
    _shot(page, "front-door-desktop-verify")

    page.get_by_test_id("verify-agency-page").click()
    page.get_by_test_id("feedback-link").click()
    expect(page.get_by_role("heading", name="Phản ánh, kiến nghị về thủ tục hành chính")).to_be_visible()


def test_public_pages_fit_a_360_px_phone(world, front_door, browser, live_server, settings):
    settings.SITE_URL = live_server.url
    code = Copy.objects.create(revision=front_door[0], agency=world.agency, kind=Copy.Kind.UNCONTROLLED,
                               code="K7QM4XPA2R", is_public=True).code
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    pages = {
        "home": "/",
        "agency": f"/co-quan/{world.agency.code}/",
        "agency-search": f"/co-quan/{world.agency.code}/?q=" + "khai+sinh+" * 3,
        "verify": f"/tai-lieu/xac-minh/{code}/",
        "feedback": f"/danh-gia/phan-anh/gui/{world.agency.code}/",
        "unknown-agency": "/co-quan/khong-co-co-quan-nay/",
    }
    too_wide = {}
    try:
        for name, path in pages.items():
            page.goto(live_server.url + path)
            widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                too_wide[name] = widths
            _shot(page, f"front-door-phone-{name}")
    finally:
        context.close()
    assert not too_wide, f"pages wider than the phone (scrollWidth, innerWidth): {too_wide}"
