"""Verification codes printed on copies, and SHA-256 of stored PDFs.

A code is 10 symbols from a 29-symbol alphabet without look-alikes (no 0/O, 1/I/L, U/V), drawn with
``secrets``: 29**10 ≈ 4·10^14 possibilities (≈ 48 bits), so codes cannot be guessed by counting. Printed
as ``K7QM-4XPA-2R``; typed back in any case, with or without dashes/spaces (the stored form is
:func:`normalize_code`'s).
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 0 1 I L O U V removed
CODE_LENGTH = 10
GROUPS = (4, 4, 2)
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def new_code() -> str:
    """A fresh code in stored (normalised, ungrouped) form, e.g. ``K7QM4XPA2R``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``K7QM4XPA2R`` → ``K7QM-4XPA-2R`` for printing."""
    code = normalize_code(code) or code
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start:start + size])
        start += size
    return "-".join(p for p in parts if p)


def normalize_code(typed: str) -> str | None:
    """What a person typed → the stored form, or ``None`` if it cannot be a code (then answer "not found")."""
    if not typed or len(typed) > 40:
        return None
    cleaned = _NOT_ALNUM.sub("", typed.upper())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(fileobj, chunk_size: int = 1 << 20) -> str:
    """SHA-256 of an open binary file (Django File / storage file), read in chunks, position restored to 0."""
    digest = hashlib.sha256()
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(chunk_size), b""):
        digest.update(chunk)
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    return digest.hexdigest()
