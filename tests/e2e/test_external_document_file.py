"""An external document's file in a real browser (security review issue 12): a web page offered as the file is
refused with the accepted types named; a PDF is kept, and opening it from the document page downloads it
under its own name instead of showing it on our site."""

from django.urls import reverse
from playwright.sync_api import expect

from processes.documents.models import Document
from tests import files


def test_coordinator_adds_an_external_document_and_its_file_is_only_ever_downloaded(world, page, browser_login,
                                                                                       screenshot):
    browser_login(world.coordinator)
    page.goto(page.base_url + reverse("processes:document_create"))
    page.get_by_label("Mã hiệu").fill("TLBN-01")
    page.get_by_label("Tên tài liệu").fill("Luật Xây dựng")
    page.get_by_label("Loại tài liệu").select_option(label="Tài liệu bên ngoài")
    page.get_by_label("Cơ quan ban hành").fill("Quốc hội")
    file_input = page.get_by_label("Tệp văn bản")
    file_input.set_input_files({"name": "luat.html", "mimeType": "text/html", "buffer": files.HTML})
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("ul.errorlist")).to_contain_text(
        "Loại tệp không được chấp nhận. Chỉ nhận PDF, Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument")
    screenshot("external-file-refused")
    assert not Document.objects.filter(code="TLBN-01").exists()

    page.get_by_label("Tệp văn bản").set_input_files(
        {"name": "Luật Xây dựng 50.pdf", "mimeType": "application/pdf", "buffer": files.PDF})
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("link", name="Tải văn bản")).to_be_visible()
    document = Document.objects.get(code="TLBN-01")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải văn bản").click()
    assert info.value.suggested_filename == "Luật Xây dựng 50.pdf"
    assert open(info.value.path(), "rb").read() == files.PDF
    assert document.external_file.name.endswith(".pdf") and "Luật" not in document.external_file.name
    # (No /media/ check here: Django's live test server serves MEDIA_URL itself, whatever the project's URLs;
    # tests/core/test_media_not_served.py checks the project's URLs with DEBUG on and off.)
