"""The master PDF: Decree 30 layout, header on every page, metadata, embedded Vietnamese font, NFC text."""

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from qms.pdf.render import RenderMemoryExceeded, RenderTimeout, render_pdf, render_result
from tests.pdf.conftest import flat, page_texts, qpdf_check

SAMPLE = Path("/work/shared/samples/hanoi-2013-admin-reform-directive.txt")
ISO_LINE = "HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TIÊU CHUẨN TCVN ISO 9001:2008"
MM = 72 / 25.4


def _header_cells(pdf_bytes):
    """Text of the left (agency), centre (title) and right (meta) header cells on each page."""
    cells = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            left = page.within_bbox((29 * MM, 0, 84.5 * MM, 52 * MM)).extract_text()
            centre = page.within_bbox((84.5 * MM, 0, 145 * MM, 52 * MM)).extract_text()
            right = page.within_bbox((145 * MM, 0, page.width, 52 * MM)).extract_text()
            cells.append((flat(left), flat(centre), flat(right)))
    return cells


def test_master_repeats_header_block_with_page_x_of_n_on_every_page(master):
    texts = page_texts(master.pdf)
    n = len(texts)
    assert n == master.pages and n >= 6
    for i, (left, centre, right) in enumerate(_header_cells(master.pdf), start=1):
        assert "UBND QUẬN HOÀN KIẾM" in left
        assert ISO_LINE in left
        assert centre == "QUY TRÌNH CẤP GIẤY PHÉP XÂY DỰNG NHÀ Ở RIÊNG LẺ"
        assert "Mã hiệu: QT-QLĐT-01" in right
        assert "Lần ban hành: 02" in right
        assert "Ngày hiệu lực: 15/07/2026" in right
        assert f"Trang: {i}/{n}" in right


def test_master_first_page_has_approval_amendment_and_distribution_blocks(master):
    first = flat(page_texts(master.pdf)[0])
    for words in ["Người soạn thảo", "Người xem xét", "Người phê duyệt", "Họ và tên", "Chức vụ", "Chữ ký",
                  "Lê Quang Vũ", "Phê duyệt – 10/07/2026 10:02", "THEO DÕI SỬA ĐỔI TÀI LIỆU", "PHÂN PHỐI TÀI LIỆU"]:
        assert words in first


