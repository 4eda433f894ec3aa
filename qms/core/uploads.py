"""Evidence files: type decided by content (magic bytes), never by the name; size limited;
stored under a name the server makes up; nothing left on disk when refused."""

import hashlib
import io
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (content type, extension) by leading bytes.
_SIGNATURES = [
    (b"%PDF-", ("application/pdf", "pdf")),
    (b"\x89PNG\r\n\x1a\n", ("image/png", "png")),
    (b"\xff\xd8\xff", ("image/jpeg", "jpg")),
]
_OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def sniff(data):
    """(content type, extension) of the bytes, or None when the type is not accepted."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    return None


def read_checked(upload):
    """Bytes and (type, extension) of an accepted upload; ValidationError otherwise. Writes nothing."""
    limit = settings.QMS_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError({"file": _("Tệp quá lớn: tối đa %(mb).1f MB.") % {"mb": limit / 1024 / 1024}})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({"file": _("Tệp quá lớn: tối đa %(mb).1f MB.") % {"mb": limit / 1024 / 1024}})
    if not data:
        raise ValidationError({"file": _("Tệp rỗng.")})
    kind = sniff(data)
    if kind is None:
        raise ValidationError(
            {"file": _("Loại tệp không được chấp nhận. Chỉ nhận PDF, ảnh JPEG/PNG, Word (.docx) hoặc Excel (.xlsx).")}
        )
    return data, kind


def storage_name(extension):
    return f"{uuid.uuid4().hex}.{extension}"


def sha256(data):
    return hashlib.sha256(data).hexdigest()
