"""Shared PDFs for the PDF tests: the demo procedure master is rendered once per session (≈ 1 s)."""

import subprocess

import pikepdf
import pytest

from qms.pdf.demo_procedure import procedure_html, procedure_metadata
from qms.pdf.render import render_result

VERIFY_URL = "https://qms.example.gov.vn/xac-minh/K7QM4XPA2R"
VERIFY_CODE = "K7QM-4XPA-2R"


@pytest.fixture(scope="session")
def master():
    """The demo procedure (40 steps) rendered through render_pdf's bounded child; a RenderResult."""
    return render_result(procedure_html(steps=40), metadata=procedure_metadata())


def page_texts(pdf_bytes):
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def flat(text):
    return " ".join(text.split())


def qpdf_check(pdf_bytes, tmp_path, name="check.pdf"):
    path = tmp_path / name
    path.write_bytes(pdf_bytes)
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


def uncompressed(pdf_bytes):
    """All streams decoded, so a marker can be searched for in the raw bytes."""
    import io

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.all,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()
