"""Upload checks (qms/core/uploads.py): the type comes from the content, the name from the server, and the
name offered for download carries the extension of the detected type."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qms.core import uploads
from tests import files


@pytest.mark.parametrize("data,expected", [
    (files.PDF, ("application/pdf", "pdf")),
    (files.PNG, ("image/png", "png")),
    (files.DOC, ("application/msword", "doc")),
    (files.XLS, ("application/vnd.ms-excel", "xls")),
    (files.XLS_WITH_WORD, ("application/vnd.ms-excel", "xls")),  # the embedded Word file is not what it is
    (files.DOCX, ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")),
    (files.XLSX, ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")),
    (files.ODT, ("application/vnd.oasis.opendocument.text", "odt")),
    (files.ODS, ("application/vnd.oasis.opendocument.spreadsheet", "ods")),
], ids=["pdf", "png", "doc", "xls", "xls-embedding-doc", "docx", "xlsx", "odt", "ods"])
def test_it_knows_the_types_an_agency_uses_by_their_content(data, expected):
    assert uploads.sniff(data) == expected


@pytest.mark.parametrize("data", [
    files.HTML, files.JS, files.PPT, files.ODP, b"GIF89a", b"MZ\x90\x00", b"",
    files.DOC[:600],  # an OLE header whose directory is cut off
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600,  # OLE magic, nonsense after it
    files.zipped({"mimetype": "application/vnd.oasis.opendocument.text" * 100}),  # no real ODF mimetype entry
], ids=["html", "js", "ppt", "odp", "gif", "exe", "empty", "cut-ole", "junk-ole", "long-mimetype"])
def test_it_knows_nothing_else(data):
    assert uploads.sniff(data) is None


def test_documents_accept_word_97_2003_but_evidence_keeps_its_short_list():
    for data in (files.DOC, files.XLS, files.ODT, files.ODS):
        assert uploads.read_checked(SimpleUploadedFile("x", data), accepted=uploads.DOCUMENT)[1] == uploads.sniff(data)
        with pytest.raises(ValidationError):
            uploads.read_checked(SimpleUploadedFile("x", data))


@pytest.mark.parametrize("data", [files.HTML, files.JS, files.PPT], ids=["html", "js", "ppt"])
def test_a_refused_document_is_told_which_types_are_accepted(data):
    with pytest.raises(ValidationError) as refused:
        uploads.read_checked(SimpleUploadedFile("luat.html", data), accepted=uploads.DOCUMENT, field="external_file")
    message = refused.value.message_dict["external_file"][0]
    assert message.startswith("Loại tệp không được chấp nhận")
    for name in ("PDF", "Word (.docx, .doc)", "Excel (.xlsx, .xls)", "OpenDocument (.odt, .ods)", "PNG/JPEG"):
        assert name in message


@pytest.mark.parametrize("name,extension,offered", [
    ("bien-ban.html", "pdf", "bien-ban.pdf"),
    ("Quyết định số 15.PDF", "pdf", "Quyết định số 15.pdf"),
    ("../../etc/passwd", "pdf", "passwd.pdf"),
    ("C:\\Users\\thu ky\\bao cao.docx", "docx", "bao cao.docx"),
    ("hoa-don\u202efdp.exe", "pdf", "hoa-donfdp.pdf"),  # a right-to-left override would show "exe.pdf" reversed
    ("a\x00b\r\nc.js", "png", "abc.png"),
    (".htaccess", "pdf", "htaccess.pdf"),
    ("...", "pdf", "tep.pdf"),
    ("", "xlsx", "tep.xlsx"),
    ('bao"cao;x=.pdf', "pdf", "bao_cao;x=.pdf"),
    ("noextension", "pdf", "noextension.pdf"),
    ("legacy.bin", "", "legacy.bin"),
])
def test_the_offered_name_is_cleaned_and_takes_the_detected_extension(name, extension, offered):
    assert uploads.download_name(name, extension) == offered


def test_the_offered_name_stays_short():
    assert len(uploads.download_name("x" * 400 + ".pdf", "pdf")) <= 150


def test_stored_names_are_made_up_by_the_server():
    first, second = uploads.storage_name("pdf"), uploads.storage_name("pdf")
    assert first != second and first.endswith(".pdf") and len(first) == 36


def test_a_forged_ole_header_cannot_make_the_type_check_unpack_millions_of_entries():
    import struct
    import tracemalloc

    # A DIFAT chain through every sector, each naming 127 FAT sectors: 128 KB that, unchecked, unpack into a
    # list of 4 million FAT entries (hundreds of MB; a 20 MB upload would take the server's memory).
    sectors = 256
    forged = bytearray(files.DOC[:512])
    struct.pack_into("<I", forged, 68, 0)
    forged += b"".join(struct.pack("<127I", *[1] * 127) + struct.pack("<I", n + 1 if n + 1 < sectors else 0xFFFFFFFE)
                       for n in range(sectors))
    tracemalloc.start()
    try:
        assert uploads.sniff(bytes(forged)) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024
