"""Journey 4: an internal auditor logs findings (spec.md, "Journeys"; AUD-2…AUD-5).

The auditor (Phòng Tư pháp) sees their assigned audit of the One-Stop Desk, works through the
checklist, records a minor NC against 4.2.3.d with evidence, an observation and an opportunity for
improvement, and issues the audit report.
"""

import re

from playwright.sync_api import expect

from audits.internal import services as svc
from audits.internal.models import Audit, Finding
from audits.capa.models import Nonconformity
from tests.audits.internal.helpers import audit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_auditor_works_through_checklist_records_findings_and_issues_report(world, page, browser_login, screenshot):
    desk = world.departments["desk"]
    desk.head = world.head
    desk.save()
    a = audit(world, status="in_progress", auditees=[world.staff])
    template = svc.template_save(
        agency=world.agency, user=world.coordinator, title="Kiểm soát tài liệu tại Bộ phận một cửa", clause="4.2.3",
        questions="Quầy tiếp nhận dùng đúng lần ban hành hiện hành của quy trình?\nBiểu mẫu phát cho người dân là bản hiện hành?",
    )
    svc.checklist_apply_template(audit=a, user=world.coordinator, template=template)
    items = list(a.checklist_items.order_by("order"))

    # 1. My work lists the assigned audit; it is the One-Stop Desk, not the auditor's own department.
    browser_login(world.auditor)
    expect(page.get_by_role("heading", name=re.compile("Cuộc đánh giá được phân công"))).to_be_visible()
    screenshot("journey4-01-my-work")
    page.get_by_role("link", name=f"{a.code} Đánh giá Bộ phận một cửa", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile(a.code))).to_be_visible()
    expect(page.get_by_text("Bộ phận một cửa").first).to_be_visible()
    screenshot("journey4-02-audit")

    # 2. The checklist: answer both questions, attach a photo as evidence to the first.
    page.get_by_role("link", name=re.compile("Danh mục câu hỏi")).click()
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã trả lời 0/2")
    first = page.locator(f"#item-{items[0].pk}")
    first.get_by_label("Không phù hợp", exact=True).check()
    first.get_by_label("Bằng chứng, ghi chép").fill("Quầy số 3 dùng bản in QT-05 lần ban hành 01 (đã hết hiệu lực).")
    first.get_by_role("button", name="Lưu câu hỏi 1").click()
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã trả lời 1/2")
    first = page.locator(f"#item-{items[0].pk}")
    first.locator("input[type=file]").set_input_files({"name": "quay-3.png", "mimeType": "image/png", "buffer": PNG})
    first.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã đính kèm bằng chứng.")).to_be_visible()
    expect(page.get_by_role("link", name="quay-3.png")).to_be_visible()
    second = page.locator(f"#item-{items[1].pk}")
    second.get_by_label("Phù hợp", exact=True).check()
    second.get_by_label("Bằng chứng, ghi chép").fill("Biểu mẫu BM-05-02 tại quầy là bản hiện hành.")
    second.get_by_role("button", name="Lưu câu hỏi 2").click()
    expect(page.get_by_test_id("checklist-progress")).to_have_text("Đã trả lời 2/2")
    screenshot("journey4-03-checklist")

    # 3. A minor NC against 4.2.3.d, from the first question.
    page.locator(f"#item-{items[0].pk}").get_by_role("link", name="Ghi phát hiện từ câu hỏi này").click()
    # No kind is preselected: the auditor reads what each means and chooses.
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    page.get_by_role("radio", name="Không phù hợp nhẹ").check()
    page.get_by_label("Điều khoản").fill("4.2.3.d")
    page.get_by_label("Yêu cầu (chuẩn mực)").fill("Tài liệu phù hợp phải sẵn có tại nơi sử dụng.")
    page.get_by_label("Nội dung phát hiện").fill("Quầy tiếp nhận số 3 sử dụng quy trình QT-05 đã hết hiệu lực.")
    expect(page.get_by_label("Bằng chứng khách quan")).to_have_value(re.compile("Quầy số 3"))
    screenshot("journey4-04-finding-form")
    page.get_by_role("button", name="Ghi phát hiện").click()
    expect(page.get_by_text(re.compile(r"Đã mở phiếu sự không phù hợp NC-\d{4}-001"))).to_be_visible()

    # 4. An observation and an opportunity for improvement.
    for kind, clause, text in [
        ("Điểm lưu ý", "7.5", "Bảng niêm yết thủ tục đặt khuất sau cột, người dân khó thấy."),
        ("Cơ hội cải tiến", "8.2.1", "Có thể đặt máy đánh giá mức độ hài lòng tại quầy."),
    ]:
        page.get_by_role("link", name="Ghi phát hiện").click()
        page.get_by_role("radio", name=kind).check()
        page.get_by_label("Điều khoản").fill(clause)
        page.get_by_label("Nội dung phát hiện").fill(text)
        page.get_by_role("button", name="Ghi phát hiện").click()
        expect(page.get_by_text(re.compile("Đã ghi phát hiện số"))).to_be_visible()
    findings = page.get_by_test_id("findings")
    expect(findings).to_contain_text("Không phù hợp nhẹ")
    expect(findings).to_contain_text("Điểm lưu ý")
    expect(findings).to_contain_text("Cơ hội cải tiến")
    screenshot("journey4-05-findings")

    # 5. Issue the report.
    page.get_by_role("link", name="Phát hành báo cáo").click()
    expect(page.get_by_test_id("unanswered-warning")).to_have_count(0)
    page.get_by_label("Tóm tắt kết quả").fill(
        "Bộ phận một cửa áp dụng quy trình tiếp nhận cơ bản phù hợp; 01 sự không phù hợp nhẹ, 01 điểm lưu ý, 01 cơ hội cải tiến."
    )
    page.get_by_label("Kết luận của đoàn đánh giá").fill("Bộ phận một cửa thu hồi ngay bản QT-05/01 và rà soát tài liệu tại quầy.")
    page.get_by_role("button", name="Phát hành báo cáo").click()
    expect(page.get_by_test_id("audit-status")).to_have_text("Đã phát hành báo cáo")
    screenshot("journey4-06-reported")

    a.refresh_from_db()
    assert a.status == Audit.Status.REPORTED
    nc_finding = a.findings.get(kind=Finding.Kind.MINOR_NC)
    assert nc_finding.clause == "4.2.3.d" and nc_finding.checklist_item_id == items[0].pk
    nc = Nonconformity.objects.get(finding=nc_finding)
    assert nc.source == "internal_audit" and nc.source_ref == a.code
    assert sorted(a.findings.values_list("kind", flat=True)) == ["minor_nc", "observation", "ofi"]
    assert world.head.notifications.filter(text__contains=a.code).exists()

    # 6. The report (PDF through qms.pdf when installed; the printable page otherwise).
    report_url = f"{page.base_url}/danh-gia/cuoc-danh-gia/{a.pk}/bao-cao/?html=1"
    page.goto(report_url)
    expect(page.get_by_role("heading", name="BÁO CÁO ĐÁNH GIÁ NỘI BỘ")).to_be_visible()
    expect(page.locator("table.findings")).to_contain_text("4.2.3.d")
    expect(page.locator("table.findings")).to_contain_text(nc.reference)
    screenshot("journey4-07-report")
