"""Moving an agency to ISO 9001:2015 in a browser (issue 18): the coordinator switches the edition with a reason,
records the context, two interested parties and three risks, plans a quality objective (6.2.2: refused without
its plan, then saved with it, and counted by the transition view), makes the transition audit's checklist (its
clauses shown as 2015 clauses), and a nonconformity recorded under 2008 shows its 2015 equivalent. Screenshots go
to /tmp/iso2015/ for a person to look at."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from audits.capa.models import Nonconformity
from tests.audits.capa.helpers import open_nc

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/iso2015")


def test_agency_moves_to_2015(world, page, browser_login):
    SHOTS.mkdir(exist_ok=True)
    old = open_nc(world, clause="8.5.3")
    Nonconformity.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    today = timezone.localdate()
    browser_login(world.coordinator)

    page.goto(page.base_url + "/phien-ban-tieu-chuan/")
    page.locator("#id_edition").select_option("2015")
    page.locator("#id_since").fill(today.isoformat())
    page.locator("#id_reason").fill("Quyết định 45/QĐ-UBND áp dụng TCVN ISO 9001:2015")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Cơ quan áp dụng TCVN ISO 9001:2015 từ ngày").wait_for()
    page.screenshot(path=str(SHOTS / "edition.png"), full_page=True)

    page.goto(page.base_url + "/chat-luong/boi-canh/")
    page.get_by_text("Ghi vấn đề", exact=True).first.click()
    page.locator("#issue_kind").select_option("external")
    page.locator("#issue_description").fill("Yêu cầu giải quyết thủ tục hành chính trực tuyến toàn trình")
    page.get_by_role("button", name="Ghi vấn đề").click()
    page.get_by_text("Đã ghi vấn đề.").wait_for()
    for name, need in (("Người dân", "Hồ sơ được giải quyết đúng hạn"), ("Doanh nghiệp", "Thủ tục đơn giản, công khai")):
        page.get_by_text("Ghi bên quan tâm", exact=True).first.click()
        page.locator("#party_name").fill(name)
        page.locator("#party_requirements").fill(need)
        page.get_by_role("button", name="Ghi bên quan tâm").click()
        page.get_by_text("Đã ghi bên quan tâm.").wait_for()
    assert page.locator('[data-testid="interested-parties"] tbody tr').count() == 2
    page.screenshot(path=str(SHOTS / "context.png"), full_page=True)

    later = (today + datetime.timedelta(days=90)).isoformat()
    for text, likelihood, impact in (("Mất dữ liệu hồ sơ điện tử", "3", "5"), ("Quá tải bộ phận một cửa", "4", "3"),
                                     ("Cơ hội: liên thông dữ liệu dân cư", "3", "4")):
        page.goto(page.base_url + "/chat-luong/rui-ro/")
        page.get_by_text("Ghi rủi ro, cơ hội", exact=True).click()
        page.locator("#id_kind").select_option("opportunity" if text.startswith("Cơ hội") else "risk")
        page.locator("#id_description").fill(text)
        page.locator("#id_likelihood").select_option(likelihood)
        page.locator("#id_impact").select_option(impact)
        page.locator("#id_next_review_on").fill(later)
        page.get_by_role("button", name="Ghi vào sổ").click()
        page.get_by_text("Đã ghi vào sổ rủi ro, cơ hội.").wait_for()
    page.goto(page.base_url + "/chat-luong/rui-ro/")
    scores = page.locator('[data-testid="risk-list"] [data-testid="risk-score"]').all_inner_texts()
    assert sorted(scores) == ["12", "12", "15"]
    page.screenshot(path=str(SHOTS / "risks.png"), full_page=True)

    page.goto(page.base_url + "/chat-luong/chuyen-doi-2015/")
    plans = page.locator('[data-requirement="objective_plans"]')
    assert "3/5" in page.locator("h2").nth(0).inner_text() and "Chưa có" in plans.inner_text()

    # An objective of this year: on 2015 its plan is asked for, then recorded with it.
    page.goto(page.base_url + "/chat-luong/muc-tieu/them/")
    page.locator("#id_title").fill("Giải quyết hồ sơ thủ tục hành chính đúng hạn")
    page.locator("#id_indicator").fill("Tỷ lệ hồ sơ trả kết quả đúng hạn")
    page.locator("#id_target").fill("95")
    page.locator("#id_department").select_option(label="Bộ phận một cửa")
    page.get_by_role("button", name="Lưu").click()
    page.locator('[data-testid="plan-section"] .errorlist').first.wait_for()
    assert "Hãy ghi việc sẽ làm để đạt mục tiêu." in page.locator('[data-testid="plan-section"]').inner_text()
    page.screenshot(path=str(SHOTS / "objective-plan-refused.png"), full_page=True)
    page.locator("#id_plan_actions").fill("Nhắc hạn tự động; rà soát hồ sơ sắp đến hẹn mỗi sáng")
    page.locator("#id_plan_resources").fill("2 cán bộ một cửa, phần mềm một cửa điện tử")
    page.locator("#id_plan_owner").select_option(label="Hoàng Văn Cán Bộ – Bộ phận một cửa")
    page.locator("#id_plan_due").fill(f"{today.year}-12-31")
    page.locator("#id_plan_evaluation").fill("Tỷ lệ đúng hạn tính từ hồ sơ mỗi quý, báo cáo tại họp xem xét")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lập mục tiêu chất lượng.").wait_for()
    plan = page.locator('[data-testid="objective-plan"]')
    assert plan.locator("h2 span.clause").inner_text() == "6.2.2"
    assert "Hoàng Văn Cán Bộ · Bộ phận một cửa" in plan.inner_text()
    page.screenshot(path=str(SHOTS / "objective-plan.png"), full_page=True)

    page.goto(page.base_url + "/chat-luong/chuyen-doi-2015/")
    assert "4/5" in page.locator("h2").nth(0).inner_text() and "Đã có" in plans.inner_text()
    page.get_by_role("button", name="Tạo bộ câu hỏi đánh giá chuyển đổi").click()
    page.get_by_text("đã sẵn sàng").wait_for()
    assert "4/5" in page.locator("h2").nth(0).inner_text()
    page.screenshot(path=str(SHOTS / "transition.png"), full_page=True)
    page.get_by_role("link", name="Bộ câu hỏi mẫu").click()
    cited = page.locator('span.clause[title="Hành động giải quyết rủi ro và cơ hội"]')
    assert cited.first.inner_text() == "6.1"

    page.goto(page.base_url + f"/danh-gia/khong-phu-hop/{old.pk}/")
    cell = page.locator('[data-testid="nc-clause"]')
    assert "8.5.3" in cell.inner_text() and "(ISO 9001:2015: 6.1)" in cell.inner_text()
    page.screenshot(path=str(SHOTS / "nc-2008.png"), full_page=True)
