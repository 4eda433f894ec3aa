"""The one-stop forms (Circular 01/2018/TT-VPCP) as PDFs read back: code, dates, Vietnamese intact, the QR
code's payload; each print of applicant details logged; who may print what."""

import base64
import re
import time
from urllib.parse import unquote

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.files import services
from cases.files.models import PersonalDataAccess
from cases.slips import render
from tests.cases.slips.helpers import apology, keep, make_clerk, pdf_table_rows, pdf_text, procedure, receive, returned

pytestmark = pytest.mark.django_db
A5 = (419.53, 595.28)  # points


def _local(dt, fmt):
    return timezone.localtime(dt).strftime(fmt)


def _get(client, name, *args):
    response = client.get(reverse(f"cases:{name}", args=args))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_receipt_slip_carries_code_dates_applicant_papers_and_the_status_qr(world, login):
    case = receive(world, applicant_email="anh@example.vn")
    client = login(make_clerk(world))
    started = time.perf_counter()
    content = _get(client, "form_receipt", case.pk)
    elapsed = time.perf_counter() - started
    keep("form01.pdf", content)
    text, sizes = pdf_text(content)
    flat = " ".join(text.split())
    assert sizes == [pytest.approx(A5, abs=1)]
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in flat
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "Độc lập – Tự do – Hạnh phúc" in flat
    assert case.code in flat and "Nguyễn Văn Ánh" in flat and "12 Đường Láng" in flat and "0912345678" in flat
    assert "anh@example.vn" in flat and "1.009994" in flat
    assert "Đơn đề nghị cấp giấy phép xây dựng" in flat and "gồm 3 loại giấy tờ" in flat
    assert "15 ngày làm việc" in flat and "Số lượng hồ sơ: 1 bộ" in flat
    received = f"{_local(case.received_at, '%H')} giờ {_local(case.received_at, '%M')} phút, ngày {_local(case.received_at, '%d/%m/%Y')}"
    appointment = f"{_local(case.appointment_at, '%H')} giờ {_local(case.appointment_at, '%M')} phút, ngày {_local(case.appointment_at, '%d/%m/%Y')}"
    assert received in flat and appointment in flat
    assert "Hoàng Văn Cán Bộ" in flat  # the receiving officer signs
    # The QR: the URL is printed beside it, and the embedded SVG is segno's encoding of exactly that URL.
    url = f"{settings.SITE_URL}/tra-cuu-ho-so/{case.public_key}/"
    assert render.public_url(case) == url
    assert url in text.replace("\n", "")
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("cases:form_receipt", args=[case.pk]) in html
    svg = base64.b64decode(render.qr_data_uri(url).split(",", 1)[1]).decode()
    expected = segno.make(url, error="m", micro=False)
    assert svg == expected.svg_inline(scale=4, border=2, omitsize=False)
    matrix = tuple(tuple(int(cell & 1) for cell in row) for row in expected.matrix)
    assert _qr_matrix_in_pdf(content, len(matrix)) == matrix
    assert PersonalDataAccess.objects.filter(case=case, user=world.staff, what="form01_pdf").count() == 1
    assert elapsed < 30  # not a timing test: a sanity bound, the measured figure is in the report


def _qr_matrix_in_pdf(content, size):
    """Read the QR code back from the printed page: render it (pypdfium2), find the symbol above its caption,
    and sample the centre of each of its ``size`` × ``size`` modules. No QR decoder is installed; comparing the
    modules with segno's encoding of the expected URL checks the same thing bit for bit."""
    import io

    import pdfplumber
    import pypdfium2

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        page = pdf.pages[0]
        caption = next(w for w in page.extract_words() if w["text"] == "Quét")
        width = page.width
    scale = 8  # 576 dpi: a module of 27 mm / ~45 is ~0.6 mm, ~13 pixels
    image = pypdfium2.PdfDocument(content)[0].render(scale=scale).to_pil().convert("L")
    mm = 72 / 25.4
    # The QR box: 27 mm wide against the 10 mm right margin, right above its caption (static/pdf/slips.css).
    box = (int((width - 38 * mm) * scale), int((caption["top"] - 29 * mm) * scale),
           int((width - 9 * mm) * scale), int((caption["top"] - 0.5 * mm) * scale))
    crop = image.crop(box)
    dark = [(x, y) for y in range(crop.height) for x in range(0, crop.width, 2) if crop.getpixel((x, y)) < 128]
    left, right = min(x for x, _ in dark), max(x for x, _ in dark)
    top, bottom = min(y for _, y in dark), max(y for _, y in dark)
    step_x, step_y = (right - left + 2) / size, (bottom - top + 1) / size
    return tuple(tuple(int(crop.getpixel((int(left + (i + 0.5) * step_x), int(top + (j + 0.5) * step_y))) < 128)
                       for i in range(size)) for j in range(size))


