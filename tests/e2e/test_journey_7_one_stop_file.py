"""Journey 7, one file from the desk to the citizen's rating (issue 16, first "What must hold"), in Chromium against
the live server and a real database.

The clerk logs in, receives a file under an effective two-step procedure (papers ticked, appointment seen before
saving), prints the receipt (form 01, read back: code, dates, Vietnamese, and the QR's modules equal segno's
encoding of the status address printed beside it). A citizen, in a browser with no session, opens that address:
received, at the urban department. The department's officer finds the file in My work, takes step B1 and hands it on
to step B2 (himself). B2 runs late: its due time is set in the past in the database (the clock is not mocked in
the server) and the late job runs; the officer sees the alert in My work, and before the appointment issues an
apology slip through its page (form 04 read back: new date, reason). The original appointment then passes (set in
the past the same way, the job marks the file late); the citizen sees late + the new date and reason. The officer
completes B2, the clerk records and returns the result, the citizen rates through the QR page, and the rating shows
on the clerk's file page. Screenshots under /tmp/journey/."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pdfplumber
import pytest
import segno
from django.db.models import F
from django.utils import timezone

from cases.files.models import ApologySlip, Case, CaseStep, Handover
from cases.late.jobs import alert_late
from tests.cases.files.helpers import PAPERS, make_clerk, procedure
from tests.cases.late.helpers import next_working_morning
from tests.cases.slips.test_forms import _qr_matrix_in_pdf

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/journey")
STEPS = [
    {"step": "B1", "responsibility": "Chuyên viên Phòng Quản lý đô thị", "description": "Thẩm định hồ sơ, kiểm tra thực địa",
     "time": "5 ngày", "forms": "BM-05"},
    {"step": "B2", "responsibility": "Chuyên viên Phòng Quản lý đô thị", "description": "Dự thảo giấy phép, trình ký",
     "time": "3 ngày", "forms": ""},
]
REASON = "Chờ ý kiến thẩm định của Sở Xây dựng về chỉ giới đường đỏ"


def _flat(content):
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    return text, " ".join(text.split())


def _local(moment, fmt="%H giờ %M phút, ngày %d/%m/%Y"):
    return timezone.localtime(moment).strftime(fmt)


def _pdf_through_link(page, name):
    """The PDF the page's link points at, fetched in the page's own session (the link opens it inline)."""
    link = page.get_by_role("link", name=name)
    response = page.context.request.get(page.base_url + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    return response.body()


def _move_back(case, delta):
    """Everything that happened to the file happened ``delta`` earlier (the clock of the server is untouched)."""
    Case.objects.filter(pk=case.pk).update(received_at=F("received_at") - delta,
                                           appointment_at=F("appointment_at") - delta)
    CaseStep.objects.filter(case=case).update(
        started_at=F("started_at") - delta, taken_at=F("taken_at") - delta, due_at=F("due_at") - delta,
        done_at=F("done_at") - delta)
    Handover.objects.filter(case=case).update(at=F("at") - delta)
    ApologySlip.objects.filter(case=case).update(issued_at=F("issued_at") - delta)


def _shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_one_stop_file_from_desk_to_rating(world, page, browser, browser_login):
    SHOTS.mkdir(exist_ok=True)
    clerk, officer = make_clerk(world), world.author
    procedure(world, steps=STEPS, processing_time_days=10)

    # 1. The desk: procedure chosen, appointment shown before saving, papers ticked, file received.
    browser_login(clerk)
    page.goto(f"{page.base_url}/mot-cua/tiep-nhan/")
    page.get_by_label("Thủ tục hành chính").select_option(label="1.009994 – Cấp giấy phép xây dựng")
    page.get_by_role("button", name="Chọn thủ tục").click()
    shown_appointment = page.get_by_test_id("appointment").inner_text().strip()
    assert shown_appointment
    page.get_by_label("Họ tên người nộp / tên tổ chức").fill("Đặng Thị Hường")
    page.get_by_label("Điện thoại").fill("0912000111")
    for paper in PAPERS:
        page.get_by_label(paper).check()
    _shot(page, "01-receive")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_url("**/mot-cua/ho-so/*/")
    case = Case.objects.get()
    appointment = case.appointment_at
    assert page.get_by_test_id("case-code").inner_text() == case.code
    assert page.get_by_test_id("case-status").inner_text() == "Đã tiếp nhận"
    assert shown_appointment.split()[-1] in page.get_by_test_id("case-appointment").inner_text()
    steps_table = page.get_by_test_id("case-steps").inner_text()
    assert "Thẩm định hồ sơ, kiểm tra thực địa" in steps_table and "Dự thảo giấy phép, trình ký" in steps_table
    assert [s.department for s in case.steps.order_by("order")] == [world.departments["urban"]] * 2
    _shot(page, "02-file-received")

    # 2. The receipt (form 01) through the page's link, read back.
    receipt = _pdf_through_link(page, "In giấy tiếp nhận, hẹn trả (mẫu 01)")
    (SHOTS / "form01.pdf").write_bytes(receipt)
    text, flat = _flat(receipt)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in flat and "Độc lập – Tự do – Hạnh phúc" in flat
    assert case.code in flat and "Đặng Thị Hường" in flat and "Hoàng Văn Cán Bộ" in flat
    assert "Bản sao giấy tờ về quyền sử dụng đất" in flat and "10 ngày làm việc" in flat
    assert _local(case.received_at) in flat and _local(appointment) in flat
    status_url = f"{page.base_url}/tra-cuu-ho-so/{case.public_key}/"
    assert re.findall(r"https?://\S+/tra-cuu-ho-so/\S+/", text.replace("\n", "")) == [status_url]
    expected = segno.make(status_url, error="m", micro=False)
    modules = tuple(tuple(int(cell & 1) for cell in row) for row in expected.matrix)
    assert _qr_matrix_in_pdf(receipt, len(modules)) == modules  # the QR on paper is the status address, bit for bit

    # 3. The citizen, with no session, opens the QR's address: received, at the urban department.
    citizen = browser.new_context(viewport={"width": 360, "height": 800}, locale="vi-VN")
    citizen.set_default_timeout(15000)
    public = citizen.new_page()

    def status_page(name):
        public.goto(status_url)
        assert public.get_by_test_id("case-code").inner_text() == case.code
        assert "Đặng Thị Hường" not in public.content() and "0912000111" not in public.content()
        assert public.get_by_test_id("applicant-initials").inner_text() == "Đ.T.H."
        public.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        return public

    status_page("03-status-received")
    assert public.get_by_test_id("case-status").inner_text() == "Đã tiếp nhận"
    assert public.get_by_test_id("case-stage").inner_text() == "Phòng Quản lý đô thị"
    assert public.get_by_test_id("case-late").count() == 0 and public.get_by_test_id("new-appointment").count() == 0

    # 4. The department's officer: the file waits in My work; takes B1, hands B2 over to himself.
    page.context.clear_cookies()
    browser_login(officer)
    assert f"{case.code} · B1 Thẩm định hồ sơ, kiểm tra thực địa" in page.content()
    page.get_by_role("link", name=f"{case.code} · B1 Thẩm định hồ sơ, kiểm tra thực địa").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    page.get_by_role("button", name="Nhận xử lý bước B1").click()
    page.get_by_label("Kết quả xử lý, ghi chú").fill("Đủ điều kiện cấp phép, đã kiểm tra thực địa")
    page.get_by_label("Chuyển cho (để trống: cả phòng xử lý bước sau)").select_option(label=officer.display_name)
    page.get_by_role("button", name="Hoàn thành và chuyển").click()
    assert "Đã hoàn thành bước" in page.content()
    assert page.get_by_test_id("case-status").inner_text() == "Đang giải quyết"
    handovers = page.get_by_test_id("case-handovers").inner_text()
    assert "Đủ điều kiện cấp phép, đã kiểm tra thực địa" in handovers and officer.display_name in handovers
    b2 = CaseStep.objects.get(case=case, code="B2")
    assert b2.state == CaseStep.State.ACTIVE and b2.taken_by_id == officer.pk
    _shot(page, "04-b1-handed-over")
    status_page("05-status-in-progress")
    assert public.get_by_test_id("case-status").inner_text() == "Đang giải quyết"
    assert public.get_by_test_id("case-late").count() == 0

    # 5. B2 runs late: its due time is moved into the past in the database, then the late job runs.
    CaseStep.objects.filter(pk=b2.pk).update(due_at=timezone.now() - timedelta(hours=2))
    result = alert_late(now=timezone.now())
    assert result["steps"] == 1 and result["marked"] == 0  # the step is late, the file's appointment is ahead
    page.goto(f"{page.base_url}/viec-cua-toi/")
    alert = page.locator("section[aria-labelledby='notif-h']")
    assert f"Hồ sơ {case.code}" in alert.inner_text() and "bước B2 Dự thảo giấy phép, trình ký đã quá hạn xử lý" in alert.inner_text()
    _shot(page, "06-my-work-late-alert")

    # 6. Before the appointment passes, the officer issues the apology slip through its page.
    page.get_by_role("link", name=re.compile(f"bước B2 .* đã quá hạn")).click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    page.get_by_role("link", name="Lập phiếu xin lỗi và hẹn lại").click()
    new_at = next_working_morning(case)
    assert new_at > appointment > timezone.now()
    page.get_by_label("Ngày hẹn lại trả kết quả").fill(new_at.date().isoformat())
    page.get_by_label("Giờ hẹn lại").fill("09:00")
    page.get_by_label("Lý do chậm trễ").fill(REASON)
    page.get_by_label("Lãnh đạo ký phiếu").select_option(label=world.head.display_name)
    _shot(page, "07-apology-form")
    page.get_by_role("button", name="Lập phiếu xin lỗi và hẹn lại").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    assert REASON in page.get_by_test_id("apology-list").inner_text()
    assert _local(new_at, "%d/%m/%Y") in page.get_by_test_id("case-appointment").inner_text()
    slip = ApologySlip.objects.get(case=case)
    assert slip.new_appointment_at == new_at and slip.issued_by_id == officer.pk and slip.signed_by_id == world.head.pk
    apology_pdf = _pdf_through_link(page, "In phiếu xin lỗi, hẹn lại lần 1 (mẫu 04)")
    (SHOTS / "form04.pdf").write_bytes(apology_pdf)
    _, flat04 = _flat(apology_pdf)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in flat04 and case.code in flat04
    assert "Đặng Thị Hường" in flat04 and REASON in flat04 and "Phạm Văn Lãnh Đạo" in flat04
    assert _local(new_at) in flat04 and _local(appointment) in flat04

    # 7. The original appointment passes: the file's past is moved back in the database so that it was received
    # (and B1, B2 and the apology happened) long enough ago for the appointment to be half an hour gone; the
    # apology's new date stays where the officer put it. Whole weeks, so every time stays in office hours.
    _move_back(case, timedelta(weeks=(appointment - timezone.now()).days // 7 + 1))
    result = alert_late(now=timezone.now())
    assert result["marked"] == 1 and result["files"] == 0  # late, but the apology's new date is still ahead
    status_page("08-status-late-apology")
    assert public.get_by_test_id("case-status").inner_text() == "Đang giải quyết"
    assert public.get_by_test_id("case-late").inner_text() == "Trễ hạn"
    assert _local(new_at, "%H:%M %d/%m/%Y") == public.get_by_test_id("new-appointment").inner_text()
    assert public.get_by_test_id("apology-reason").inner_text() == REASON

    # 8. The officer completes B2: the result goes to the desk.
    page.goto(f"{page.base_url}{case.get_absolute_url()}")
    page.get_by_label("Kết quả xử lý, ghi chú").fill("Đã trình ký giấy phép")
    page.get_by_role("button", name="Hoàn thành và chuyển").click()
    assert page.get_by_test_id("case-status").inner_text() == "Đã có kết quả, chờ trả"
    b2.refresh_from_db()
    assert b2.state == CaseStep.State.DONE and b2.outcome == "late"

    # 9. The clerk records the result and returns it.
    page.context.clear_cookies()
    browser_login(clerk)
    assert case.code in page.locator("section", has_text="Hồ sơ đã có kết quả, chờ trả").inner_text()
    page.goto(f"{page.base_url}{case.get_absolute_url()}")
    page.get_by_label("Kết quả giải quyết").fill("Giấy phép xây dựng số 27/GPXD")
    page.get_by_role("button", name="Ghi kết quả").click()
    page.get_by_label("Hình thức trả kết quả").select_option(label="Trực tiếp")
    page.get_by_role("button", name="Trả kết quả").click()
    assert page.get_by_test_id("case-status").inner_text() == "Đã trả kết quả"
    assert "Giấy phép xây dựng số 27/GPXD" in page.content()

    # 10. The citizen sees the file returned and rates it through the QR page.
    status_page("09-status-returned")
    assert public.get_by_test_id("case-status").inner_text() == "Đã trả kết quả"
    assert public.get_by_test_id("case-late").inner_text() == "Trễ hạn"  # a file late once stays late
    assert public.get_by_test_id("case-stage").count() == 0
    public.get_by_label("Hài lòng", exact=True).check()
    public.get_by_label("Ý kiến (không bắt buộc)").fill("Cán bộ nhiệt tình, có xin lỗi khi chậm")
    public.get_by_role("button", name="Gửi đánh giá").click()
    assert "Cảm ơn ông/bà đã đánh giá." in public.content()
    assert public.get_by_test_id("case-rating").inner_text() == "Hài lòng"
    assert public.get_by_test_id("rate-form").count() == 0
    public.screenshot(path=str(SHOTS / "10-status-rated.png"), full_page=True)
    citizen.close()

    # 11. The rating on the clerk's file page.
    page.goto(f"{page.base_url}{case.get_absolute_url()}")
    facts = page.locator("section[aria-labelledby='proc-h']").inner_text()
    assert "Hài lòng: Cán bộ nhiệt tình, có xin lỗi khi chậm" in facts
    assert "Giấy phép xây dựng số 27/GPXD" in facts and "Trực tiếp" in facts
    case.refresh_from_db()
    assert (case.status, case.rating, case.is_late, case.outcome) == ("returned", "satisfied", True, "late")
    _shot(page, "11-file-returned-rated")
