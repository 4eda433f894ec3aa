"""Revisions published through the real services, with the on-commit hooks run (master render included)."""

import io

import pdfplumber
import pytest

from processes.documents import services
from processes.documents.models import DistributionEntry
from processes.copies.models import MasterPDF
from tests.processes.documents.helpers import STEPS, approve, effective_revision, make_document, make_draft

RICH = {
    "purpose": "Quy định trình tự, thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ trên địa bàn quận.",
    "scope": "Áp dụng đối với Bộ phận một cửa, Phòng Quản lý đô thị và cá nhân có liên quan.",
    "references": "Luật Xây dựng số 50/2014/QH13.\nNghị định số 15/2021/NĐ-CP.",
    "definitions": "GPXD: Giấy phép xây dựng.",
    "procedure_html": "<p>Hồ sơ nộp trực tiếp hoặc <strong>trực tuyến</strong>.</p>"
                      "<img src=\"file:///etc/passwd\"><a href=\"http://127.0.0.1:9/x\">liên kết</a>",
    "legal_basis": "Luật Xây dựng 2014.", "dossier": "Đơn đề nghị; bản vẽ thiết kế.", "dossier_count": "01 bộ",
    "fee": "75.000 đồng", "submit_place": "Bộ phận một cửa UBND quận",
    "steps": STEPS,
    "forms": [{"code": "BM-05-01", "name": "Đơn đề nghị cấp giấy phép xây dựng"}],
    "records": [{"name": "Hồ sơ cấp phép", "keeper": "Phòng QLĐT", "place": "Kho lưu trữ", "retention": "Lâu dài"}],
}


@pytest.fixture
def publish(world, django_capture_on_commit_callbacks):
    """publish(document=None, **content) → an effective revision whose master has been rendered."""

    def _publish(document=None, **content):
        document = document or make_document(world)
        with django_capture_on_commit_callbacks(execute=True):
            if document.revisions.exists():
                summary = content.pop("summary", "Rút ngắn thời gian thẩm định")
                location = content.pop("change_location", "")
                revision = make_draft(world, document, **{**RICH, **content})
                services.revision_submit(revision=revision, user=revision.author, reviewers=[world.reviewer],
                                         approver=world.head, change_summary=summary, change_location=location)
                approve(world, revision)
            else:
                revision = effective_revision(world, document, **{**RICH, **content})
        revision.refresh_from_db()
        return revision

    return _publish


@pytest.fixture
def distributed_document(world):
    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, department=world.departments["urban"])
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    return document


def master_of(revision):
    return MasterPDF.objects.get(revision=revision)


def page_texts(pdf_bytes):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


MM = 72 / 25.4
ISO_LINE = "HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TIÊU CHUẨN TCVN ISO 9001:2008"


def flat(text):
    return " ".join((text or "").split())


def header_cells(pdf_bytes):
    """(agency, title, meta) header cell texts of each page (cropped like tests/pdf/test_render.py)."""
    cells = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            left = page.within_bbox((29 * MM, 0, 84.5 * MM, 52 * MM)).extract_text()
            centre = page.within_bbox((84.5 * MM, 0, 145 * MM, 52 * MM)).extract_text()
            right = page.within_bbox((145 * MM, 0, page.width, 52 * MM)).extract_text()
            cells.append((flat(left), flat(centre), flat(right)))
    return cells


def assert_header_on_every_page(pdf_bytes, revision):
    cells = header_cells(pdf_bytes)
    n = len(cells)
    assert n >= 1
    for i, (left, centre, right) in enumerate(cells, 1):
        assert revision.agency.name.upper() in left, (i, left)
        assert ISO_LINE in left, (i, left)
        assert centre == f"QUY TRÌNH {revision.title.upper()}", (i, centre)
        assert f"Mã hiệu: {revision.document.code}" in right
        assert f"Lần ban hành: {revision.issue_label}" in right
        assert f"Ngày hiệu lực: {revision.effective_date:%d/%m/%Y}" in right
        assert f"Trang: {i}/{n}" in right, (i, right)
    return n


def qpdf_check(pdf_bytes, tmp_path, name="check.pdf"):
    import subprocess

    path = tmp_path / name
    path.write_bytes(pdf_bytes)
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
