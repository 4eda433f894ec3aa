"""Which paragraphs are section headings, and which field each section fills.

Agencies mark headings in three ways: Word's heading styles, bold (often upper-case) numbered paragraphs
("1. MỤC ĐÍCH", "5.4. Thời gian xử lý: 05 ngày làm việc"), and Word's automatic numbering (the number is then
not in the text). A heading is recognised by its words, compared without diacritics (qms.core.text.fold),
and by its number, which must move forward through the outline (1 → 2 → 5 → 5.1 → 5.2 → 6): that is what
keeps the numbered lines inside a section ("1. Đơn đề nghị…" in 5.2) from being taken for headings.
"""

import re
from dataclasses import dataclass

from qms.core import text as vntext

# Folded words a section title starts with → the Revision field it fills. The first match wins, so the
# longer and more specific titles come first ("can cu phap ly" before "can cu"; "so luong ho so" and the
# records' "ho so can luu" before the dossier's "ho so").
TITLES = [
    ("muc dich", "purpose"),
    ("pham vi", "scope"),
    ("doi tuong ap dung", "scope"),
    ("co so phap ly", "legal_basis"),
    ("can cu phap ly", "legal_basis"),
    ("tai lieu vien dan", "references"),
    ("tai lieu lien quan", "references"),
    ("tai lieu tham khao", "references"),
    ("van ban phap quy", "references"),
    ("can cu", "references"),
    ("dinh nghia", "definitions"),
    ("thuat ngu", "definitions"),
    ("giai thich tu ngu", "definitions"),
    ("viet tat", "definitions"),
    ("chu viet tat", "definitions"),
    ("tu viet tat", "definitions"),
    ("noi dung quy trinh", "procedure_html"),
    ("noi dung", "procedure_html"),
    ("so luong ho so", "dossier_count"),
    ("so luong", "dossier_count"),
    ("thanh phan ho so", "dossier"),
    ("thanh phan so luong ho so", "dossier"),
    ("thanh phan", "dossier"),
    ("ho so gom", "dossier"),
    ("ho so can luu", "records"),
    ("ho so luu", "records"),
    ("luu ho so", "records"),
    ("luu tru ho so", "records"),
    ("quan ly ho so", "records"),
    ("ho so", "dossier"),
    ("thoi gian xu ly", "processing_time_days"),
    ("thoi gian giai quyet", "processing_time_days"),
    ("thoi han giai quyet", "processing_time_days"),
    ("thoi han xu ly", "processing_time_days"),
    ("thoi gian thuc hien", "processing_time_days"),
    ("noi tiep nhan", "submit_place"),
    ("dia diem tiep nhan", "submit_place"),
    ("noi nop", "submit_place"),
    ("dia chi tiep nhan", "submit_place"),
    ("dia diem nop", "submit_place"),
    ("le phi", "fee"),
    ("phi", "fee"),
    ("quy trinh xu ly", "steps"),
    ("trinh tu", "steps"),
    ("luu do", "steps"),
    ("cac buoc", "steps"),
    ("quy trinh thuc hien", "steps"),
    ("bieu mau", "forms"),
    ("mau bieu", "forms"),
]
# Section 5 and its sub-items: an unknown "5.8 …" joins the procedure text instead of being left out.
BODY = {"procedure_html", "legal_basis", "dossier", "dossier_count", "processing_time_days", "submit_place", "fee",
        "steps"}
MAX_TITLE = 120  # longer "headings" are sentences that happen to start with a number

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*[)\-–:]?\s*(?P<title>[^\W\d_].*)$", re.S)
_ROMAN = re.compile(r"^(?P<num>I{1,3}|IV|VI{0,3}|IX|X)\s*[.)]\s*(?P<title>[^\W\d_].*)$", re.S)
_LETTER = re.compile(r"^[a-zđ]\s*[).]\s*(?P<title>[^\W\d_].*)$", re.S)
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_TRAIL = " \t:;.-–"
_BULLET = re.compile(r"^[-–•+*·]")


def _match(title):
    """(field, number of words after the matched ones) of a section title; (None, 0) when none matches."""
    folded = re.sub(r"[/,&()]+", " ", vntext.fold(title).strip(_TRAIL))
    folded = re.sub(r"\s+", " ", folded).strip(_TRAIL)
    for words, field in TITLES:
        if folded == words or folded.startswith(words + " "):
            return field, len(folded.split()) - len(words.split())
    return None, 0


