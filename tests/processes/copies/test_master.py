"""The master PDF (PDF-1): rendered once, in a background task, from the revision's real data; failures
visible and retryable; a queued render is a database row that survives until a worker runs it."""

import io
import re

import pikepdf
import pytest

from processes.copies import render as master_render
from processes.copies import services as services_pdf
from processes.copies.models import MasterPDF
from processes.documents.models import Revision
from qms.pdf import codes
from tests.processes.copies.conftest import assert_header_on_every_page, flat, master_of, page_texts
from tests.processes.documents.helpers import approve, make_document, make_draft, submit, tomorrow

S = Revision.Status


def test_approval_renders_the_master_once_with_hash_pages_and_metadata(world, publish):
    revision = publish()
    master = master_of(revision)
    assert master.status == MasterPDF.Status.DONE
    assert master.template_version == master_render.TEMPLATE_VERSION
    with master.file.open("rb") as handle:
        data = handle.read()
    assert codes.sha256_hex(data) == master.sha256
    assert master.size == len(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == master.pages >= 2
        info = pdf.docinfo
        assert str(info["/Title"]) == "QT-05 Cấp giấy phép xây dựng"
        assert str(info["/Author"]) == world.agency.name
        assert str(info["/Subject"]) == "QT-05 – Lần ban hành 01"
    # Approving again / queueing again does not render again while the template version is the same.
    before = (master.file.name, master.attempts)
    services_pdf.queue_master(revision_id=revision.pk)
    master.refresh_from_db()
    assert (master.file.name, master.attempts) == before


def test_master_text_has_header_on_every_page_signatures_amendments_and_sections(world, publish):
    first = publish()
    revision = publish(document=first.document, summary="Rút ngắn thời gian thẩm định", change_location="Mục 5.7")
    assert revision.issue_number == 2
    with master_of(revision).file.open("rb") as handle:
        texts = [flat(t) for t in page_texts(handle.read())]
    with master_of(revision).file.open("rb") as handle:
        assert assert_header_on_every_page(handle.read(), revision) == len(texts) >= 2
    first_page = texts[0]
    # Approval block: each signature's printed name, title, meaning and time.
    for sig in revision.signatures.all():
        assert sig.printed_name in first_page
        assert sig.printed_title in first_page
        assert f"{sig.get_meaning_display()} – " in first_page
    assert "Đã ký điện tử" in first_page
    assert world.coordinator.display_name in first_page
    everything = " ".join(texts)
    # Amendment table from the document's revisions: both issues, the change summary and where.
    assert "THEO DÕI SỬA ĐỔI TÀI LIỆU" in everything
    assert "Ban hành lần đầu" in everything and "Rút ngắn thời gian thẩm định" in everything and "Mục 5.7" in everything
    for heading in ["1. MỤC ĐÍCH", "2. PHẠM VI ÁP DỤNG", "3. TÀI LIỆU VIỆN DẪN", "5. NỘI DUNG QUY TRÌNH",
                    "5.7. Quy trình xử lý công việc", "6. BIỂU MẪU", "7. HỒ SƠ CẦN LƯU"]:
        assert heading in everything, heading
    for cell in ["Tiếp nhận hồ sơ", "Thẩm định hồ sơ", "4,5 ngày", "BM-05-01", "Hồ sơ cấp phép", "Lâu dài",
                 "75.000 đồng"]:
        assert cell in everything, cell
    # user rich text was sanitised for print: the file:// image is gone, the words stay
    assert "trực tuyến" in everything and "passwd" not in everything


def test_distribution_list_is_printed_in_the_master(world, publish, distributed_document):
    revision = publish(document=distributed_document)
    with master_of(revision).file.open("rb") as handle:
        text = flat(" ".join(page_texts(handle.read())))
    assert "PHÂN PHỐI TÀI LIỆU" in text
    assert "Phòng Quản lý đô thị" in text and world.staff.display_name in text


def test_failed_render_leaves_revision_approved_with_visible_failed_state_and_retry(world, publish, monkeypatch,
                                                                                    login, django_capture_on_commit_callbacks):
    from qms.pdf import render

    def boom(*args, **kwargs):
        raise render.RenderCrashed("PDF render process died (signal 9)")

    monkeypatch.setattr(render, "render_result", boom)
    document = make_document(world)
    draft = make_draft(world, document)
    submit(world, draft)
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, draft, effective_date=tomorrow())
    draft.refresh_from_db()
    assert draft.status == S.APPROVED
    master = master_of(draft)
    assert master.status == MasterPDF.Status.FAILED and "RenderCrashed" in master.error
    assert master.error.startswith("Tiến trình tạo PDF dừng bất thường")  # the reason first, in Vietnamese
    page = login(world.coordinator).get(f"/tai-lieu/ban-hanh/{draft.pk}/").content.decode()
    assert 'data-state="failed"' in page and "Tạo bản PDF thất bại" in page and 'data-testid="master-retry"' in page
    # staff see no retry button
    staff_page = login(world.reviewer).get(f"/tai-lieu/ban-hanh/{draft.pk}/").content.decode()
    assert 'data-testid="master-retry"' not in staff_page
    # the coordinator's retry renders it once the renderer works again
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.coordinator).post(f"/tai-lieu/ban-hanh/{draft.pk}/ban-goc-pdf/tao-lai/")
    assert response.status_code == 302
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.attempts == 2 and master.error == ""


