"""Uploaded files: type decided by content (magic bytes), never by the name; size limited; stored under a
name the server makes up; nothing left on disk when refused or when the disk refuses it.

What a kind of record accepts is a list here (``EVIDENCE``, ``DOCUMENT``). The uploader's name is kept only
to be offered back on download (``download_name``: cleaned, with the extension of the detected type).
Serving a stored file is ``qms/core/downloads.py``.
"""

import hashlib
import io
import logging
import struct
import unicodedata
import uuid
import zipfile
import zlib
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# The extension each detected type is stored and offered under.
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", DOCX: "docx", XLSX: "xlsx", DOC: "doc", XLS: "xls", ODT: "odt",
              ODS: "ods"}

_SIGNATURES = [(b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG)]
_OOXML = {"word/": DOCX, "xl/": XLSX}
_ODF = {ODT, ODS}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Word and Excel 97-2003 are both OLE2 compound files; the stream at the root of the file's directory tells
# them apart ([MS-DOC] 2.1.1 "WordDocument"; [MS-XLS] 2.1.2 "Workbook", "Book" for Excel 5/95). Anything
# else in that container (PowerPoint, Outlook messages, installers, encrypted OOXML) is not accepted.
_OLE_STREAMS = [("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS)]


class Accepted(NamedTuple):
    types: frozenset
    refusal: Promise  # the message naming them, shown when a file is not one of them


EVIDENCE = Accepted(frozenset({PDF, PNG, JPEG, DOCX, XLSX}), gettext_lazy(
    "Loại tệp không được chấp nhận. Chỉ nhận PDF, ảnh JPEG/PNG, Word (.docx) hoặc Excel (.xlsx)."))
# External documents (laws, decisions, standards) arrive in whatever an agency's office software saves.
DOCUMENT = Accepted(EVIDENCE.types | {DOC, XLS, ODT, ODS}, gettext_lazy(
    "Loại tệp không được chấp nhận. Chỉ nhận PDF, Word (.docx, .doc), Excel (.xlsx, .xls), "
    "OpenDocument (.odt, .ods) hoặc ảnh PNG/JPEG."))


def sniff(data):
    """(content type, extension) of the bytes, or None when the type is not one we know."""
    kind = next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)
    if kind is None and data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
    if kind is None and data.startswith(_OLE_MAGIC):
        streams = _ole_root_streams(data)
        kind = next((kind for stream, kind in _OLE_STREAMS if stream in streams), None)
    return (kind, EXTENSIONS[kind]) if kind else None


def _zip_kind(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                return next((kind for prefix, kind in _OOXML.items() if any(n.startswith(prefix) for n in names)),
                            None)
            # OpenDocument: a "mimetype" entry naming the type (ODF 1.2 part 3, 3.3); a few dozen bytes.
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in _ODF else None
    except (zipfile.BadZipFile, zlib.error, ValueError, NotImplementedError, RuntimeError, EOFError):
        return None  # not a zip, a broken one, or one we cannot read (encrypted, odd compression)
    return None


_MAXREGSECT = 0xFFFFFFFA  # sector numbers above this mean "end of chain", "free" and the like ([MS-CFB] 2.1)


def _ole_root_streams(data):
    """Names of the streams at the root of an OLE2 compound file's directory ([MS-CFB]); empty when unreadable.

    Every chain followed is bounded by the file's size and cut at the first repeat, so a hostile file cannot
    make it loop.
    """
    try:
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):
            return set()
        size = 1 << shift

        def sector(number):
            start = (number + 1) * size  # the header takes the first sector's place
            if number > _MAXREGSECT or start >= len(data):
                raise ValueError("sector outside the file")
            return data[start:start + size].ljust(size, b"\x00")

        def chain(first, follow):
            current, seen = first, set()
            while current <= _MAXREGSECT and current not in seen:
                seen.add(current)
                yield current
                current = follow(current)

        # The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
        fat_sectors = list(struct.unpack_from("<109I", data, 76))
        difat = {}
        for number in chain(struct.unpack_from("<I", data, 68)[0], lambda n: difat[n][-1]):
            difat[number] = struct.unpack(f"<{size // 4}I", sector(number))
            fat_sectors.extend(difat[number][:-1])
            if len(fat_sectors) > 2 * len(data) // size:  # bound the walk itself (free entries are dropped below)
                return set()
        fat_sectors = [n for n in fat_sectors if n <= _MAXREGSECT]
        if len(fat_sectors) > len(data) // size:
            return set()  # more FAT than file: a forged header, which would make us unpack millions of entries
        fat = []
        for number in fat_sectors:
            fat.extend(struct.unpack(f"<{size // 4}I", sector(number)))
        entries = []  # (name, type, left, right, child), in stream-id order
        for number in chain(struct.unpack_from("<I", data, 48)[0], lambda n: fat[n] if n < len(fat) else _MAXREGSECT + 4):
            block = sector(number)
            for offset in range(0, size, 128):
                length, kind = struct.unpack_from("<HB", block, offset + 64)
                left, right, child = struct.unpack_from("<III", block, offset + 68)
                name = block[offset:offset + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
                entries.append((name, kind, left, right, child))
        if not entries:
            return set()
        # The root's children are a tree of siblings hanging off its first child.
        names, todo, seen = set(), [entries[0][4]], set()
        while todo:
            stream_id = todo.pop()
            if stream_id >= len(entries) or stream_id in seen:
                continue
            seen.add(stream_id)
            name, kind, left, right, _child = entries[stream_id]
            if kind == 2:  # a stream (1 is a storage, a sub-folder)
                names.add(name)
            todo += [left, right]
        return names
    except (struct.error, ValueError, IndexError):
        return set()


def read_checked(upload, *, accepted=EVIDENCE, field="file"):
    """Bytes and (type, extension) of an accepted upload; ValidationError otherwise (keyed by ``field``, or
    plain when it is None, for a form's clean_<field>). Writes nothing."""

    def refuse(message):
        return ValidationError({field: message} if field else message)

    limit = settings.QMS_MAX_UPLOAD_BYTES
    too_large = _("Tệp quá lớn: tối đa %(mb).1f MB.") % {"mb": limit / 1024 / 1024}
    if upload.size is not None and upload.size > limit:
        raise refuse(too_large)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise refuse(too_large)
    if not data:
        raise refuse(_("Tệp rỗng."))
    kind = sniff(data)
    if kind is None or kind[0] not in accepted.types:
        raise refuse(str(accepted.refusal))
    return data, kind


def storage_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


_WINDOWS_REFUSES = str.maketrans({c: "_" for c in '<>:"/\\|?*'})


def download_name(name, extension):
    """The uploader's file name fit to offer back: no folders; no control, invisible or direction-changing
    characters (a right-to-left override, U+202E, makes "…fdp.exe" read "…exe.pdf"); none that Windows refuses;
    at most 150 characters; ending in ``extension`` (the detected type's) when there is one."""
    text = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in ("Zl", "Zp"))
    text = text.translate(_WINDOWS_REFUSES).strip(" .")
    if not extension:
        return text[:150] or "tep"
    stem, dot, last = text.rpartition(".")
    stem = (stem if dot else last).strip(" .")[:140] or "tep"
    return f"{stem}.{extension}"


def store(field_file, data, extension, *, field="file"):
    """Write ``data`` to a record's file field under a new server-made name (its folder + uuid.extension).

    When the disk refuses it (read-only media folder, full disk), the half-written file is removed and the
    uploader gets a ValidationError keyed by ``field``: the caller has saved nothing yet, so nothing is left.
    """
    generated = storage_name(extension)
    target = field_file.field.generate_filename(field_file.instance, generated)
    try:
        field_file.save(generated, ContentFile(data), save=False)
    except OSError:
        logger.exception("could not store an upload as %s", target)
        remove(field_file.storage, target)
        raise ValidationError({field: _(
            "Không lưu được tệp lên máy chủ (thư mục lưu trữ không ghi được hoặc đã hết dung lượng). "
            "Chưa có gì được lưu; hãy thử lại sau hoặc báo quản trị hệ thống.")}) from None


def remove(storage, name):
    """Delete a stored file that no row points to (a refused save); a failure is logged, never raised."""
    try:
        storage.delete(name)
    except OSError:
        logger.exception("could not remove %s, which no record points to", name)


def sha256(data):
    return hashlib.sha256(data).hexdigest()
