"""Late files in a browser: the coordinator's list of late files opens an NC in one click; the apology form issues
a slip with a new date signed by the head, and the file page shows it. Screenshots at desktop and phone width
under /tmp/late/."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from cases.files import services as files
from cases.files.models import ApologySlip, Case
from tests.cases.files.helpers import intake, make_clerk, procedure
from tests.cases.late.helpers import next_working_morning

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/late")


def test_coordinator_opens_an_nc_for_a_late_file_and_issues_an_apology(world, page, browser_login):
    SHOTS.mkdir(exist_ok=True)
    clerk = make_clerk(world)
    revision = procedure(world)
    late = files.case_receive(user=clerk, intake=intake(world, revision, applicant_name="Lê Văn Trễ"),
                              now=timezone.now() - datetime.timedelta(days=40))
    files.case_receive(user=clerk, intake=intake(world, revision, applicant_name="Phan Thị Muộn"),
                       now=timezone.now() - datetime.timedelta(days=35))
    on_time = files.case_receive(user=clerk, intake=intake(world, revision))
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}/mot-cua/tre-han/")
    table = page.get_by_test_id("late-list")
    assert late.code in table.inner_text() and on_time.code not in table.inner_text()
    page.screenshot(path=str(SHOTS / "late_list.png"), full_page=True)
    page.get_by_role("button", name=f"Mở phiếu không phù hợp cho hồ sơ {late.code}").click()
    page.wait_for_url("**/mot-cua/tre-han/")
    late.refresh_from_db()
    assert late.nc is not None and late.nc.reference in page.get_by_test_id("late-list").inner_text()
    page.screenshot(path=str(SHOTS / "late_list_after_nc.png"), full_page=True)

    page.goto(f"{page.base_url}{on_time.get_absolute_url()}")
    page.get_by_role("link", name="Lập phiếu xin lỗi và hẹn lại").click()
    moment = next_working_morning(on_time)
    page.get_by_label("Ngày hẹn lại trả kết quả").fill(moment.date().isoformat())
    page.get_by_label("Giờ hẹn lại").fill("09:00")
    page.get_by_label("Lý do chậm trễ").fill("Chờ ý kiến thẩm định của Sở Xây dựng về hồ sơ thiết kế")
    page.get_by_label("Lãnh đạo ký phiếu").select_option(label=world.head.display_name)
    page.screenshot(path=str(SHOTS / "apology_form.png"), full_page=True)
    page.get_by_role("button", name="Lập phiếu xin lỗi và hẹn lại").click()
    page.wait_for_url(f"**{on_time.get_absolute_url()}")
    assert "Chờ ý kiến thẩm định" in page.get_by_test_id("apology-list").inner_text()
    assert ApologySlip.objects.get().case_id == on_time.pk
    assert Case.objects.get(pk=on_time.pk).new_appointment_at == moment
    page.screenshot(path=str(SHOTS / "case_with_apology.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{page.base_url}/mot-cua/tre-han/")
    page.screenshot(path=str(SHOTS / "late_list_360.png"), full_page=True)
    page.goto(f"{page.base_url}/mot-cua/ho-so/{late.pk}/xin-loi-hen-lai/")
    assert page.get_by_test_id("apology-too-late").is_visible()
    page.screenshot(path=str(SHOTS / "apology_too_late_360.png"), full_page=True)
