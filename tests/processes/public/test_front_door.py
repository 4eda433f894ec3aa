"""The citizens' front door (issue 14 #1): "/" lists the province's agencies, each agency's page its published
procedures with the current issue's uncontrolled PDF, the copy check and the feedback form; nothing internal."""

import io

import pikepdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from processes.copies.models import Copy
from processes.documents.models import Document, Revision
from qms.core.models import Agency
from tests.audits.capa.helpers import open_nc
from tests.factories import PASSWORD
from tests.matrix.pdf import attach_master
from tests.processes.documents.helpers import effective_revision, make_document, make_draft, submit

S = Revision.Status


def _published(world, code="QT-05", title="Cấp giấy phép xây dựng", **extra):
    document = make_document(world, code=code, title=title, is_public=True, **extra)
    revision = effective_revision(world, document)
    attach_master(revision)
    return document, revision


def test_front_page_lists_active_supervised_agencies_for_anyone(world, client):
    _published(world)
    Agency.objects.create(code="so-cu", name="Sở Đã Giải Thể", is_active=False)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "UBND Quận Thử Nghiệm" in body and "Sở Khác" in body
    assert "1 quy trình công khai" in body
    assert "Sở KH&amp;CN Thử" not in body  # the oversight body runs no public procedures
    assert "Sở Đã Giải Thể" not in body
    assert 'href="/dang-nhap/"' in body  # anonymous visitors are offered the login, not My work
    assert "/vao-viec/" not in body


def test_logged_in_user_reaches_their_work_from_the_front_page(world, client):
    client.force_login(world.staff)
    body = client.get("/").content.decode()
    assert 'href="/vao-viec/"' in body
    assert client.get("/vao-viec/")["Location"] == "/viec-cua-toi/"


def test_login_lives_at_its_own_address_and_lands_on_my_work(world, client, settings):
    assert settings.LOGIN_URL == "login"
    assert client.get("/viec-cua-toi/")["Location"].startswith("/dang-nhap/")
    response = client.post("/dang-nhap/", {"username": "staff", "password": PASSWORD}, follow=False)
    assert response.status_code == 302 and response["Location"] == "/vao-viec/"


