"""Hypothesis strategies for hostile input (quality.md, "Bad input").

Use ``nasty_text()`` for any text field, ``nasty_number()`` for numbers, ``nasty_date()`` for dates,
``junk()`` when the field's kind does not matter. All values are ``str`` (what a browser sends).
"""

import os
import unicodedata

from hypothesis import strategies as st

VIETNAMESE = "Quy trình kiểm soát tài liệu – Phòng Tư pháp, Đơn vị: UBND quận Hoàn Kiếm"

NASTY_TEXT = [
    "",
    " ",
    "\t\n\r ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    unicodedata.normalize("NFD", VIETNAMESE),  # decomposed: must be stored NFC
    VIETNAMESE,
    "e" + "\u0301" * 60,  # a tower of combining accents
    "Ð đ Đ ư Ư ơ Ơ",
    "\u202eRTL override\u202c",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u200b\u200c\u200d\ufeff",  # zero-width characters and a BOM
    "👩‍👩‍👧‍👦🇻🇳",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% debug %}",
    "'; DROP TABLE core_user; --",
    "' OR '1'='1",
    "%00%0d%0aSet-Cookie:%20x=y",
    "\r\nSet-Cookie: x=y",
    "../../../../etc/passwd",
    "C:\\Windows\\system32",
    "${jndi:ldap://127.0.0.1/a}",
    "A" * 256,
    "Ệ" * 2000,
    "x" * 70000,
    "NaN",
    "-0",
    "1e309",
    "\u0958" * 128,  # grows to 256 code points under NFC: a max_length counted on the raw input is too late
    "\ufb2c" * 90,  # grows to 270
]

NASTY_NUMBERS = [
    "0", "-1", "-0", "1.5", "1,5", "1e309", "-1e309", "NaN", "Infinity", "0x10", "١٢٣",
    "9" * 30, "-" + "9" * 30, str(2**63), str(2**63 - 1), str(-(2**63)), str(2**31), "", " 7 ", "7abc",
]

NASTY_DATES = [
    "31/02/2026", "29/02/2025", "00/00/0000", "32/13/2026", "2026-02-30", "0000-00-00", "9999-12-31",
    "01/01/10000", "01/01/0001", "1/1/1", "30/04/1975", "2026-13-45", "hôm qua", "", "31-12-2026 25:61",
    "2026-11-29T99:99:99Z", "-1", "١٢/٠٢/٢٠٢٦",
]

_text_alphabet = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be sent as UTF-8


# The strategies below that draw every NASTY_TEXT value as it is: tests/fuzz/test_forms.py sends PostgreSQL's edge
# values through the fields using one of them directly (not through .map() or builds(), which make something else).
_DRAWS_NASTY_TEXT = []


def draws_nasty_text(strategy):
    return any(strategy is known for known in _DRAWS_NASTY_TEXT)


def _registered(strategy):
    _DRAWS_NASTY_TEXT.append(strategy)
    return strategy


def nasty_text(max_size=300):
    return _registered(st.one_of(
        st.sampled_from(NASTY_TEXT),
        st.text(alphabet=_text_alphabet, max_size=max_size),
        st.lists(st.sampled_from(NASTY_TEXT[:28]), min_size=2, max_size=4).map("".join),
    ))


def nasty_number():
    return st.one_of(
        st.sampled_from(NASTY_NUMBERS),
        st.integers(min_value=-(2**80), max_value=2**80).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )


def nasty_date():
    return st.one_of(
        st.sampled_from(NASTY_DATES),
        st.tuples(st.integers(-5, 40), st.integers(-5, 20), st.integers(-10, 12000)).map(lambda t: "%02d/%02d/%04d" % t),
    )


def junk():
    return _registered(st.one_of(nasty_text(), nasty_number(), nasty_date()))


# Text that grows under NFC: composition exclusions (Devanagari QA, Hebrew SHIN WITH DAGESH AND SHIN DOT)
# decompose, so a form's max_length, counted on the raw input, no longer bounds the stored value.
NFC_GROWS = {"\u0958": 2, "\ufb2c": 3}


def near_limit(limit):
    """Values around a column's max_length: exactly at it, one over, and ones that pass the form's length
    check raw but exceed it once normalised to NFC (or shrink under NFC: decomposed Vietnamese)."""
    return st.sampled_from([
        "A" * limit,
        "A" * (limit + 1),
        "Ệ" * limit,
        unicodedata.normalize("NFD", "Ệ" * limit),  # 3·limit code points raw, limit once composed
        *(ch * (limit // grows + 1) for ch, grows in NFC_GROWS.items()),
        *(ch * limit for ch in NFC_GROWS),
    ])


def long_text(limit):
    """nasty_text() and values around a max_length."""
    return _registered(st.one_of(nasty_text(), near_limit(limit)))


def clause_list(limit=255):
    """Comma/semicolon-separated clause lists, some whose tidied form (", " between items) outgrows ``limit``."""
    item = st.one_of(st.sampled_from(["4.2.3", "8.2.2", "7.5", "4.1", "x", "Đ", "e\u0301"]), nasty_text(12))
    return st.one_of(
        st.lists(item, max_size=8).map(",".join),
        st.lists(item, max_size=8).map(";".join),
        st.just(",".join("%02d" % i for i in range(limit // 3))),  # 254 raw, 338 once tidied
        st.just(";".join("%02d" % i for i in range(limit // 3))),
    )


# Uploaded files: a hostile name and bytes that are, or pretend to be, an accepted type (qms/core/uploads.py
# decides by content). Send them with Target(fields=nasty_file(), payload=as_upload).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def nasty_file():
    content = st.one_of(
        st.binary(max_size=64),
        st.sampled_from([PNG, PDF, b"%PDF", b"PK\x03\x04" + b"\x00" * 20, b"\xff\xd8\xff", b"GIF89a", b""]),
        st.binary(max_size=32).map(lambda tail: PNG + tail),
    )
    return {"name": nasty_text(60), "content": content}


def as_upload(world, data, field="file"):
    """payload=: the drawn name and bytes as an uploaded file (a NUL cannot travel in a multipart header)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    rest = {k: v for k, v in data.items() if k not in ("name", "content")}
    return {**rest, field: SimpleUploadedFile(upload_name(data["name"]), data["content"])}


def upload_name(drawn):
    """A drawn file name as a browser can send it: no NUL (it cannot travel in a multipart header), and one that
    names no file at all ("", "/", "..") becomes "x", since Django's multipart parser drops such a part before
    any view sees it."""
    name = drawn.replace("\x00", "")
    return "x" if os.path.basename(name) in {"", ".", ".."} else name