def test_supplement_refusal_and_apology_slips(world, login):
    clerk = make_clerk(world)
    revision = procedure(world)
    from tests.cases.files.helpers import intake

    supplement = services.case_request_supplement(user=clerk, intake=intake(world, revision, papers=[]),
                                                  text="Bổ sung bản vẽ thiết kế có chữ ký của chủ đầu tư")
    refused = services.case_refuse(user=clerk, intake=intake(world, revision, applicant_name="Lê Thị Hằng"),
                                   reasons="Công trình nằm trong hành lang an toàn đường bộ",
                                   legal_basis="Khoản 3 Điều 89 Luật Xây dựng 2014")
    late = receive(world, revision=revision, applicant_name="Phạm Quỳnh Hương")
    slip = apology(world, late)
    client = login(clerk)
    text02, _ = pdf_text(keep_and(_get(client, "form_supplement", supplement.pk), "form02.pdf"))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text02 and supplement.code in text02
    assert "Bổ sung bản vẽ thiết kế có chữ ký của chủ đầu tư" in " ".join(text02.split())
    text03, _ = pdf_text(keep_and(_get(client, "form_refusal", refused.pk), "form03.pdf"))
    flat03 = " ".join(text03.split())
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in flat03 and "Lê Thị Hằng" in flat03
    assert "hành lang an toàn đường bộ" in flat03 and "Khoản 3 Điều 89 Luật Xây dựng 2014" in flat03
    text04, _ = pdf_text(keep_and(_get(client, "form_apology", late.pk, 1), "form04.pdf"))
    flat04 = " ".join(text04.split())
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in flat04 and "Phạm Quỳnh Hương" in flat04
    assert "chỉ giới đường đỏ" in flat04 and _local(slip.new_appointment_at, "%d/%m/%Y") in flat04
    assert "Phạm Văn Lãnh Đạo" in flat04  # the head who signs
    whats = set(PersonalDataAccess.objects.filter(user=clerk).values_list("what", flat=True))
    assert {"form02_pdf", "form03_pdf", "form04_pdf"} <= whats
    # A form that does not apply to the file is a 404, not an empty slip.
    assert client.get(reverse("cases:form_refusal", args=[late.pk])).status_code == 404
    assert client.get(reverse("cases:form_receipt", args=[refused.pk])).status_code == 404
    assert client.get(reverse("cases:form_apology", args=[late.pk, 2])).status_code == 404


def keep_and(content, name):
    keep(name, content)
    return content


def test_process_control_slip_lists_every_handover_with_initials_only(world, login):
    case = returned(world)
    client = login(world.auditor)  # a member on none of the file's steps (justice department): no applicant details
    content = keep_and(_get(client, "form_control", case.pk), "form05.pdf")
    text, sizes = pdf_text(content)
    flat = " ".join(text.split())
    assert sizes[0] == pytest.approx(A5, abs=1)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in flat and case.code in flat
    assert "N.V.Á." in flat and "Nguyễn Văn Ánh" not in flat
    for who in ("Hoàng Văn Cán Bộ", "Đỗ Minh Soạn Thảo", "Phạm Văn Lãnh Đạo"):
        assert who in flat
    rows = pdf_table_rows(content)[1:]
    # Each step was finished at once, before its due time: early, or on time when the test runs outside office
    # hours (the due time then falls on today's working hours, the same day).
    assert rows[0][2] == "" and all(r[2] in ("Trước hạn", "Đúng hạn") for r in rows[1:]) and len(rows) == 4
    assert rows[-1][3].startswith("Chuyển kết quả về Bộ phận một cửa") and "Đạt yêu cầu" in rows[2][3]
    assert not PersonalDataAccess.objects.filter(user=world.auditor).exists()
    # The applicant's forms are not for them.
    assert client.get(reverse("cases:form_receipt", args=[case.pk])).status_code == 403


def test_another_agency_and_oversight_cannot_print(world, login):
    case = receive(world)
    for name in ("form_receipt", "form_control"):
        assert login(world.outsider).get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404
        assert login(world.oversight).get(reverse(f"cases:{name}", args=[case.pk])).status_code == 403
    assert login(world.oversight).get(reverse("cases:register_pdf")).status_code == 403
