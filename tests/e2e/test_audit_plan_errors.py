"""The ISO coordinator plans an audit and gets two things wrong (issue 13, item 10).

The plan form is long (scope lists, criteria, auditees, team): its errors are listed at the top, each
linking to its field, and the several-choice lists are checkbox lists (no Ctrl-click) with a filter
box when long. Screenshots of the refused form on a desktop (1366×768) and a phone (390×844).
"""

import re

from playwright.sync_api import expect

from audits.internal.models import Audit
from qms.core.models import Role
from tests.audits.internal.helpers import YEAR, document, programme
from tests.factories import make_user

PROCESSES = [
    ("QT-01", "Tiếp nhận hồ sơ"), ("QT-02", "Cấp bản sao từ sổ gốc"), ("QT-03", "Chứng thực chữ ký"),
    ("QT-04", "Đăng ký khai sinh"), ("QT-05", "Cấp giấy phép xây dựng"), ("QT-06", "Đăng ký kết hôn"),
    ("QT-07", "Cấp giấy chứng nhận quyền sử dụng đất"), ("QT-08", "Giải quyết khiếu nại"),
    ("QT-09", "Kiểm soát tài liệu"), ("QT-10", "Đánh giá nội bộ"),
]


def _long_lists(world):
    desk = world.departments["desk"]
    for code, title in PROCESSES:
        document(world, code=code, title=title, department=desk)
    for n, name in enumerate(["Đặng Văn Một", "Bùi Thị Hai", "Ngô Văn Ba", "Dương Thị Bốn"], start=1):
        make_user(world.agency, [Role.STAFF], desk, username=f"mc{n}", full_name=name)


def _fill_plan(page, *, title, start, end):
    page.get_by_label("Tên cuộc đánh giá").fill(title)
    page.get_by_label("Tháng dự kiến").select_option(label="Tháng 3")
    page.get_by_label("Ngày bắt đầu").fill(start)
    page.get_by_label("Ngày kết thúc").fill(end)


def test_coordinator_sees_every_error_at_the_top_and_picks_several_without_ctrl(world, page, browser_login, screenshot):
    _long_lists(world)
    p = programme(world)
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}/danh-gia/chuong-trinh/{p.pk}/")
    page.get_by_role("link", name="Thêm cuộc đánh giá").click()

    # No <select multiple> on the page: several choices are checkboxes, picked with plain clicks.
    expect(page.locator("select[multiple]")).to_have_count(0)
    _fill_plan(page, title="", start=f"{YEAR}-03-12", end=f"{YEAR}-03-10")  # no title; ends before it starts
    page.get_by_role("group", name="Phạm vi: phòng / bộ phận").get_by_label("Bộ phận một cửa").check()
    criteria = page.get_by_role("group", name="Chuẩn mực: tài liệu của cơ quan")
    # The long list has a filter box: typed without diacritics, it finds "Cấp giấy phép xây dựng".
    criteria.get_by_label("Lọc danh sách").fill("giay phep xay dung")
    expect(criteria.get_by_role("checkbox", name=re.compile("QT-07"))).to_be_hidden()
    criteria.get_by_role("checkbox", name=re.compile("QT-05")).check()
    criteria.get_by_label("Lọc danh sách").fill("")
    criteria.get_by_role("checkbox", name=re.compile("QT-09")).check()
    expect(criteria).to_contain_text("Đã chọn 2")
    auditees = page.get_by_role("group", name="Bên được đánh giá")
    auditees.get_by_role("checkbox", name=re.compile("Hoàng Văn Cán Bộ")).check()
    auditees.get_by_role("checkbox", name=re.compile("Bùi Thị Hai")).check()
    page.get_by_role("button", name="Lưu").click()

    # Refused: the summary is at the top, in view, has the focus, and names both problems.
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Cần sửa 2 lỗi trước khi tiếp tục")
    expect(summary.get_by_role("link")).to_have_count(2)
    assert summary.bounding_box()["y"] < 768
    page.set_viewport_size({"width": 1366, "height": 768})
    screenshot("audit-plan-errors-1366", full_page=False)
    screenshot("audit-plan-errors-1366-full")
    page.set_viewport_size({"width": 390, "height": 844})
    summary.scroll_into_view_if_needed()
    screenshot("audit-plan-errors-390", full_page=False)
    screenshot("audit-plan-errors-390-full")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 768})

    # Each link takes the coordinator to the field; what was chosen is still chosen.
    summary.get_by_role("link", name=re.compile("Ngày kết thúc")).click()
    expect(page.get_by_label("Ngày kết thúc")).to_be_focused()
    page.get_by_label("Ngày kết thúc").fill(f"{YEAR}-03-13")
    summary.get_by_role("link", name=re.compile("Tên cuộc đánh giá")).click()
    expect(page.get_by_label("Tên cuộc đánh giá")).to_be_focused()
    page.keyboard.type("Đánh giá Bộ phận một cửa quý I")
    expect(criteria.get_by_role("checkbox", name=re.compile("QT-05"))).to_be_checked()
    expect(criteria.get_by_role("checkbox", name=re.compile("QT-09"))).to_be_checked()
    expect(auditees.get_by_role("checkbox", name=re.compile("Bùi Thị Hai"))).to_be_checked()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(re.compile(r"Đã lập kế hoạch cuộc đánh giá DG-"))).to_be_visible()

    audit = Audit.objects.get()
    assert audit.title == "Đánh giá Bộ phận một cửa quý I"
    assert sorted(audit.criteria_documents.values_list("code", flat=True)) == ["QT-05", "QT-09"]
    assert sorted(audit.auditees.values_list("username", flat=True)) == ["mc2", "staff"]