def test_agency_page_shows_the_published_current_issue_and_nothing_internal(world, client):
    document, revision = _published(world)
    draft = make_draft(world, document, purpose="Dự thảo lần 2 chưa công bố")
    submit(world, draft, summary="Nội dung nội bộ đang xem xét")
    internal = make_document(world, code="QT-01", title="Kiểm soát tài liệu nội bộ")
    effective_revision(world, internal)
    make_document(world, code="QT-09", title="Quy trình chỉ có dự thảo", is_public=True)
    withdrawn, _rev = _published(world, code="QT-07", title="Quy trình đã hủy bỏ")
    Document.objects.filter(pk=withdrawn.pk).update(withdrawn_at=revision.effective_at)
    open_nc(world, description="Điểm không phù hợp bí mật")

    response = client.get("/co-quan/ubnd-thu-nghiem/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "QT-05" in body and "Cấp giấy phép xây dựng" in body
    assert f"Lần ban hành {revision.issue_label} · có hiệu lực từ ngày {revision.effective_date:%d/%m/%Y}" in body
    assert f"/co-quan/ubnd-thu-nghiem/tai-lieu/{document.pk}/ban-hien-hanh.pdf" in body
    assert "/phan-anh/gui/ubnd-thu-nghiem/" in body and "/tai-lieu/xac-minh/" in body
    for secret in ("Kiểm soát tài liệu nội bộ", "Quy trình chỉ có dự thảo", "Quy trình đã hủy bỏ",
                   "Nội dung nội bộ đang xem xét", "Dự thảo", "Điểm không phù hợp bí mật"):
        assert secret not in body, secret
    for person in world.people.values():
        assert person.full_name not in body, person.full_name
    assert "/tai-lieu/ban-hanh/" not in body  # no link into the staff pages


def test_agency_page_search_is_accent_insensitive_and_escapes_what_was_typed(world, client):
    _published(world)
    _published(world, code="QT-06", title="Đăng ký khai sinh")
    body = client.get("/co-quan/ubnd-thu-nghiem/", {"q": "dang ky"}).content.decode()
    assert "QT-06" in body and "khai sinh" in body and "QT-05" not in body
    assert "<mark>Đăng ký</mark>" in body
    response = client.get("/co-quan/ubnd-thu-nghiem/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    assert "Không có quy trình nào khớp" in response.content.decode()


@pytest.mark.parametrize("path", ["/co-quan/khong-co/", "/co-quan/so-khcn-thu/", "/co-quan/khong-co/tai-lieu/1/ban-hien-hanh.pdf"])
def test_unknown_or_unlisted_agency_gets_a_clear_page(world, client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Không tìm thấy cơ quan" in response.content.decode()


def test_public_pdf_is_the_current_issue_stamped_uncontrolled_with_one_public_copy(world, client):
    document, revision = _published(world)
    url = f"/co-quan/ubnd-thu-nghiem/tai-lieu/{document.pk}/ban-hien-hanh.pdf"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    pdf_bytes = b"".join(first.streaming_content)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        links = {str(a.A.URI) for p in pdf.pages for a in p.obj.get("/Annots", []) if "/A" in a and "/URI" in a.A}
    copies = Copy.objects.filter(revision=revision, is_public=True)
    assert copies.count() == 1  # every reader gets the same public copy, the register is not flooded
    public_copy = copies.get()
    assert public_copy.kind == Copy.Kind.UNCONTROLLED and public_copy.holder_id is None
    assert len(links) == 1 and links.pop().endswith(f"/tai-lieu/xac-minh/{public_copy.code}/")


def test_public_pdf_refuses_what_is_not_published(world, client):
    internal = make_document(world, code="QT-01", title="Kiểm soát tài liệu")
    attach_master(effective_revision(world, internal))
    other_agency_doc, _r = _published(world, code="QT-08", title="Khác")
    for url in (f"/co-quan/ubnd-thu-nghiem/tai-lieu/{internal.pk}/ban-hien-hanh.pdf",
                f"/co-quan/so-khac/tai-lieu/{other_agency_doc.pk}/ban-hien-hanh.pdf",
                "/co-quan/ubnd-thu-nghiem/tai-lieu/999999/ban-hien-hanh.pdf"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy tài liệu" in response.content.decode()
    assert not Copy.objects.filter(is_public=True).exists()


def test_public_pdf_not_yet_rendered_says_so(world, client):
    document = make_document(world, is_public=True)
    effective_revision(world, document)  # no master stored (the test settings render nothing here)
    from processes.copies.models import MasterPDF
    MasterPDF.objects.filter(revision__document=document).delete()
    response = client.get(f"/co-quan/ubnd-thu-nghiem/tai-lieu/{document.pk}/ban-hien-hanh.pdf")
    assert response.status_code == 503
    assert "Bản PDF chưa sẵn sàng" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_front_page_query_count_does_not_grow_with_agencies_or_documents(world, client):
    _published(world)
    client.get("/")
    few = _queries(client, "/")
    for n in range(5):
        Agency.objects.create(code=f"ubnd-phuong-{n}", name=f"UBND Phường {n}")
    for n in range(4):
        _published(world, code=f"QT-1{n}", title=f"Thủ tục {n}")
    assert _queries(client, "/") == few <= 4


def test_agency_page_query_count_does_not_grow_with_documents(world, client):
    _published(world)
    url = "/co-quan/ubnd-thu-nghiem/"
    client.get(url)
    few = _queries(client, url)
    for n in range(6):
        _published(world, code=f"QT-2{n}", title=f"Thủ tục {n}", doc_type=Document.Type.WORK_INSTRUCTION if n % 2 else
                   Document.Type.PROCEDURE)
    assert _queries(client, url) == few <= 6
    assert _queries(client, url + "?q=thu+tuc&page=2") <= few


def test_document_type_decides_the_public_default(world, client):
    assert Document.public_by_default(Document.Type.PROCEDURE)
    for kind in (Document.Type.WORK_INSTRUCTION, Document.Type.FORM, Document.Type.MANUAL, Document.Type.EXTERNAL):
        assert not Document.public_by_default(kind)
    client.force_login(world.coordinator)
    body = client.get("/tai-lieu/moi/").content.decode()
    assert 'name="is_public"' in body and "data-public-types=" in body
    checkbox = body[body.index('name="is_public"') - 120: body.index('name="is_public"') + 120]
    assert "checked" in checkbox  # a new document starts as a procedure: public unless the coordinator unticks


def test_coordinator_change_of_public_is_kept_in_history(world, client):
    from processes.documents import services

    document, _r = _published(world)
    document.is_public = False
    services.document_save(document=document, user=world.coordinator, reason="Quy trình nội bộ")
    record = document.history.order_by("-history_date").first()
    assert record.is_public is False and record.history_change_reason == "Quy trình nội bộ"
    assert record.prev_record.is_public is True
    assert "Cấp giấy phép xây dựng" not in client.get("/co-quan/ubnd-thu-nghiem/").content.decode()


@pytest.mark.parametrize("path", [
    "/co-quan/ubnd-thu-nghiem/?q=%FF%FE%FD",               # not UTF-8
    "/co-quan/ubnd-thu-nghiem/?q=%C3%28&page=%E2%82",       # broken sequences
    "/co-quan/ubnd-thu-nghiem/?page=99999999999999999999999",
    "/co-quan/ubnd-thu-nghiem/?q=" + "đường" * 2000,        # very long
    "/co-quan/ubnd-thu-nghiem/?q=%00%00",
    "/?q=%3Cscript%3Ealert(1)%3C/script%3E",
])
def test_hostile_query_strings_get_the_page(world, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("path", ["/co-quan/%FF%FE/", "/co-quan/" + "a" * 5000 + "/", "/co-quan/%3Cscript%3E/",
                                  "/co-quan/ubnd-thu-nghiem/tai-lieu/%FF/ban-hien-hanh.pdf",
                                  "/co-quan/ubnd-thu-nghiem/tai-lieu/99999999999999999999999/ban-hien-hanh.pdf"])
def test_hostile_paths_get_a_clear_not_found(world, client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy" in body and "<script>" not in body
