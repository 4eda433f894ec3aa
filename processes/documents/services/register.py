"""The register entry of a document (DOC-1): created and edited through one call."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from processes.documents.models import Revision
from processes.documents.services.search import refresh_document_search
from qms.core import text as vntext
from qms.core.history import require_reason, save_tracked

S = Revision.Status


def document_save(*, document, user, reason=""):
    """Create or update a register entry (the form has validated it).

    Changing the entry of a document in force needs a reason (PLAT-3): it is recorded in the history.
    """
    document.code = vntext.nfc(document.code).strip()
    document.title = vntext.nfc(document.title).strip()
    reason = vntext.nfc(reason).strip()[:500]
    if document.pk and document.revisions.filter(status=S.EFFECTIVE).exists():
        reason = require_reason(reason)
    if not document.pk and user is not None:
        document.created_by = user
    upload = document.external_file
    new_upload = bool(upload) and not getattr(upload, "_committed", True)
    if new_upload:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        document.external_file_sha256 = digest.hexdigest()
    refresh_document_search(document)
    try:
        with transaction.atomic():
            save_tracked(document, user=user, reason=reason)
    except IntegrityError:
        if new_upload and document.external_file.name:
            document.external_file.storage.delete(document.external_file.name)  # no orphan file on disk
        raise ValidationError({"code": _("Mã hiệu này đã được dùng cho một tài liệu khác của cơ quan.")}) from None
    except OSError:
        # Media folder unwritable or disk full: the row was rolled back with the file write.
        raise ValidationError({"external_file": _(
            "Không lưu được tệp lên máy chủ (thư mục lưu trữ không ghi được hoặc đã hết dung lượng). "
            "Tài liệu chưa được lưu; hãy thử lại sau hoặc báo quản trị hệ thống.")}) from None
    return document
