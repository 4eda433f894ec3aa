"""Journey 2 (download): a staff member finds the current procedure without diacritics and downloads the PDF,
an uncontrolled copy stamped with the time of printing, the QR code and the verification URL."""

import io
import re

import pdfplumber
from playwright.sync_api import expect

from processes.copies.models import Copy, CopyDownload, MasterPDF
from tests.processes.documents.helpers import effective_revision, make_document


def test_staff_finds_current_procedure_and_downloads_the_uncontrolled_pdf(world, page, browser_login, screenshot):
    document = make_document(world, code="QT-05", title="Cấp giấy phép xây dựng")
    make_document(world, code="QT-30", title="Cấp phép đào đường")
    revision = effective_revision(world, document)  # approval renders the master (tasks run at once in tests)
    assert MasterPDF.objects.get(revision=revision).status == MasterPDF.Status.DONE

    browser_login(world.staff)
    page.goto(f"{page.base_url}/tai-lieu/")
    page.get_by_placeholder("Tìm theo mã hiệu").fill("cap giay phep xay dung")
    page.get_by_role("button", name="Tìm", exact=True).click()
    first_row = page.get_by_test_id("register").locator("tbody tr").first
    expect(first_row).to_contain_text("Cấp giấy phép xây dựng")
    first_row.get_by_role("link", name="Cấp giấy phép xây dựng").click()
    page.get_by_role("link", name="Xem bản hiện hành").click()
    expect(page.get_by_test_id("issue")).to_have_text("01")
    button = page.get_by_test_id("download-uncontrolled")
    expect(button).to_have_text("Tải PDF (bản không kiểm soát)")
    screenshot("journey2-download-button")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "QT-05_lan01_ban-khong-kiem-soat.pdf"
    data = open(download.path(), "rb").read()
    copy = Copy.objects.get(kind=Copy.Kind.UNCONTROLLED)
    assert CopyDownload.objects.get(copy=copy).user == world.staff
    url = f"{page.base_url}/tai-lieu/xac-minh/{copy.code}/"
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    assert texts
    for i, text in enumerate(texts, 1):
        assert re.search(r"BẢN KHÔNG KIỂM SOÁT – in lúc \d\d:\d\d \d\d/\d\d/\d{4}", text)
        assert url in text
        assert f"Trang: {i}/{len(texts)}" in text
    # and the link printed on the copy opens the verification page
    page.goto(url)
    expect(page.get_by_test_id("verify-status")).to_contain_text("ĐANG CÒN HIỆU LỰC")
    screenshot("journey2-verify-own-copy")
