"""Vietnamese text helpers: NFC normalisation, accent folding for search, HTML sanitising.

``fold`` is the one definition of "accent-insensitive" used for the stored search columns and
for queries alike, so SQLite and PostgreSQL compare the same plain strings.
"""

import re
import unicodedata

import nh3

_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]+>")


def nfc(value):
    """NFC text without NUL bytes (PostgreSQL refuses them; no one types them on purpose)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value).replace("\x00", ""))


def lower(value):
    """NFC, lower case, collapsed spaces: the "exact diacritics" comparison form."""
    return _SPACES.sub(" ", nfc(value).lower()).strip()


def fold(value):
    """Accent-less lower-case form: NFD, drop combining marks, đ→d ("Đống Đa" → "dong da")."""
    text = unicodedata.normalize("NFD", nfc(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text.lower()).strip()


def tokens(value):
    return [t for t in re.split(r"[^\w.\-]+", fold(value)) if t]


def strip_tags(html):
    return _SPACES.sub(" ", _TAGS.sub(" ", html or "")).strip()


ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def sanitize_html(html):
    """Safe HTML for the procedure body: no scripts, styles, images or foreign URL schemes."""
    cleaned = nh3.clean(
        nfc(html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
    return cleaned.strip()
