"""Sections → the values of the draft's fields, with where each came from and what found no place.

- text sections (1–4, 5.1–5.3, 5.5, 5.6) become plain text, a line per paragraph, list item or table row;
- 5.4 becomes a whole number of working days, or a note when the text gives none ("Trong ngày");
- section 5's own text, and any 5.x sub-item no field holds, become the procedure text (HTML, sanitised);
- a steps table anywhere in section 5 becomes the step rows; the forms and records sections' tables (or
  their lines, when they have no table) become the forms and records rows;
- what no field holds (the first page, an "8. PHỤ LỤC") is reported, not imported.
"""

import re
from dataclasses import dataclass, field
from html import escape

from django.utils.translation import gettext as _

from processes.documents.content import FORM_KEYS, RECORD_KEYS, clean_rows, parse_days
from processes.documents.docx_import import tables
from processes.documents.docx_import.headings import BODY
from processes.documents.docx_import.tree import Node
from qms.core import text as vntext

TEXT_FIELDS = ["purpose", "scope", "references", "definitions", "legal_basis", "dossier"]
LINE_FIELDS = ["dossier_count", "submit_place", "fee"]  # one-line columns in the editor
ROW_FIELDS = {"forms": "forms", "records": "records"}
MAX_DAYS = 3650  # the editor's limit for 5.4
_BULLET = re.compile(r"^\s*(?:[-–•+*·]|\d{1,3}[.)]|[a-zđ]\))\s*")
# A form's code: capitals and digits in two or more parts, with a digit (BM-05-01, BM.QT01.01, QT-05/BM01).
_CODE = re.compile(r"(?<![\w.\-/])([A-ZĐ][A-Z0-9Đ]*(?:[.\-_/][A-Z0-9Đ]+)+)(?![\w\-/])")


@dataclass
class ImportResult:
    data: dict  # field → value, only what the file gives (a missing section leaves the draft's own)
    sources: dict = field(default_factory=dict)  # field → the headings it came from, as written
    unplaced: list = field(default_factory=list)  # [{"title": heading or "", "html": sanitised content}]
    notes: list = field(default_factory=list)  # what was read but could not be used, in words


def _block_lines(block):
    if isinstance(block, str):
        return [block]
    if block.tag == "table":
        return tables.lines(block)
    if block.tag in ("ol", "ul"):
        return _list_lines(block)
    return [line for line in block.text().split("\n") if line]


def _list_lines(node, depth=0):
    out = []
    for number, item in enumerate(node.elements("li"), start=1):
        marker = f"{number}." if node.tag == "ol" else "-"
        text = item.text()
        if text:
            out.append(f"{'  ' * depth}{marker} {text}")
        for inner in item.elements("ol", "ul"):
            out.extend(_list_lines(inner, depth + 1))
    return out


def _html(block):
    return f"<p>{escape(block)}</p>" if isinstance(block, str) else block.html()


def _form_row(line):
    line = _BULLET.sub("", line).strip()
    match = _CODE.search(line)
    if match and any(c.isdigit() for c in match.group(1)):
        name = (line[:match.start()] + " " + line[match.end():]).strip(" :–-()\t")
        return {"code": match.group(1), "name": re.sub(r"\s+", " ", name).strip(" :–-")}
    return {"code": "", "name": line}


def _join_line(lines):
    out = ""
    for line in lines:
        out += line if not out else (" " if out[-1] in ".;,:" else "; ") + line
    return out


class _Assembler:
    def __init__(self):
        self.values = {}  # field → list of parts
        self.sources = {}
        self.unplaced = []
        self.notes = []
        self.steps = []
        self.rows = {"forms": [], "records": []}
        self.html = []

    def source(self, name, title):
        titles = self.sources.setdefault(name, [])
        if title not in titles:
            titles.append(title)

    def section(self, section):
        name = section.field
        if name is None:
            content = "".join(_html(b) for b in section.blocks)
            if vntext.strip_tags(content):
                self.unplaced.append({"title": section.title, "html": vntext.sanitize_html(content)})
            return
        kept = []
        for block in section.blocks:
            if isinstance(block, Node) and block.tag == "table":
                kind, rows = tables.classify(block, hint=name if name in ("forms", "records") else None)
                if kind == "steps" and name in BODY and rows:
                    self.steps.extend(rows)
                    self.source("steps", section.title)
                    continue
                if kind in ("forms", "records") and name == kind and rows:
                    self.rows[kind].extend(rows)
                    self.source(kind, section.title)
                    continue
            kept.append(block)
        if name in ("forms", "records"):
            self._row_lines(section, kept)
        elif name in ("procedure_html", "steps"):
            self._body_html(section, kept)
        elif kept:
            self.values.setdefault(name, []).append((section.title, [line for b in kept for line in _block_lines(b)]))
            self.source(name, section.title)

    def _row_lines(self, section, kept):
        name = section.field
        if not kept:
            return
        if self.rows[name]:  # the table holds the rows; an intro sentence beside it is shown, not guessed at
            self.unplaced.append({"title": section.title, "html": vntext.sanitize_html("".join(_html(b) for b in kept))})
            return
        lines = [line for b in kept for line in _block_lines(b) if not line.rstrip().endswith(":")]
        rows = [_form_row(line) for line in lines] if name == "forms" else [{"name": _BULLET.sub("", line)} for line in lines]
        rows = clean_rows(rows, FORM_KEYS if name == "forms" else RECORD_KEYS)
        if rows:
            self.rows[name].extend(rows)
            self.source(name, section.title)

    def _body_html(self, section, kept):
        content = "".join(_html(b) for b in kept)
        if not vntext.strip_tags(content):
            return
        if section.show_title or section.field == "steps":
            content = f"<h3>{escape(section.title)}</h3>" + content
        self.html.append(content)
        self.source("procedure_html", section.title)

    def result(self):
        data = {}
        for name, parts in self.values.items():
            lines = []
            for index, (title, part) in enumerate(parts):
                if index and title:
                    lines.append(title)  # a second heading for one field ("4.2 Chữ viết tắt") keeps its words
                lines.extend(part)
            lines = [vntext.nfc(line).strip() for line in lines if line.strip()]
            if not lines:
                continue
            if name == "processing_time_days":
                self._days(data, lines)
            elif name in LINE_FIELDS:
                data[name] = _join_line(lines)
            else:
                data[name] = "\n".join(lines)
        html = vntext.sanitize_html("".join(self.html))
        if html:
            data["procedure_html"] = html
        if self.steps:
            data["steps"] = self.steps
        for name, rows in self.rows.items():
            if rows:
                data[name] = rows
        sources = {k: v for k, v in self.sources.items() if k in data}
        return ImportResult(data=data, sources=sources, unplaced=self.unplaced, notes=self.notes)

    def _days(self, data, lines):
        text = " ".join(lines)
        days = parse_days(text)
        if days is not None and days == int(days) and 0 <= days <= MAX_DAYS:
            data["processing_time_days"] = int(days)
        else:
            self.notes.append(_("Mục “%(title)s”: không đọc được số ngày làm việc từ “%(text)s”; hãy ghi số ngày ở "
                                "mục 5.4 trong trình soạn thảo.")
                              % {"title": ", ".join(self.sources.get("processing_time_days", [])), "text": text[:200]})


def assemble(sections, found):
    """ImportResult of the reader's sections; without any heading the whole text is the procedure text."""
    assembler = _Assembler()
    if not found:
        sections[0].field = "procedure_html"
    for section in sections:
        assembler.section(section)
    return assembler.result()