def test_step_table_breaks_across_pages_with_repeated_header_and_whole_rows(master):
    texts = [flat(t) for t in page_texts(master.pdf)]
    pages_with_steps = [t for t in texts if "Trình tự công việc" in t]
    assert len(pages_with_steps) >= 3  # 40 steps do not fit on one page: the header row repeats
    seen = []
    with pdfplumber.open(io.BytesIO(master.pdf)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if table and table[0] and table[0][0] == "Bước":
                    seen += [int(row[0]) for row in table[1:] if row[0] and row[0].isdigit()]
    assert seen == list(range(1, 41))  # every step exactly once: no row split over two pages


def test_master_metadata_names_agency_code_and_issue(master):
    with pikepdf.open(io.BytesIO(master.pdf)) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "QT-QLĐT-01 QUY TRÌNH CẤP GIẤY PHÉP XÂY DỰNG NHÀ Ở RIÊNG LẺ"
        assert str(info["/Author"]) == "UBND QUẬN HOÀN KIẾM"
        assert str(info["/Subject"]) == "QT-QLĐT-01 – Lần ban hành 02"
        assert "QT-QLĐT-01" in str(info["/Keywords"])


def test_master_embeds_only_liberation_serif_and_passes_qpdf_check(master, tmp_path):
    path = tmp_path / "master.pdf"
    path.write_bytes(master.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("Liberation-Serif" in row[0] for row in rows), fonts  # no fallback font: no tofu
    assert all(row[-5] == "yes" for row in rows), fonts  # emb
    result = qpdf_check(master.pdf, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_vietnamese_sample_round_trips_exactly_in_nfc(tmp_path):
    sample = unicodedata.normalize("NFC", SAMPLE.read_text(encoding="utf-8"))
    paragraphs = "".join(f"<p>{line}</p>" for line in sample.splitlines() if line.strip())
    html = ('<!doctype html><html lang="vi"><head><meta charset="utf-8">'
            '<link rel="stylesheet" href="/static/pdf/print.css"></head>'
            f'<body><div class="doc-body">{paragraphs}</div></body></html>')
    pdf = render_pdf(html, metadata={"title": "Mẫu tiếng Việt"})
    text = "\n".join(page_texts(pdf))
    assert unicodedata.is_normalized("NFC", text)
    text = re.sub(r"-\n", "-", text)  # a line may break after a hard hyphen ("01/CT-|UBND"): not a space
    assert flat(text) == flat(sample)
    path = tmp_path / "sample.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DejaVu" not in fonts and "Liberation-Serif" in fonts


def _child_pids():
    pids = set()
    for task in Path("/proc/self/task").iterdir():
        pids |= set((task / "children").read_text().split())
    return pids


def test_hostile_huge_input_is_stopped_by_the_time_limit_with_a_clear_error(caplog):
    huge = "<table>" + "<tr><td>Hàng số với nội dung dài dòng</td><td>x</td></tr>" * 60000 + "</table>"
    before = _child_pids()  # e.g. the browser the e2e tests keep open in this process
    with pytest.raises(RenderTimeout, match="time limit of 1 s"):
        # A generous memory bound, so that only the time limit can stop it even on a loaded machine.
        render_pdf(huge, metadata={}, timeout=1, memory_mb=8192)
    assert "time limit" in caplog.text
    assert _child_pids() - before == set()  # the render process was killed and reaped, not left running
    assert render_pdf("<p>Vẫn in được sau lỗi</p>", metadata={})[:5] == b"%PDF-"  # the caller is unharmed


def test_hostile_huge_input_is_stopped_by_the_memory_limit_with_a_clear_error():
    huge = "<p>" + "Nội dung rất dài lặp lại nhiều lần. " * 400000 + "</p>"
    with pytest.raises(RenderMemoryExceeded, match="memory limit of 24 MB"):
        render_pdf(huge, metadata={}, memory_mb=24, timeout=120)


def test_render_reports_page_count_and_nothing_refused_for_the_clean_template(master):
    assert master.refused == []
    assert master.pdf.startswith(b"%PDF-")
    assert render_result("<p>Một trang</p>", metadata={}).pages == 1


def test_header_block_spans_exactly_the_body_width_inside_decree_30_margins(master):
    with pdfplumber.open(io.BytesIO(master.pdf)) as pdf:
        for page in pdf.pages:
            header = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] < 52 * MM]
            body = [e for e in page.edges if e["orientation"] == "v" and e["top"] > 52 * MM]
            assert round(min(e["x0"] for e in header) / MM) == 30  # left margin 30 mm (binding side)
            assert round(max(e["x1"] for e in header) / MM) == 195  # right margin 15 mm
            assert max((e["x1"] for e in body), default=0) <= max(e["x1"] for e in header) + 0.5
            chars = page.chars
            assert min(c["x0"] for c in chars) >= 30 * MM - 0.5
            assert max(c["x1"] for c in chars) <= 195 * MM + 0.5
            assert max(c["bottom"] for c in chars) <= page.height - 25 * MM  # bottom 25 mm kept for stamps


def test_an_exception_inside_the_render_becomes_a_render_error(monkeypatch):
    import qms.pdf.render as render

    def broken(*args, **kwargs):
        raise ValueError("mẫu hỏng")

    monkeypatch.setattr(render, "render_in_process", broken)  # the forked child inherits the patch
    with pytest.raises(render.RenderError, match="ValueError: mẫu hỏng"):
        render.render_pdf("<p>x</p>", metadata={})


def test_a_render_process_that_dies_is_reported_not_waited_for(monkeypatch):
    import os
    import signal

    import qms.pdf.render as render

    monkeypatch.setattr(render, "render_in_process", lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL))  # as the OOM killer would
    with pytest.raises(render.RenderCrashed, match="signal 9"):
        render.render_pdf("<p>x</p>", metadata={})


def test_render_template_pdf_renders_a_django_print_template_with_its_metadata():
    from qms.pdf.demo_procedure import procedure_context
    from qms.pdf.render import render_template_pdf

    pdf = render_template_pdf("pdf/procedure.html", procedure_context(steps=3),
                              metadata={"title": "Bản thử", "author": "UBND Quận Thử Nghiệm"})
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert str(doc.docinfo["/Author"]) == "UBND Quận Thử Nghiệm"
    assert "Mã hiệu: QT-QLĐT-01" in flat(page_texts(pdf)[0])
