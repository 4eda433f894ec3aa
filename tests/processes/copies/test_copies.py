"""Copies (PDF-2/3/4): stamped from the stored master, every page stamped and linked to the verification
page, numbered controlled copies with holder, obsolete copies only for roles that see history, every
download logged, a tampered master refused."""

import pytest
from django.utils import timezone
import pikepdf
import io

from processes.copies import services as services_pdf
from processes.copies.render import render_master
from processes.copies.models import Copy, CopyDownload, MasterPDF
from processes.documents.models import Revision
from qms.pdf import codes
from tests.processes.copies.conftest import (
    assert_header_on_every_page,
    body,
    flat,
    header_cells,
    master_of,
    page_texts,
    qpdf_check,
)

S = Revision.Status


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response, body(response)


def _verify_links(pdf_bytes):
    urls = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            page_urls = [str(a.A.URI) for a in page.obj.get("/Annots", []) if "/A" in a and "/URI" in a.A]
            urls.append(page_urls)
    return urls


@pytest.mark.s3
def test_staff_downloads_uncontrolled_copy_stamped_and_verifiable_on_every_page(world, publish, login, settings,
                                                                                  tmp_path):
    settings.SITE_URL = "https://qms.hoankiem.gov.vn"
    revision = publish()
    response, pdf = _download(login(world.staff), f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf")
    assert 'filename="QT-05_lan01_ban-khong-kiem-soat.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
    copy = Copy.objects.get()
    assert copy.kind == Copy.Kind.UNCONTROLLED and copy.number is None
    url = f"https://qms.hoankiem.gov.vn/tai-lieu/xac-minh/{copy.code}/"
    texts = [flat(t) for t in page_texts(pdf)]
    assert len(texts) == master_of(revision).pages
    assert_header_on_every_page(pdf, revision)
    for text in texts:
        assert "BẢN KHÔNG KIỂM SOÁT – in lúc " in text
        assert f"Mã xác minh: {codes.format_code(copy.code)}" in text
        assert url in text
        assert world.staff.display_name in text
    assert all(url in links for links in _verify_links(pdf))
    assert qpdf_check(pdf, tmp_path).returncode == 0
    log = CopyDownload.objects.get()
    assert (log.user, log.kind, log.copy) == (world.staff, "uncontrolled", copy)
    # Each download is a copy of its own with a new code; the master is never re-rendered.
    attempts = master_of(revision).attempts
    _download(login(world.staff), f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf")
    assert Copy.objects.count() == 2 and len(set(Copy.objects.values_list("code", flat=True))) == 2
    assert master_of(revision).attempts == attempts


def test_agency_stamp_wording_is_used(world, publish, login):
    world.agency.stamp_uncontrolled = "BẢN THAM KHẢO"
    world.agency.save()
    revision = publish()
    _, pdf = _download(login(world.staff), f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf")
    assert all("BẢN THAM KHẢO – in lúc" in flat(t) for t in page_texts(pdf))


@pytest.mark.s3
def test_controlled_copies_go_to_the_distribution_list_and_holders_download_them(world, publish,
                                                                                distributed_document, login,
                                                                                tmp_path):
    revision = publish(document=distributed_document)
    copies = list(Copy.objects.filter(revision=revision).order_by("number"))
    assert [(c.number, c.holder, c.department_name) for c in copies] == [
        (1, world.reviewer, "Phòng Quản lý đô thị"),  # department entry → its head holds the copy
        (2, world.staff, "Bộ phận một cửa"),
    ]
    assert all(c.kind == Copy.Kind.CONTROLLED and c.issued_by is None for c in copies)
    staff_copy = copies[1]
    page = login(world.staff).get(f"/tai-lieu/ban-hanh/{revision.pk}/").content.decode()
    assert "Bản kiểm soát số 02 của tôi" in page
    response, pdf = _download(login(world.staff), f"/tai-lieu/ban-kiem-soat/{staff_copy.pk}.pdf")
    assert 'filename="QT-05_lan01_ban-kiem-soat-so-02.pdf"' in response["Content-Disposition"]
    texts = [flat(t) for t in page_texts(pdf)]
    for text in texts:
        assert "BẢN KIỂM SOÁT số 02" in text
        assert f"Người giữ: {world.staff.display_name}" in text and "Bộ phận: Bộ phận một cửa" in text
        assert f"Ngày cấp: {timezone.localtime(staff_copy.issued_at):%d/%m/%Y}" in text  # the local day
        assert services_pdf.verify_url(staff_copy.code) in text
    assert qpdf_check(pdf, tmp_path).returncode == 0
    # red stamp: the headline is drawn in the controlled colour
    assert b"0.780 0.000 0.000 rg" in _raw(pdf)
    # another member may not download someone else's controlled copy; the coordinator may
    assert login(world.author).get(f"/tai-lieu/ban-kiem-soat/{staff_copy.pk}.pdf").status_code == 403
    _download(login(world.coordinator), f"/tai-lieu/ban-kiem-soat/{staff_copy.pk}.pdf")
    assert CopyDownload.objects.filter(copy=staff_copy).count() == 2
    assert Copy.objects.count() == 2  # downloads of a controlled copy keep its number and code


def _raw(pdf_bytes):
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.all)
    return out.getvalue()


def test_coordinator_issues_controlled_copy_on_request_with_next_number(world, publish, login):
    revision = publish()
    client = login(world.coordinator)
    response = client.post(f"/tai-lieu/ban-hanh/{revision.pk}/cap-ban-kiem-soat/",
                           {"holder": world.auditor.pk, "department": world.departments["justice"].pk})
    assert response.status_code == 302
    response = client.post(f"/tai-lieu/ban-hanh/{revision.pk}/cap-ban-kiem-soat/",
                           {"department": world.departments["urban"].pk})
    copies = list(Copy.objects.filter(revision=revision).order_by("number"))
    assert [(c.number, c.holder, c.department_name, c.issued_by) for c in copies] == [
        (1, world.auditor, "Phòng Tư pháp", world.coordinator),
        (2, world.reviewer, "Phòng Quản lý đô thị", world.coordinator),
    ]
    register = client.get(f"/tai-lieu/ban-hanh/{revision.pk}/so-phan-phoi/").content.decode()
    assert world.auditor.display_name in register and "Phòng Tư pháp" in register


def test_issue_form_refuses_empty_and_foreign_choices_without_saving(world, publish, login):
    revision = publish()
    client = login(world.coordinator)
    response = client.post(f"/tai-lieu/ban-hanh/{revision.pk}/cap-ban-kiem-soat/", {})
    assert response.status_code == 200 and "Chọn người giữ hoặc phòng" in response.content.decode()
    response = client.post(f"/tai-lieu/ban-hanh/{revision.pk}/cap-ban-kiem-soat/", {"holder": world.outsider.pk})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = client.post(f"/tai-lieu/ban-hanh/{revision.pk}/cap-ban-kiem-soat/", {"holder": "x\x00'; drop"})
    assert response.status_code == 200
    assert not Copy.objects.exists()
    assert login(world.staff).post(f"/tai-lieu/ban-hanh/{revision.pk}/cap-ban-kiem-soat/",
                                   {"holder": world.staff.pk}).status_code == 403


def test_superseding_lists_copies_for_recall_holders_see_it_and_coordinator_confirms(world, publish,
                                                                                      distributed_document, login):
    from qms.core.mywork import work_for

    old = publish(document=distributed_document)
    new = publish(document=distributed_document)
    old.refresh_from_db()
    assert old.status == S.SUPERSEDED
    old_copies = list(Copy.objects.filter(revision=old).order_by("number"))
    assert all(c.recall_requested_at is not None and c.recalled_at is None for c in old_copies)
    assert Copy.objects.filter(revision=new, kind="controlled").count() == 2  # the new issue went out too
    staff_items = [i for i in work_for(world.staff) if i.section == "Bản kiểm soát cần nộp lại"]
    assert len(staff_items) == 1 and "số 02" in staff_items[0].detail
    coord_items = [i for i in work_for(world.coordinator) if i.section == "Thu hồi bản kiểm soát"]
    assert len(coord_items) == 1 and "2 bản chờ thu hồi" in coord_items[0].detail
    client = login(world.coordinator)
    register = client.get("/tai-lieu/so-phan-phoi/").content.decode()
    assert "Bản kiểm soát cần thu hồi (2)" in register
    assert client.post(f"/tai-lieu/ban-kiem-soat/{old_copies[1].pk}/thu-hoi/").status_code == 302
    old_copies[1].refresh_from_db()
    assert old_copies[1].recalled_at is not None and old_copies[1].recalled_by == world.coordinator
    assert old_copies[1].history.first().history_user == world.coordinator
    assert not [i for i in work_for(world.staff) if i.section == "Bản kiểm soát cần nộp lại"]
    # confirming twice changes nothing and says so
    response = client.post(f"/tai-lieu/ban-kiem-soat/{old_copies[1].pk}/thu-hoi/", follow=True)
    assert "đã được xác nhận thu hồi" in response.content.decode()
    # the holder may no longer download the superseded controlled copy from the revision page
    assert login(world.staff).post(f"/tai-lieu/ban-kiem-soat/{old_copies[0].pk}/thu-hoi/").status_code == 403


def test_obsolete_copy_only_for_history_roles_and_stamped_across_every_page(world, publish, login, tmp_path):
    old = publish()
    publish(document=old.document)
    old.refresh_from_db()
    url = f"/tai-lieu/ban-hanh/{old.pk}/ban-het-hieu-luc.pdf"
    assert login(world.staff).get(url).status_code == 404  # staff do not see superseded issues at all
    response, pdf = _download(login(world.auditor), url)
    assert 'filename="QT-05_lan01_ban-het-hieu-luc.pdf"' in response["Content-Disposition"]
    for text in page_texts(pdf):
        assert "TÀI LIỆU HẾT HIỆU LỰC" in flat(text)
    raw = _raw(pdf)
    assert raw.count(b"/GSstamp gs") >= 1  # the translucent diagonal headline, drawn on every page via the form
    assert qpdf_check(pdf, tmp_path).returncode == 0
    # the uncontrolled copy of a superseded issue is not offered
    assert login(world.auditor).get(f"/tai-lieu/ban-hanh/{old.pk}/ban-khong-kiem-soat.pdf").status_code == 404


def test_tampered_master_is_refused_logged_and_shown_to_the_coordinator(world, publish, login, caplog):
    from qms.core.mywork import work_for

    revision = publish()
    master = master_of(revision)
    path = master.file.path
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 0x01  # one bit flipped in the stored file
    open(path, "wb").write(bytes(data))
    response = login(world.staff).get(f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf")
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/html")
    assert "không khớp với mã kiểm tra" in response.content.decode()
    assert "fails its SHA-256 check" in caplog.text
    assert not Copy.objects.exists() and not CopyDownload.objects.exists()
    master.refresh_from_db()
    assert master.integrity_failed_at is not None
    page = login(world.coordinator).get(f"/tai-lieu/ban-hanh/{revision.pk}/").content.decode()
    assert 'data-state="tampered"' in page and "cần tạo lại" in page and 'data-testid="master-retry"' in page
    assert any(i.section == "Bản gốc PDF cần xử lý" for i in work_for(world.coordinator))
    # re-render fixes it
    services_pdf.retry_master(master=master, user=world.coordinator)
    render_master(master_id=master.pk)
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.integrity_failed_at is None
    _download(login(world.staff), f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf")


@pytest.mark.s3
def test_missing_master_file_is_refused_like_a_tampered_one(world, publish, login):
    revision = publish()
    master = master_of(revision)
    master.file.storage.delete(master.file.name)
    response = login(world.staff).get(f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf")
    assert response.status_code == 409 and not Copy.objects.exists()


def test_copy_panel_queries_do_not_grow_with_copies(world, publish, login, django_assert_num_queries,
                                                    distributed_document):
    from processes.copies.views import panel_context

    from qms.core.models import User

    revision = publish(document=distributed_document)
    staff = User.objects.get(pk=world.staff.pk)
    with django_assert_num_queries(3):
        panel_context(revision, staff)
    for _ in range(5):
        services_pdf.issue_controlled_copy(revision=revision, user=world.coordinator, holder=world.staff)
    staff = User.objects.get(pk=world.staff.pk)
    with django_assert_num_queries(3):
        context = panel_context(revision, staff)
    assert len(context["my_copies"]) == 6


def test_master_list_pdf_lists_current_documents_through_the_same_machinery(world, publish, login, tmp_path):
    revision = publish()
    response = login(world.staff).get("/tai-lieu/danh-muc-hien-hanh.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    texts = [flat(t) for t in page_texts(response.content)]
    assert header_cells(response.content)[0][1] == "DANH MỤC TÀI LIỆU HIỆN HÀNH"
    assert "QT-05" in texts[0] and "Cấp giấy phép xây dựng" in texts[0] and revision.issue_label in texts[0]
    assert qpdf_check(response.content, tmp_path).returncode == 0
    page = login(world.staff).get("/tai-lieu/danh-muc-hien-hanh/").content.decode()
    assert 'href="/tai-lieu/danh-muc-hien-hanh.pdf"' in page


def test_demo_seed_queues_masters_instead_of_rendering_them(db):
    from django.core.management import call_command

    call_command("seed_demo", "--quiet")
    masters = MasterPDF.objects.all()
    assert masters.exists() and not masters.exclude(status=MasterPDF.Status.QUEUED).exists()
    assert not masters.filter(revision__document__doc_type="external").exists()
    assert Copy.objects.to_recall().count() == 1


def test_a_failure_issuing_copies_never_undoes_the_activation(world, publish, distributed_document, monkeypatch,
                                                             caplog):
    def broken(**kwargs):
        raise RuntimeError("storage down")

    monkeypatch.setattr(services_pdf, "issue_controlled_copy", broken)
    revision = publish(document=distributed_document)
    assert revision.status == Revision.Status.EFFECTIVE
    assert "could not issue/recall controlled copies" in caplog.text
    assert not Copy.objects.exists()


def test_agency_register_shows_the_oldest_recalls_first_and_counts_them_all(world, publish, distributed_document,
                                                                            login, monkeypatch):
    monkeypatch.setattr("processes.copies.views.REGISTER_PAGE", 1)
    old = publish(document=distributed_document)
    publish(document=distributed_document)  # supersedes: both copies of the old issue are asked back
    client = login(world.coordinator)

    register = client.get("/tai-lieu/so-phan-phoi/").content.decode()

    assert "Bản kiểm soát cần thu hồi (2)" in register  # the heading counts every copy
    listed = register.split('data-testid="to-recall"', 1)[1].split("</table>", 1)[0]
    assert listed.count("Xác nhận đã thu hồi") == 1
    assert 'data-testid="to-recall-more"' in register
    first = Copy.objects.filter(revision=old).order_by("recall_requested_at", "id").first()
    assert f"/tai-lieu/ban-kiem-soat/{first.pk}/thu-hoi/" in listed


def test_withdrawing_a_document_asks_its_controlled_copies_back_at_once(world, publish, distributed_document):
    from processes.documents import services
    from processes.documents.models import PeriodicReview
    from qms.core.mywork import work_for

    revision = publish(document=distributed_document)
    copies = list(Copy.objects.filter(revision=revision, kind="controlled"))
    assert len(copies) == 2 and all(c.recall_requested_at is None for c in copies)

    services.periodic_review_record(document=distributed_document, user=world.coordinator,
                                    outcome=PeriodicReview.Outcome.WITHDRAW, notes="Thủ tục đã bị bãi bỏ")

    revision.refresh_from_db()
    assert revision.status == S.OBSOLETE
    for copy in copies:
        copy.refresh_from_db()
        assert copy.recall_requested_at is not None and copy.recalled_at is None
        assert copy.history.first().history_change_reason == "Tài liệu đã bị hủy bỏ: cần thu hồi"
    assert [i for i in work_for(world.staff) if i.section == "Bản kiểm soát cần nộp lại"]
    coord = [i for i in work_for(world.coordinator) if i.section == "Thu hồi bản kiểm soát"]
    assert len(coord) == 1 and "2 bản chờ thu hồi" in coord[0].detail