def field_for(title):
    """The field a section title names, or None."""
    return _match(title)[0]


@dataclass
class Heading:
    title: str  # as written, without an inline value ("5.4. Thời gian xử lý")
    field: str | None  # None: a section no field holds
    number: tuple = ()  # (5, 4); () when the heading carries no number
    rest: str = ""  # the text after "title:" on the same line
    one_line: bool = False  # "Lệ phí: 75.000 đồng" in plain text: the section is that line only


def _split(text, bold):
    """(title, rest) of a heading line: up to the bold prefix (when it has words, not only "5.4."), or up to
    the first colon."""
    if bold and bold != text and text.startswith(bold) and any(c.isalpha() for c in bold):
        return bold.strip(" :"), text[len(bold):].strip(" :")
    if ":" in text:
        title, rest = text.split(":", 1)
        return title.strip(), rest.strip()
    return text, ""


def _is_upper(text):
    """Written in capitals, and more than an acronym ("2. UBND: Ủy ban nhân dân" is a definition)."""
    letters = [c for c in text if c.isalpha()]
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    return len(words) >= 2 and all(c.isupper() for c in letters)


def candidate(text, *, bold="", styled=False):
    """The Heading this paragraph would be, before the outline check; None when it reads as content.

    ``bold``: the bold text the paragraph starts with; ``styled``: a Word heading style."""
    text = vntext.nfc(text).strip()
    first_line, _newline, more = text.partition("\n")
    title, rest = _split(first_line.strip(), vntext.nfc(bold).strip())
    rest = "\n".join(part for part in (rest, more.strip()) if part)
    if not title or len(title) > MAX_TITLE:
        return None
    bold_title = bool(bold) and vntext.nfc(bold).strip(_TRAIL).startswith(title.strip(_TRAIL))
    marked = styled or bold_title or _is_upper(title)
    match = _NUMBERED.match(title) or _ROMAN.match(title)
    if match:
        words = match.group("title").strip()
        raw = match.group("num")
        number = (_ROMAN_VALUES[raw],) if raw in _ROMAN_VALUES else tuple(int(n) for n in raw.split("."))
        field = field_for(words)
        if field == "dossier" and len(number) == 1 and vntext.fold(words).strip(_TRAIL) == "ho so":
            field = "records"  # a top section called just "Hồ sơ" is 7, the records; the dossier is a 5.x
        if field is None and not marked:
            return None
        return Heading(title=title, field=field, number=number, rest=rest)
    letter = _LETTER.match(title)
    words = letter.group("title") if letter else title
    if styled:
        return Heading(title=title, field=field_for(words), rest=rest)
    # Unnumbered and unstyled: only a section's own name, set apart (bold, capitals or a letter "a)"), or
    # exactly the name before a colon ("Lệ phí: 75.000 đồng"). So a document's title ("QUY TRÌNH XỬ LÝ HỒ
    # SƠ CẤP PHÉP…"), a list line ("- Hồ sơ cấp phép") or a sentence is not taken for a heading.
    field, extra = _match(words)
    if field is None or extra > (6 if letter else 3) or _BULLET.match(title):
        return None
    if not (marked or letter) and not (rest and extra == 0):
        return None
    return Heading(title=title, field=field, rest=rest, one_line=bool(rest) and not bold_title)


class Outline:
    """Where the reader is in the numbering; decides whether a numbered heading moves forward."""

    def __init__(self):
        self.top = None
        self.sub = None

    def accepts(self, heading, current_field):
        number = heading.number
        if not number:
            return True
        if len(number) > 2:
            return False  # 5.7.1: a paragraph inside a sub-item, not a field of its own
        new_field = heading.field is not None and heading.field != current_field
        if self.top is None or number[0] > self.top:
            return True
        if number[0] == self.top:
            if len(number) == 2:
                return self.sub is None or number[1] > self.sub or new_field
            return new_field
        return False

    def move(self, heading):
        if heading.number:
            self.top = heading.number[0]
            self.sub = heading.number[1] if len(heading.number) == 2 else None
