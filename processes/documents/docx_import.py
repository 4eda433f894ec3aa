"""Word (.docx) import into a draft (DOC-4): mammoth → HTML → sections by Vietnamese headings."""

import re

import mammoth
from django.utils.translation import gettext as _

from qms.core import text as vntext

# Folded heading words → section field. The first match wins; order matters ("noi dung" last).
HEADINGS = [
    ("muc dich", "purpose"),
    ("pham vi", "scope"),
    ("tai lieu vien dan", "references"),
    ("can cu", "references"),
    ("dinh nghia", "definitions"),
    ("viet tat", "definitions"),
    ("co so phap ly", "legal_basis"),
    ("thanh phan ho so", "dossier"),
    ("le phi", "fee"),
    ("noi dung", "procedure_html"),
]
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)


class DocxImportError(Exception):
    pass


def import_docx(fileobj):
    try:
        result = mammoth.convert_to_html(fileobj)
    except Exception:  # mammoth raises many kinds on broken files
        raise DocxImportError(_("Không đọc được tệp Word này. Hãy mở và lưu lại dưới dạng .docx rồi thử lại.")) from None
    html = result.value
    sections = {}
    body = []
    current, buffer = None, []

    def flush():
        if not buffer:
            return
        chunk = "".join(buffer)
        if current and current != "procedure_html":
            sections[current] = (sections.get(current, "") + "\n" + vntext.strip_tags(
                chunk.replace("</p>", "\n").replace("<br />", "\n"))).strip()
        else:
            body.append(chunk)

    position = 0
    for match in _HEADING.finditer(html):
        buffer.append(html[position:match.start()])
        flush()
        buffer = []
        heading = vntext.fold(vntext.strip_tags(match.group(2)))
        current = next((field for words, field in HEADINGS if words in heading), None)
        if current is None or current == "procedure_html":
            body.append(f"<h3>{match.group(2)}</h3>")
        position = match.end()
    buffer.append(html[position:])
    flush()
    sections = {k: v for k, v in sections.items() if v}
    sections["procedure_html"] = vntext.sanitize_html("".join(body))
    if not any(sections.values()):
        raise DocxImportError(_("Tệp Word không có nội dung để nhập."))
    from processes.documents.models import Revision

    for name, value in sections.items():  # a section stored in a limited column (5.6 Lệ phí: 255) must fit it
        field = Revision._meta.get_field(name)
        if field.max_length and len(vntext.nfc(value).strip()) > field.max_length:
            raise DocxImportError(_("Mục “%(s)s” trong tệp Word dài %(n)s ký tự, quá giới hạn %(max)s ký tự. Hãy rút "
                                    "gọn mục này rồi nhập lại.") % {"s": field.verbose_name, "max": field.max_length,
                                                                   "n": len(vntext.nfc(value).strip())})
    return sections
