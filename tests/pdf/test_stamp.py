"""Copies: a stamp overlaid on every page of the stored master, never re-rendering it (spec PDF-2, PDF-3)."""

import io

import pikepdf
import pytest

from qms.pdf.stamp import (CONTROLLED, OBSOLETE, UNCONTROLLED, StampError, controlled_lines, obsolete_lines,
                           stamp_pdf, uncontrolled_lines)
from tests.pdf.conftest import VERIFY_CODE, VERIFY_URL, flat, page_texts, qpdf_check

KINDS = {
    CONTROLLED: controlled_lines("BẢN KIỂM SOÁT", 3, "Nguyễn Thị Hương", "Phòng Quản lý đô thị", "15/07/2026"),
    UNCONTROLLED: uncontrolled_lines("BẢN KHÔNG KIỂM SOÁT", "14:32 29/11/2026"),
    OBSOLETE: obsolete_lines("TÀI LIỆU HẾT HIỆU LỰC", "01/12/2026"),
}
EXPECTED = {
    CONTROLLED: ["BẢN KIỂM SOÁT số 03", "Người giữ: Nguyễn Thị Hương", "Bộ phận: Phòng Quản lý đô thị",
                 "Ngày cấp: 15/07/2026"],
    UNCONTROLLED: ["BẢN KHÔNG KIỂM SOÁT – in lúc 14:32 29/11/2026", "Không kiểm soát khi in"],
    OBSOLETE: ["TÀI LIỆU HẾT HIỆU LỰC", "Hết hiệu lực từ ngày 01/12/2026"],
}


@pytest.fixture(scope="module", params=list(KINDS))
def copy(request, master):
    kind = request.param
    return kind, stamp_pdf(master.pdf, kind=kind, text_lines=KINDS[kind], verify_url=VERIFY_URL,
                           verify_code=VERIFY_CODE)


def test_every_page_of_every_copy_kind_carries_stamp_code_and_verification_url(copy, master):
    kind, pdf = copy
    texts = [flat(t) for t in page_texts(pdf)]
    assert len(texts) == master.pages
    for i, text in enumerate(texts, start=1):
        for words in EXPECTED[kind]:
            assert words in text, (kind, i, words)
        assert f"Mã xác minh: {VERIFY_CODE}" in text
        assert VERIFY_URL in text
        assert f"Trang: {i}/{master.pages}" in text  # the master's own content is still there


def test_every_page_links_to_the_verification_url(copy):
    _, pdf = copy
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            uris = [str(a.A.URI) for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link" and "/A" in a]
            assert VERIFY_URL in uris


def test_copy_passes_qpdf_check_and_keeps_the_master_page_content(copy, master, tmp_path):
    kind, pdf = copy
    result = qpdf_check(pdf, tmp_path, f"{kind}.pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    with pikepdf.open(io.BytesIO(master.pdf)) as original, pikepdf.open(io.BytesIO(pdf)) as stamped:
        for before, after in zip(original.pages, stamped.pages):
            # overlay = the master's content stream untouched, plus the stamp drawn after it
            assert before.obj.Contents.read_bytes() in b"".join(
                c.read_bytes() for c in (after.obj.Contents if isinstance(after.obj.Contents, pikepdf.Array)
                                         else [after.obj.Contents]))
        assert "/Title" in stamped.docinfo and str(stamped.docinfo["/Author"]) == "UBND QUẬN HOÀN KIẾM"


def test_obsolete_copy_writes_the_notice_diagonally_across_the_page(master):
    import pdfplumber

    pdf = stamp_pdf(master.pdf, kind=OBSOLETE, text_lines=KINDS[OBSOLETE], verify_url=VERIFY_URL,
                    verify_code=VERIFY_CODE)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            big = [c for c in page.chars if c["size"] > 40]
            assert "".join(c["text"] for c in big).replace(" ", "") == "TÀILIỆUHẾTHIỆULỰC"
            assert big[0]["matrix"][1] > 0.5 * big[0]["matrix"][0] > 0  # rotated: rising to the right
            assert big[0]["x0"] < page.width / 2 < big[-1]["x1"]


def test_stamp_keeps_to_the_bottom_margin_reserved_for_it(master):
    import pdfplumber

    pdf = stamp_pdf(master.pdf, kind=CONTROLLED, text_lines=KINDS[CONTROLLED], verify_url=VERIFY_URL,
                    verify_code=VERIFY_CODE)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            stamp_chars = [c for c in page.chars if c["fontname"].startswith("QMSST")]
            assert stamp_chars
            body_chars = [c for c in page.chars if not c["fontname"].startswith("QMSST")]
            assert min(c["top"] for c in stamp_chars) > max(c["bottom"] for c in body_chars)


def test_long_holder_names_shrink_to_fit_and_unknown_kinds_are_refused(master):
    lines = controlled_lines("BẢN KIỂM SOÁT", 12, "Nguyễn Thị Thanh Hương Giang " * 4, "Phòng Tư pháp", "01/01/2027")
    pdf = stamp_pdf(master.pdf, kind=CONTROLLED, text_lines=lines, verify_url=VERIFY_URL, verify_code=VERIFY_CODE)
    assert "BẢN KIỂM SOÁT số 12" in flat(page_texts(pdf)[0])
    with pytest.raises(StampError):
        stamp_pdf(master.pdf, kind="draft", text_lines=["x"], verify_url=VERIFY_URL, verify_code=VERIFY_CODE)
    with pytest.raises(StampError):
        stamp_pdf(master.pdf, kind=CONTROLLED, text_lines=["x"], verify_url="javascript:alert(1)",
                  verify_code=VERIFY_CODE)


def test_stamp_keeps_the_masters_own_links_and_handles_landscape_pages():
    from qms.pdf.render import render_pdf

    html = ('<style>@page { size: A4; } @page wide { size: A4 landscape; } .wide { page: wide; }</style>'
            '<p><a href="https://dichvucong.gov.vn/">Cổng dịch vụ công</a></p><div class="wide">Ngang</div>')
    master = render_pdf(html, metadata={})
    pdf = stamp_pdf(master, kind=UNCONTROLLED, text_lines=KINDS[UNCONTROLLED], verify_url=VERIFY_URL,
                    verify_code=VERIFY_CODE)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) == 2
        first_uris = [str(a.A.URI) for a in doc.pages[0].obj.Annots if "/A" in a]
        assert "https://dichvucong.gov.vn/" in first_uris and VERIFY_URL in first_uris
        landscape = doc.pages[1]
        assert float(landscape.mediabox[2]) > float(landscape.mediabox[3])
        link = [a for a in landscape.obj.Annots if "/A" in a][0]
        assert float(link.Rect[2]) <= float(landscape.mediabox[2])  # placed for the landscape width
    texts = [flat(t) for t in page_texts(pdf)]
    assert all(VERIFY_URL in t and "BẢN KHÔNG KIỂM SOÁT" in t for t in texts)
