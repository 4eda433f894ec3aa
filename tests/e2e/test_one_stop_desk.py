"""The desk in a browser: the clerk chooses an effective procedure, sees the appointment before saving, ticks the
papers, receives the file; the file page shows the steps with due dates; the clerk takes and completes the first
step, and the urban department finds the file in My work. Screenshots at desktop and phone width."""

from pathlib import Path

import pytest

from cases.files.models import Case
from tests.cases.files.helpers import PAPERS, make_clerk, procedure

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/cases")


def test_clerk_receives_a_file_and_hands_it_on(world, page, browser_login):
    clerk = make_clerk(world)
    procedure(world)
    SHOTS.mkdir(exist_ok=True)
    browser_login(clerk)
    page.goto(f"{page.base_url}/mot-cua/tiep-nhan/")
    page.get_by_label("Thủ tục hành chính").select_option(label="1.009994 – Cấp giấy phép xây dựng")
    page.get_by_role("button", name="Chọn thủ tục").click()
    appointment = page.get_by_test_id("appointment").inner_text()
    assert appointment.strip()
    page.get_by_label("Họ tên người nộp / tên tổ chức").fill("Đặng Thị Hường")
    page.get_by_label("Điện thoại").fill("0912000111")
    for paper in PAPERS:
        page.get_by_label(paper).check()
    page.screenshot(path=str(SHOTS / "receive.png"), full_page=True)
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_url("**/mot-cua/ho-so/*/")
    case = Case.objects.get()
    assert page.get_by_test_id("case-code").inner_text() == case.code
    assert appointment.split()[-1] in page.get_by_test_id("case-appointment").inner_text()
    assert "Đặng Thị Hường" in page.get_by_test_id("applicant").inner_text()
    page.get_by_role("button", name="Nhận xử lý bước B1").click()
    page.get_by_role("button", name="Hoàn thành và chuyển").click()
    assert "Đã hoàn thành bước" in page.content()
    page.screenshot(path=str(SHOTS / "case_detail.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SHOTS / "case_detail_360.png"), full_page=True)
    page.goto(f"{page.base_url}/mot-cua/ho-so/?q=dang thi huong")
    assert case.code in page.get_by_test_id("case-register").inner_text()
    page.screenshot(path=str(SHOTS / "register_360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "register.png"), full_page=True)
    page.context.clear_cookies()
    browser_login(world.author)
    assert case.code in page.content()  # My work: the urban department's queue
    page.screenshot(path=str(SHOTS / "my_work_author.png"), full_page=True)
