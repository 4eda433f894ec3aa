"""External documents' files (DOC-1, 4.2.3 f; security review issue 12 item 1): only the types an agency
uses, checked by content; stored under a name the server makes up; downloaded through the document's own
permission as an attachment typed by what was detected."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from processes.documents import services
from processes.documents.models import Document
from tests import files
from tests.processes.documents.helpers import effective_revision, make_document

CREATE = {"code": "TLBN-01", "title": "Luật Xây dựng", "doc_type": "external", "review_interval_months": 12,
          "issuer": "Quốc hội", "external_number": "50/2014/QH13", "external_date": "2014-06-18"}


def media_files(settings):
    return sorted(files.stored())


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/pdf")  # what the browser claims is ignored


def create(client, name, data):
    return client.post(reverse("processes:document_create"), {**CREATE, "external_file": upload(name, data)})


def external_document(world, name="Luật Xây dựng 50.pdf", data=files.PDF, **extra):
    document = Document(agency=world.agency, code=extra.pop("code", "TLBN-01"), title="Luật Xây dựng",
                        doc_type=Document.Type.EXTERNAL, issuer="Quốc hội", external_file=upload(name, data), **extra)
    return services.document_save(document=document, user=world.coordinator)


def download(client, document):
    return client.get(reverse("processes:external_file", kwargs={"pk": document.pk}))


@pytest.mark.parametrize("name,data", [("luat.html", files.HTML), ("luat.js", files.JS), ("luat.pdf", files.HTML),
                                       ("trinh-chieu.ppt", files.PPT)], ids=["html", "js", "html-named-pdf", "ppt"])
def test_coordinator_uploading_a_web_page_or_script_is_refused_and_nothing_is_saved(world, client, settings, name,
                                                                                      data):
    client.force_login(world.coordinator)

    response = create(client, name, data)

    assert response.status_code == 200
    errors = response.context["form"].errors["external_file"]
    assert errors == ["Loại tệp không được chấp nhận. Chỉ nhận PDF, Word (.docx, .doc), Excel (.xlsx, .xls), "
                      "OpenDocument (.odt, .ods) hoặc ảnh PNG/JPEG."]
    assert not Document.objects.filter(code="TLBN-01").exists()
    assert media_files(settings) == []


def test_the_refusal_is_in_english_for_an_english_user(world, client):
    world.coordinator.language = "en"
    world.coordinator.save()
    client.force_login(world.coordinator)

    response = create(client, "luat.html", files.HTML)

    assert "Only PDF, Word (.docx, .doc), Excel (.xlsx, .xls), OpenDocument (.odt, .ods)" in response.content.decode()


@pytest.mark.s3
def test_a_pdf_is_stored_under_a_name_the_server_made_up(world, client, settings):
    client.force_login(world.coordinator)

    response = create(client, "Luật Xây dựng 50.pdf", files.PDF)

    assert response.status_code == 302
    document = Document.objects.get(code="TLBN-01")
    assert re.fullmatch(rf"external/{world.agency.pk}/[0-9a-f]{{32}}\.pdf", document.external_file.name)
    assert document.external_file_name == "Luật Xây dựng 50.pdf"
    assert document.external_file_type == "application/pdf"
    assert list(files.stored().values()) == [files.PDF]


@pytest.mark.parametrize("name,data,extension", [
    ("QD 15.doc", files.DOC, "doc"), ("bang-phi.xls", files.XLS, "xls"), ("huong-dan.odt", files.ODT, "odt"),
    ("bieu-mau.ods", files.ODS, "ods"), ("thong-tu.docx", files.DOCX, "docx"), ("scan.png", files.PNG, "png"),
])
def test_office_files_of_every_kind_an_agency_saves_are_accepted(world, name, data, extension):
    document = external_document(world, name=name, data=data)
    assert document.external_file.name.endswith(f".{extension}") and document.external_file_name == name


@pytest.mark.s3
def test_the_download_is_an_attachment_typed_by_content_with_nosniff(world, client):
    document = external_document(world, name="bao-cao.html", data=files.PDF)  # a PDF under a web page's name
    effective_revision(world, document)
    client.force_login(world.staff)

    response = download(client, document)

    assert response.status_code == 200 and b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_vietnamese_file_name_is_offered_back_intact(world, client):
    document = external_document(world, name="Luật Xây dựng 50.pdf")
    client.force_login(world.coordinator)

    response = download(client, document)

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Lu%E1%BA%ADt%20X%C3%A2y%20d%E1%BB%B1ng%2050.pdf"


@pytest.mark.parametrize("persona", ["outsider", "oversight"])
def test_another_agency_cannot_download_the_file(world, client, persona):
    document = external_document(world)
    effective_revision(world, document)
    client.force_login(world.people[persona])

    assert download(client, document).status_code == 404


def test_staff_cannot_download_what_they_cannot_open(world, client):
    # The document page is 404 to staff until something of it is in force; so is its file.
    document = external_document(world)
    client.force_login(world.staff)
    assert client.get(reverse("processes:document_detail", kwargs={"pk": document.pk})).status_code == 404
    assert download(client, document).status_code == 404
    client.force_login(world.coordinator)
    assert download(client, document).status_code == 200


@pytest.mark.parametrize("stored,data,content_type,offered", [
    ("external/2025/luat.html", files.HTML, "application/octet-stream", "luat.html"),
    ("external/2025/Quyết định 15.pdf", files.PDF, "application/pdf", "Quyết định 15.pdf"),
    ("external/2025/bang-phi.xlsx", files.HTML, "application/octet-stream", "bang-phi.xlsx"),
], ids=["html", "pdf", "html-named-xlsx"])
def test_a_file_stored_under_its_uploader_name_before_the_fix_goes_out_the_same_checked_way(
        world, client, stored, data, content_type, offered):
    document = make_document(world, code="TLBN-02", doc_type=Document.Type.EXTERNAL, issuer="Bộ Xây dựng")
    name = default_storage.save(stored, ContentFile(data))
    Document.objects.filter(pk=document.pk).update(external_file=name)  # as older versions stored it
    client.force_login(world.coordinator)

    response = download(client, document)

    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert offered in response["Content-Disposition"] or "Quy%E1%BA%BFt" in response["Content-Disposition"]
    client.force_login(world.outsider)
    assert download(client, document).status_code == 404


@pytest.mark.s3
def test_a_missing_file_is_404_not_a_server_error(world, client):
    document = external_document(world)
    document.external_file.storage.delete(document.external_file.name)
    client.force_login(world.coordinator)
    assert download(client, document).status_code == 404


def test_the_edit_form_links_the_current_file_to_the_checked_view_never_to_media(world, client):
    document = external_document(world, name="Luật Xây dựng 50.pdf")
    client.force_login(world.coordinator)

    page = client.get(reverse("processes:document_edit", kwargs={"pk": document.pk})).content.decode()

    assert f'href="{reverse("processes:external_file", kwargs={"pk": document.pk})}"' in page
    assert "Luật Xây dựng 50.pdf" in page
    assert "/media/" not in page and document.external_file.name not in page


def test_clearing_the_file_forgets_its_name_type_and_checksum(world, client):
    document = external_document(world)
    client.force_login(world.coordinator)

    response = client.post(reverse("processes:document_edit", kwargs={"pk": document.pk}), {
        **CREATE, "external_file-clear": "on"})

    assert response.status_code == 302
    document.refresh_from_db()
    assert not document.external_file
    assert (document.external_file_name, document.external_file_type, document.external_file_sha256) == ("", "", "")
    assert download(client, document).status_code == 404


@pytest.mark.s3
def test_a_service_caller_cannot_store_a_web_page_either(world, settings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        external_document(world, name="luat.pdf", data=files.HTML)
    assert "external_file" in refused.value.message_dict
    assert not Document.objects.exists() and media_files(settings) == []
