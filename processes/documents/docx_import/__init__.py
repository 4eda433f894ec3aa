"""Word (.docx) import into a draft (DOC-4), as agencies really write their procedures.

mammoth turns the file into HTML (it keeps merged table cells as rowspan/colspan, so no second library is
needed at run time); ``reader`` cuts it into sections at the headings (``headings``: styles, bold or plain
numbered paragraphs, Word's numbering, with or without diacritics); ``assemble`` turns the sections into
the draft's fields, the steps/forms/records tables into rows (``tables``), and reports what found no place.

Nothing is saved here. The view shows the result as a preview and carries it to the confirmation in a
signed token (``dump_token`` / ``load_token``): signed with the SECRET_KEY, bound to the document and the
person, valid for an hour. The server keeps nothing between the two requests (no session bloat, no
temporary file to clean up, any worker can confirm), and the client cannot alter what it posts back; the
service still sanitises the procedure text and cleans the rows when it saves.
"""

import mammoth
from django.core import signing
from django.utils.translation import gettext as _

from processes.documents.docx_import.assemble import ImportResult  # noqa: F401  (the result's type)
from processes.documents.docx_import.assemble import assemble
from processes.documents.docx_import.reader import read
from qms.core import text as vntext

TOKEN_SALT = "processes.documents.docx_import"
TOKEN_MAX_AGE = 3600  # seconds between the preview and the confirmation
# The token is posted back in a form field: it stays well under DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB). A real
# procedure of twenty pages makes a token of some tens of kilobytes.
TOKEN_MAX_CHARS = 2 * 1024 * 1024


class DocxImportError(Exception):
    pass


def import_docx(fileobj):
    """ImportResult of a .docx file object; DocxImportError, in words for the person, when it cannot be used."""
    try:
        html = mammoth.convert_to_html(fileobj).value
    except Exception:  # mammoth raises many kinds on broken files
        raise DocxImportError(_unreadable()) from None
    return read_html(html)


def read_html(html):
    """ImportResult of mammoth's HTML (import_docx's second half)."""
    try:
        result = assemble(*read(html))
    except RecursionError:  # tables nested hundreds deep: no procedure is written so
        raise DocxImportError(_unreadable()) from None
    if not result.data:
        if result.unplaced:
            raise DocxImportError(_("Không nhận ra mục nào của quy trình (1. Mục đích … 7. Hồ sơ cần lưu) trong tệp "
                                    "Word, nên không có gì để nhập. Hãy đánh số và đặt tên các mục như mẫu quy trình."))
        raise DocxImportError(_("Tệp Word không có nội dung để nhập."))
    _check_lengths(result.data)
    return result


def _unreadable():
    return _("Không đọc được tệp Word này. Hãy mở và lưu lại dưới dạng .docx rồi thử lại.")


def _check_lengths(data):
    """A section stored in a limited column (5.6 Lệ phí: 255 characters) must fit it: refused, saying which."""
    from processes.documents.models import Revision

    for name, value in data.items():
        field = Revision._meta.get_field(name)
        if field.max_length and len(vntext.nfc(value).strip()) > field.max_length:
            raise DocxImportError(_("Mục “%(s)s” trong tệp Word dài %(n)s ký tự, quá giới hạn %(max)s ký tự. Hãy rút "
                                    "gọn mục này rồi nhập lại.") % {"s": field.verbose_name, "max": field.max_length,
                                                                   "n": len(vntext.nfc(value).strip())})


def dump_token(data, *, document, user):
    token = signing.dumps({"document": document.pk, "user": user.pk, "data": data}, salt=TOKEN_SALT, compress=True)
    if len(token) > TOKEN_MAX_CHARS:
        raise DocxImportError(_("Nội dung tệp Word quá lớn để nhập một lần. Hãy tách phần phụ lục ra khỏi tệp rồi "
                                "nhập lại."))
    return token


def load_token(token, *, document, user):
    """The data a preview showed, if this person confirms it for this document within the hour."""
    from processes.documents.models import CONTENT_FIELDS

    again = _("Hãy tải tệp lên lại.")
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise DocxImportError(_("Bản xem trước đã hết hạn (quá một giờ).") + " " + again) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise DocxImportError(_("Không đọc được bản xem trước.") + " " + again) from None
    if not isinstance(payload, dict) or payload.get("document") != document.pk or payload.get("user") != user.pk:
        raise DocxImportError(_("Bản xem trước này không thuộc tài liệu này hoặc không phải của bạn.") + " " + again)
    data = {name: value for name, value in payload["data"].items() if name in CONTENT_FIELDS}
    _check_lengths(data)  # checked at the preview already; again, as nothing posted is taken on trust
    return data