def test_staff_cannot_retry_a_render(world, publish, login):
    revision = publish()
    response = login(world.staff).post(f"/tai-lieu/ban-hanh/{revision.pk}/ban-goc-pdf/tao-lai/")
    assert response.status_code == 403


def test_queued_render_is_a_database_task_that_the_worker_runs(world, settings, django_capture_on_commit_callbacks,
                                                                monkeypatch):
    """With the production backend the approval only writes a task row; the worker (db_worker) renders later.

    The row is the whole state of the queued render, so a worker killed and restarted finds it again.
    """
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    document = make_document(world)
    draft = make_draft(world, document)
    submit(world, draft)
    with django_capture_on_commit_callbacks(execute=True):
        approve(world, draft)
    master = master_of(draft)
    assert master.status == MasterPDF.Status.QUEUED and not master.file
    rows = list(DBTaskResult.objects.filter(task_path="processes.copies.tasks.render_master_task"))
    assert len(rows) == 1 and rows[0].status == "READY" and rows[0].args_kwargs["args"] == [master.pk]
    # The real worker loop (pick a ready row, claim it, run it); it would close the test's own connection
    # between tasks, which the test transaction cannot survive on PostgreSQL.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", batch=True, interval=0, startup_delay=False)
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.pages >= 1
    assert DBTaskResult.objects.get(pk=rows[0].pk).status == "SUCCESSFUL"


def test_a_template_version_change_re_renders_only_stale_masters(world, publish, monkeypatch):
    revision = publish()
    master = master_of(revision)
    first_hash, first_name = master.sha256, master.file.name
    assert services_pdf.queue_stale_masters() == []
    monkeypatch.setattr(master_render, "TEMPLATE_VERSION", "procedure-test-2")
    from django.db import transaction

    with transaction.atomic():
        queued = services_pdf.queue_stale_masters()
    assert [m.pk for m in queued] == [master.pk]
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.QUEUED  # on_commit not run in this test transaction
    master_render.render_master(master_id=master.pk)
    master.refresh_from_db()
    assert master.status == MasterPDF.Status.DONE and master.template_version == "procedure-test-2"
    assert master.file.name != first_name and not master.file.storage.exists(first_name)
    assert re.fullmatch(r"[0-9a-f]{64}", master.sha256) and first_hash


def test_revision_page_polls_while_the_master_is_queued_and_stops_when_done(world, publish, login):
    revision = publish()
    master = master_of(revision)
    client = login(world.staff)
    page = client.get(f"/tai-lieu/ban-hanh/{revision.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' not in page and 'data-testid="download-uncontrolled"' in page
    master.status = MasterPDF.Status.QUEUED
    master.save()
    page = client.get(f"/tai-lieu/ban-hanh/{revision.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "Đang chờ tạo bản PDF" in page
    assert 'data-testid="download-uncontrolled"' not in page
    partial = client.get(f"/tai-lieu/ban-hanh/{revision.pk}/ban-goc-pdf/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith("<span") or 'id="copy-panel"' in partial
    assert 'hx-trigger="every 2s"' in partial and "<html" not in partial
    master.status = MasterPDF.Status.DONE
    master.save()
    partial = client.get(f"/tai-lieu/ban-hanh/{revision.pk}/ban-goc-pdf/").content.decode()
    assert 'hx-trigger="every 2s"' not in partial and 'data-testid="download-uncontrolled"' in partial


def test_download_before_the_master_exists_says_so_and_records_nothing(world, publish, login):
    from processes.copies.models import Copy

    revision = publish()
    master = master_of(revision)
    master.status = MasterPDF.Status.RENDERING
    master.save()
    response = login(world.staff).get(f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf")
    assert response.status_code == 409
    assert "đang được tạo" in response.content.decode()
    assert not Copy.objects.exists()
