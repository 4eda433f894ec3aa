"""Word tables → rows of the steps (5.7), forms (6) and records (7) tables.

mammoth keeps merged cells as rowspan/colspan, so one library reads the whole file: the table is laid out
on a grid first. A cell merged down several rows ("Bộ phận một cửa" for B1 and B2) gives its text to each
row it covers, except the time: a time written once for two steps is their time together, and is counted
once (on the first row), so the steps still add up to what the file says. A cell merged across columns
gives its text to its first column (a full-width "Giai đoạn 2" row lands in the first column).

Columns are recognised by the words of their header, compared without diacritics.
"""

import re
from dataclasses import dataclass

from processes.documents.content import FORM_KEYS, RECORD_KEYS, STEP_KEYS, clean_rows
from qms.core import text as vntext

# Per kind: (key, header words) in the order they are tried; the first match names the column.
COLUMNS = {
    "steps": [
        ("time", ("thoi gian", "thoi han")),
        ("forms", ("bieu mau", "mau bieu", "ket qua", "ho so", "tai lieu")),
        ("responsibility", ("trach nhiem", "nguoi thuc hien", "bo phan", "don vi", "can bo", "thuc hien")),
        ("description", ("trinh tu", "noi dung", "mo ta", "cong viec", "dien giai", "cac buoc")),
        ("step", ("buoc", "stt", "tt", "so tt")),
    ],
    "records": [
        ("retention", ("thoi gian luu", "thoi han luu", "thoi gian", "thoi han")),
        ("keeper", ("trach nhiem", "nguoi luu", "bo phan luu", "don vi luu", "bo phan", "don vi")),
        ("place", ("noi luu", "dia diem luu")),
        ("name", ("ten ho so", "ho so", "ten")),
    ],
    "forms": [
        ("code", ("ma hieu", "ma so", "ky hieu", "ma bieu mau", "ma")),
        ("name", ("ten bieu mau", "ten", "bieu mau", "mau")),
    ],
}
KEYS = {"steps": STEP_KEYS, "records": RECORD_KEYS, "forms": FORM_KEYS}
MAX_SPAN = 50  # a hostile file's rowspan="100000" must not make a grid of millions of cells
MAX_CELLS = 100_000  # nor thousands of rows of wide merged cells: beyond this the table is read as text
_COUNTER = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class Cell:
    text: str
    top: bool  # the first row the cell covers
    left: bool  # the first column it covers


def grid(table):
    """The table as rows of Cells, merged cells repeated over what they cover (None: no cell there); [] for a
    table too large to lay out."""
    rows = [tr for tr in _rows(table)]
    taken = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.elements("td", "th"):
            while (r, c) in taken:
                c += 1
            down = min(_span(td, "rowspan"), len(rows) - r)
            across = _span(td, "colspan")
            text = td.text()
            if len(taken) + down * across > MAX_CELLS:
                return []
            for dr in range(down):
                for dc in range(across):
                    taken[(r + dr, c + dc)] = Cell(text, top=dr == 0, left=dc == 0)
            c += across
            width = max(width, c)
    return [[taken.get((r, c)) for c in range(width)] for r in range(len(rows))]


def _rows(node):
    for child in node.elements():
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from _rows(child)


def _span(td, name):
    try:
        return max(1, min(int(td.attrs.get(name) or 1), MAX_SPAN))
    except ValueError:
        return 1


def _has(folded, words):
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", folded) is not None


def columns(header, kind):
    """{column index: key} of a header row for a kind of table; each key names one column at most."""
    found = {}
    for index, cell in enumerate(header):
        if cell is None or not cell.left:
            continue
        folded = vntext.fold(cell.text)
        for key, words in COLUMNS[kind]:
            if any(_has(folded, w) for w in words):
                if key not in found.values():
                    found[index] = key
                break
    return found


def _is_kind(mapped, kind, header):
    keys = set(mapped.values())
    if kind == "steps":
        return len(keys) >= 3 and bool(keys & {"description", "responsibility"})
    if kind == "records":  # "lưu" (keep) tells it from a steps table's "Trách nhiệm | Hồ sơ/Biểu mẫu"
        folded = " ".join(vntext.fold(c.text) for c in header if c is not None)
        return "name" in keys and bool(keys & {"retention", "place", "keeper"}) and _has(folded, "luu")
    return keys == {"code", "name"}


def classify(table, hint=None):
    """(kind, rows) when the table is a steps, forms or records table, else (None, []).

    ``hint``: the kind the section it sits in expects; there, one recognised column is enough."""
    cells = grid(table)
    for position, header in enumerate(cells[:3]):  # a title row may sit above the header
        for kind in ("records", "forms", "steps"):
            mapped = columns(header, kind)
            if _is_kind(mapped, kind, header) or (kind == hint and mapped and "name" in mapped.values()):
                return kind, _read(cells[position + 1:], mapped, kind, header)
    return None, []


def _read(body, mapped, kind, header):
    rows = []
    for cells in body:
        texts = [c.text if c is not None and c.left else "" for c in cells]
        filled = [t for t in texts if t]
        if filled and all(_COUNTER.match(t) for t in filled) and len(filled) > 1:
            continue  # the "(1) (2) (3)" row under a header
        if [c.text if c else "" for c in cells] == [c.text if c else "" for c in header]:
            continue  # the header again, where the table goes over a page
        row = {}
        for index, key in mapped.items():
            cell = cells[index] if index < len(cells) else None
            counted_once = key == "time" and cell is not None and not cell.top
            row[key] = "" if cell is None or not cell.left or counted_once else cell.text
        if kind == "steps" and not any(row.values()) and filled:
            row[mapped_first(mapped)] = filled[0]  # a row merged over unmapped columns: keep its words
        rows.append(row)
    return clean_rows(rows, KEYS[kind])


def mapped_first(mapped):
    return mapped[min(mapped)]


def lines(table):
    """A table as text lines (for the text fields: a dossier list written as a table): cells joined by " – "."""
    out = []
    cells_by_row = grid(table)
    if not cells_by_row:
        return [line for line in table.text().split("\n") if line]
    for cells in cells_by_row:
        texts = [c.text.replace("\n", " ") for c in cells if c is not None and c.left and c.top and c.text]
        if texts:
            out.append(" – ".join(texts))
    return out
