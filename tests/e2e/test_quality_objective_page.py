"""The objective page in a browser: chart with its data table, a manual value typed with a decimal comma,
a missed target turned into an NC; desktop and a 360 px phone without sideways scrolling."""

import datetime
from decimal import Decimal
from pathlib import Path

from audits.capa.models import Nonconformity
from quality.objectives import services as svc
from quality.objectives.models import Measurement

SHOTS = Path("/tmp/q-objectives")


def test_coordinator_records_a_value_sees_the_chart_and_opens_an_nc(world, page, browser_login, browser, live_server):
    objective = svc.objective_save(
        agency=world.agency, user=world.coordinator, year=datetime.date.today().year, code="MT-01",
        title="Giải quyết hồ sơ thủ tục hành chính đúng hạn", department=world.departments["desk"],
        indicator="Tỷ lệ hồ sơ trả kết quả đúng hạn", unit="%", target=Decimal("95"), direction="at_least",
        frequency="monthly", method="manual", answer_days=15,
    )
    periods = objective.periods()
    for (start, _end), value in zip(periods[:3], ["97,2", "96,5", "95,8"]):
        svc.measurement_record(objective=objective, user=world.coordinator, period_start=start, value=value, note="Sổ theo dõi")
    browser_login(world.coordinator)
    page.goto(f"{page.base_url}{objective.get_absolute_url()}")
    page.get_by_label("Kỳ đo").select_option(periods[3][0].isoformat())
    page.get_by_label("Giá trị").fill("93,5")
    page.get_by_label("Nguồn số liệu hoặc lý do").fill("Báo cáo tháng của bộ phận một cửa")
    page.get_by_role("button", name="Ghi kết quả").click()
    page.wait_for_load_state()
    assert Measurement.objects.get(period_start=periods[3][0]).value == Decimal("93.5")
    figure = page.locator("figure.chart")
    assert figure.locator("svg").count() == 1
    assert "93,5" in figure.locator("table").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "objective-desktop.png"), full_page=True)

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    mobile.goto(f"{page.base_url}{objective.get_absolute_url()}")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 360
    mobile.screenshot(path=str(SHOTS / "objective-phone.png"), full_page=True)
    phone.close()

    page.get_by_role("button", name="Mở sự không phù hợp").click()
    page.wait_for_url("**/khong-phu-hop/**")
    nc = Nonconformity.objects.get()
    assert nc.source == "quality_objective" and objective.title in nc.description
    page.goto(f"{page.base_url}/chat-luong/muc-tieu/")
    page.screenshot(path=str(SHOTS / "objective-list.png"), full_page=True)
    assert page.get_by_text("Không đạt chỉ tiêu").count() == 1
