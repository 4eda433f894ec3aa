"""Files leave the server one way (qms/core/downloads.py): attachment, nosniff, a type we decided."""

import io
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from qms.core import downloads
from tests import files

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_download_helper_builds_file_responses():
    # A view that built its own FileResponse could forget nosniff or send a file inline; they all use the helper.
    offenders = []
    for package in ("qms", "processes", "audits"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name != "downloads.py" and re.search(r"\bFileResponse\b", path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_a_file_made_in_memory_goes_out_as_a_typed_attachment():
    response = downloads.file_response(io.BytesIO(files.PDF), filename="QT-05 lần 02.pdf", content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''QT-05")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_an_unknown_type_is_sent_as_bytes_never_guessed_from_the_name(settings):
    from processes.documents.models import Document

    document = Document(code="X", external_file=default_storage.save("external/2025/trang.html", ContentFile(files.HTML)))

    response = downloads.stored_file_response(document.external_file, name=document.external_file.name)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="trang.html"'
    assert response["X-Content-Type-Options"] == "nosniff"
