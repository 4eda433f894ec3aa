"""The register entry of a document (DOC-1): created and edited through one call."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from processes.documents.models import CODE_SIGNED, TITLE_SIGNED, Document, Revision
from processes.documents.services.search import refresh_document_search
from qms.core import text as vntext
from qms.core import uploads
from qms.core.history import require_reason, save_tracked

S = Revision.Status


def signed_changes(document, stored):
    """{field: message} for the signed fields (code, title) this edit would change once an issue of the document
    has been submitted: they are part of every signature's hash (Revision.compute_hash)."""
    if stored is None or not document.was_submitted():
        return {}
    errors = {}
    if document.code != stored["code"]:
        errors["code"] = CODE_SIGNED
    if document.title != stored["title"]:
        errors["title"] = TITLE_SIGNED
    return errors


def document_save(*, document, user, reason=""):
    """Create or update a register entry (the form has validated it).

    Changing the entry of a document in force needs a reason (PLAT-3): it is recorded in the history. The code
    and title are signed with each issue: once one has been submitted, the code is fixed and the title changes
    only through a new issue (services.activate_document); before that, a new title is the open draft's too.
    """
    document.code = vntext.nfc(document.code).strip()
    document.title = vntext.nfc(document.title).strip()
    reason = vntext.nfc(reason).strip()[:500]
    stored = Document.objects.filter(pk=document.pk).values("code", "title").first() if document.pk else None
    errors = signed_changes(document, stored)
    if errors:
        raise ValidationError(errors)
    retitled = stored is not None and stored["title"] != document.title
    if document.pk and document.revisions.filter(status=S.EFFECTIVE).exists():
        reason = require_reason(reason)
    if not document.pk and user is not None:
        document.created_by = user
    upload = document.external_file
    new_upload = bool(upload) and not getattr(upload, "_committed", True)
    if new_upload:
        # Type by content, from the list an agency's office software saves; refused before anything is written.
        data, (content_type, extension) = uploads.read_checked(upload, accepted=uploads.DOCUMENT,
                                                               field="external_file")
        document.external_file_name = uploads.download_name(upload.name, extension)
        document.external_file_type = content_type
        document.external_file_sha256 = uploads.sha256(data)
        uploads.store(document.external_file, data, extension, field="external_file")
    elif not upload:
        document.external_file_name = document.external_file_type = document.external_file_sha256 = ""
    refresh_document_search(document)
    try:
        with transaction.atomic():
            save_tracked(document, user=user, reason=reason)
            if retitled:  # nothing submitted yet (signed_changes passed): the first draft takes the new title
                for draft in document.revisions.filter(status=S.DRAFT):
                    draft.title = document.title
                    save_tracked(draft, user=user, reason=reason or _("Đổi tên tài liệu"))
    except IntegrityError:
        if new_upload:
            uploads.remove(document.external_file.storage, document.external_file.name)  # no orphan file on disk
        raise ValidationError({"code": _("Mã hiệu này đã được dùng cho một tài liệu khác của cơ quan.")}) from None
    except Exception:
        if new_upload:
            uploads.remove(document.external_file.storage, document.external_file.name)
        raise
    return document
