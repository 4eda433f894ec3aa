"""Accent-insensitive search, one way for every search box of the product (DOC-12 and the registers' boxes).

A searchable row keeps a folded copy of the text it is searched by (``search_folded``: ``text.fold`` of the
fields its model names in ``SEARCH_FIELDS``), written by the service that saves the row (``refresh``). A
query is folded the same way (``parse``) and every one of its words must occur in the column (``apply``):
a plain substring test, strpos() on PostgreSQL and instr() on SQLite, so both databases find the same rows
for "giay phep", "giấy phép" and "GIẤY PHÉP", for "duong" and "Đường".

Results show the words where they were found (``highlight``, ``snippet``): the matches are found in the
original text by a pattern that accepts every accented form of each letter, then the text is escaped
segment by segment and only ``<mark>`` is added, so nothing a user typed or stored becomes markup.
"""

import functools
import html
import re
from dataclasses import dataclass

from django.db import connections
from django.db.models import Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import format_html, format_html_join

from qms.core.text import fold, lower, nfc

__all__ = ["MAX_CHARS", "MAX_WORDS", "Query", "parse", "compact", "contains", "matching", "trigram_columns", "apply",
           "text_of", "refresh", "refill", "highlight", "snippet", "fold"]

MAX_CHARS = 200  # a pasted paragraph is cut …
MAX_WORDS = 12  # … and must not become a hundred substring tests

