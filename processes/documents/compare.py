"""Compare two revisions section by section and row by row (DOC-7), changes highlighted with difflib."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from processes.documents.content import FORM_KEYS, RECORD_KEYS, STEP_KEYS
from qms.core.text import strip_tags

_WORDS = re.compile(r"\s+|[^\s]+")


def diff_text(old, new):
    """Word-level diff as safe HTML: <del> for removed, <ins> for added."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f'<del class="diff-old">{escape("".join(a[i1:i2]))}</del>')
        if op in ("insert", "replace"):
            out.append(f'<ins class="diff-new">{escape("".join(b[j1:j2]))}</ins>')
    # Every piece of text above went through escape(); only our own <del>/<ins> tags are markup.
    return mark_safe("".join(out))  # nosec B308 B703


@dataclass
class SectionDiff:
    title: str
    changed: bool
    html: str = ""
    rows: list = field(default_factory=list)  # [(kind, [cells html])]
    columns: list = field(default_factory=list)


def diff_rows(old_rows, new_rows, keys):
    old_t = [tuple(r.get(k, "") for k in keys) for r in old_rows or []]
    new_t = [tuple(r.get(k, "") for k in keys) for r in new_rows or []]
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_t, new_t, autojunk=False).get_opcodes():
        if op == "equal":
            out += [("same", [escape(c) for c in row]) for row in new_t[j1:j2]]
        elif op == "replace" and (i2 - i1) == (j2 - j1):
            for o, n in zip(old_t[i1:i2], new_t[j1:j2]):
                out.append(("changed", [diff_text(x, y) for x, y in zip(o, n)]))
        else:
            out += [("removed", [escape(c) for c in row]) for row in old_t[i1:i2]]
            out += [("added", [escape(c) for c in row]) for row in new_t[j1:j2]]
    return out


TEXT_SECTIONS = [
    ("purpose", gettext_lazy("1. Mục đích")), ("scope", gettext_lazy("2. Phạm vi áp dụng")), ("references", gettext_lazy("3. Tài liệu viện dẫn")),
    ("definitions", gettext_lazy("4. Định nghĩa / chữ viết tắt")), ("legal_basis", gettext_lazy("5.1 Cơ sở pháp lý")),
    ("dossier", gettext_lazy("5.2 Thành phần hồ sơ")), ("dossier_count", gettext_lazy("5.3 Số lượng hồ sơ")),
    ("processing_time_days", gettext_lazy("5.4 Thời gian xử lý")), ("submit_place", gettext_lazy("5.5 Nơi tiếp nhận và trả kết quả")),
    ("fee", gettext_lazy("5.6 Lệ phí")), ("procedure_html", gettext_lazy("5. Nội dung quy trình")),
]
TABLE_SECTIONS = [
    ("steps", gettext_lazy("5.7 Quy trình xử lý công việc"), STEP_KEYS,
     [gettext_lazy("Bước"), gettext_lazy("Trách nhiệm"), gettext_lazy("Trình tự công việc"), gettext_lazy("Thời gian"), gettext_lazy("Biểu mẫu / Kết quả")]),
    ("forms", gettext_lazy("6. Biểu mẫu"), FORM_KEYS, [gettext_lazy("Mã hiệu"), gettext_lazy("Tên biểu mẫu")]),
    ("records", gettext_lazy("7. Hồ sơ cần lưu"), RECORD_KEYS, [gettext_lazy("Tên hồ sơ"), gettext_lazy("Trách nhiệm lưu"), gettext_lazy("Nơi lưu"), gettext_lazy("Thời gian lưu")]),
]


def compare_revisions(old, new):
    sections = []
    for name, title in TEXT_SECTIONS:
        a, b = getattr(old, name), getattr(new, name)
        if name == "procedure_html":
            a, b = strip_tags(a), strip_tags(b)
        a, b = "" if a is None else str(a), "" if b is None else str(b)
        sections.append(SectionDiff(str(title), a != b, html=diff_text(a, b)))
    for name, title, keys, columns in TABLE_SECTIONS:
        a, b = getattr(old, name) or [], getattr(new, name) or []
        rows = diff_rows(a, b, keys)
        sections.append(SectionDiff(str(title), a != b, rows=rows, columns=[str(c) for c in columns]))
    return sections