_WORD_SPLIT = re.compile(r"[^\w.\-]+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def compact(value):
    """Folded, without spaces or punctuation: how a code is compared ("QT - 05", "qt05", "QĐ-05" → "qt05", "qd05")."""
    return _NOT_ALNUM.sub("", fold(value))


_compact_code = functools.lru_cache(maxsize=4096)(compact)  # the register's codes, compared on every search


@dataclass(frozen=True)
class Query:
    """A query as every search reads it: the typed text (NFC, trimmed, capped) and its folded words."""

    text: str = ""
    words: tuple = ()

    def __bool__(self):
        return bool(self.words)

    def __str__(self):
        return self.text

    @property
    def phrase(self):
        return " ".join(self.words)

    @property
    def exact(self):
        """Lower case with its diacritics: exact-spelling matches rank first in the register (DOC-12)."""
        return lower(self.text)

    @functools.cached_property
    def compact(self):
        return compact(self.text)

    @functools.cached_property
    def pattern(self):
        """The words in the original text, longest first (so "đường" wins over "đư" when both are typed)."""
        words = sorted(set(self.words), key=len, reverse=True)
        return re.compile("|".join(_letters(w) for w in words)) if words else None

    @functools.cached_property
    def code_pattern(self):
        """The compact form in a code, whatever punctuation or spaces separate its characters."""
        chars = [_letters(c) for c in self.compact]
        return re.compile(r"[\W_]*".join(chars)) if chars else None

    def found_in(self, value):
        """Whether any of the words occurs in ``value`` (accent-insensitively)."""
        return bool(self.pattern and self.pattern.search(nfc(value)))

    def count_in(self, value):
        """How many of the words occur in ``value``: one pass over it (a body is up to 20 pages), stopping
        once every word was seen."""
        wanted, seen = set(self.words), set()
        for match in self.pattern.finditer(nfc(value)) if self.pattern else ():
            seen.add(_fold_word(match.group()))
            if len(seen) == len(wanted):
                break
        return len(seen & wanted)

    def code_in(self, value):
        """Whether the compact form occurs in the code ``value`` ("qt05" in "QT-05", "bm05" in "BM-05-02")."""
        return bool(self.compact) and self.compact in _compact_code(value)


_fold_word = functools.lru_cache(maxsize=4096)(fold)  # a matched word, met again and again in a long body


@functools.lru_cache(maxsize=512)
def _parse(raw):
    text = nfc(raw).strip()[:MAX_CHARS]
    # A "word" of punctuation only ("-" between "QT - 05", a lone "%") would match nearly every row.
    words = [w for w in _WORD_SPLIT.split(fold(text)) if w and not _NOT_ALNUM.fullmatch(w)]
    return Query(text=text, words=tuple(words[:MAX_WORDS]))


def parse(raw):
    """The Query for what was typed (a Query is returned as it is)."""
    if isinstance(raw, Query):
        return raw
    return _parse(raw if isinstance(raw, str) else nfc(raw))


# --- in the database -------------------------------------------------------------------------------------------


def contains(column, text, indexed=False):
    """``text`` occurs in ``column``: strpos() on PostgreSQL, instr() on SQLite.

    Both sides are folded the same way, so a plain substring test is what is meant; it is about 3× faster
    than LIKE '%…%' over PostgreSQL's UTF-8 text (one agency's 500 effective bodies: 11 ms against 38 ms)
    and needs no escaping of % and _ in the query.

    ``indexed``: the column has a trigram index (PostgreSQL only, a model's ``SEARCH_TRIGRAM``), which answers
    ``LIKE '%…%'`` (Django's ``contains``, its % and _ escaped) but never strpos(): the same rows without
    reading all of them (one agency's 50,000 one-stop files, "nguyen": 3,221 rows found through the index).
    """
    if indexed:
        return Q(**{f"{column}__contains": text})
    return Q(GreaterThan(StrIndex(column, Value(text)), 0))


def matching(query, *columns, indexed=()):
    """Every word of ``query`` occurs in one of ``columns`` (default ``search_folded``); those in ``indexed``
    through their trigram index (``contains``)."""
    columns = columns or ("search_folded",)
    condition = Q()
    for word in parse(query).words:
        anywhere = Q()
        for column in columns:
            anywhere |= contains(column, word, indexed=column in indexed)
        condition &= anywhere
    return condition


def trigram_columns(queryset):
    """The columns of ``queryset``'s model that its database can search through a trigram index."""
    if connections[queryset.db].vendor != "postgresql":
        return ()
    return getattr(queryset.model, "SEARCH_TRIGRAM", ())


def apply(queryset, query, *columns):
    """The rows of ``queryset`` that ``query`` finds (all of them when it has no word). Order unchanged."""
    query = parse(query)
    if not query:
        return queryset
    return queryset.filter(matching(query, *columns, indexed=trigram_columns(queryset)))


# --- the stored column ---------------------------------------------------------------------------------------


def _value(obj, path):
    for name in path.split("__"):
        obj = getattr(obj, name, None) if obj is not None else None
    return "" if obj is None else str(obj)


def text_of(obj, fields=None):
    """The text ``obj`` is searched by: its ``SEARCH_FIELDS`` (``nc__reference`` follows a relation), joined."""
    fields = fields if fields is not None else type(obj).SEARCH_FIELDS
    return " ".join(v for v in (_value(obj, f) for f in fields) if v)


def refresh(obj):
    """Write ``obj.search_folded`` from its searched fields; the service saving ``obj`` calls it before saving."""
    obj.search_folded = fold(text_of(obj))
    return obj


def refill(model, fields, column="search_folded", batch=1000):
    """Fill ``column`` of every existing row of ``model`` (a migration's historical model), ``fields`` as in
    ``SEARCH_FIELDS`` at the time of the migration; ``compact`` instead of ``fold`` for a code column."""
    convert = compact if column == "search_code" else fold
    related = sorted({f.rsplit("__", 1)[0] for f in fields if "__" in f})
    rows = model._default_manager.select_related(*related).order_by("pk")
    changed = []
    for obj in rows.iterator(chunk_size=batch):
        setattr(obj, column, convert(text_of(obj, fields)))
        changed.append(obj)
        if len(changed) == batch:
            # history-written-here: a derived search column, excluded from history; no tracked field changes.
            model._default_manager.bulk_update(changed, [column])
            changed = []
    if changed:
        # history-written-here: as above.
        model._default_manager.bulk_update(changed, [column])


# --- showing what matched -----------------------------------------------------------------------------------


@functools.cache
def _variants():
    """{folded letter: every character that folds to it} over Latin, Vietnamese included (đ, Đ → d)."""
    groups = {}
    for cp in [*range(0x20, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        folded = fold(ch)
        if len(folded) == 1 and folded.isalnum():
            groups.setdefault(folded, set()).add(ch)
    return {k: "[" + "".join(re.escape(c) for c in sorted(v)) + "]" if len(v) > 1 else re.escape(k)
            for k, v in groups.items()}


def _letters(word):
    variants = _variants()
    return "".join(variants.get(ch, re.escape(ch)) for ch in word)


def _spans(text, query, code=False):
    pattern = query.code_pattern if code else query.pattern
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(text):
        if match.end() > match.start():
            # Words one after the other ("giấy phép") make one mark, not a dotted line of marks.
            if spans and (match.start() <= spans[-1][1] or not text[spans[-1][1]:match.start()].strip()):
                spans[-1] = (spans[-1][0], max(spans[-1][1], match.end()))
            else:
                spans.append((match.start(), match.end()))
    return spans


def _marked(text, spans):
    """``text`` escaped, its ``spans`` in ``<mark>``: format_html escapes every piece, adds only the tags."""
    pieces, at = [], 0
    for start, end in spans:
        pieces.append((text[at:start], text[start:end]))
        at = end
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", pieces), text[at:])


def highlight(value, query, code=False):
    """``value`` escaped, with the query's words in ``<mark>`` (``code=True``: the compact form, for a code)."""
    text = nfc(value)
    return _marked(text, _spans(text, parse(query), code=code))


def snippet(value, query, width=110):
    """At most ``width`` characters of ``value`` around the first match, cut at spaces, words highlighted.

    Without a match it is the start of the text, like ``truncatechars``. HTML entities of a sanitised body
    ("&amp;") are read back to characters first, so that they are escaped once, not twice. Only the first
    match is looked for in the whole text (a body is up to 20 pages); the words are marked in the window.
    """
    text = html.unescape(nfc(value)).strip()
    query = parse(query)
    if len(text) <= width:
        return _marked(text, _spans(text, query))
    first = query.pattern.search(text) if query.pattern else None
    start = 0
    if first:
        start = max(0, first.start() - width // 4)
        space = text.find(" ", start, first.start()) if start else -1
        start = space + 1 if space != -1 else start
    end = start + width - (1 if start else 0) - 1  # room for the "…" on either side
    if end >= len(text):
        end = len(text)
    else:
        space = text.rfind(" ", start, end)
        end = space if space > (first.end() if first else start) else end
    window = text[start:end].rstrip()
    return format_html("{}{}{}", "…" if start else "", _marked(window, _spans(window, query)),
                       "…" if end < len(text) else "")
