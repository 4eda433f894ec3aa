"""The catalogue of ISO 9001 clauses (2008 and 2015) and the correspondence between the editions.

What every page, form and PDF that cites a clause uses: ``clause_title`` for the title in the user's language,
``equivalent`` for the clauses of the other edition, ``normalise`` to find the catalogued clause a record's
code (``4.2.3.c``, ``8.2.2 b``) belongs to, and ``choices`` for a form's list of clauses of one edition.
"""

from django.utils.text import format_lazy

from qms.core.clauses.catalogue import CLAUSES, CLAUSES_2008, CLAUSES_2015, EDITION_2008, EDITION_2015, EDITIONS
from qms.core.clauses.correspondence import DROPPED_IN_2015, FROM_2008, FROM_2015, NEW_IN_2015

__all__ = [
    "CLAUSES", "CLAUSES_2008", "CLAUSES_2015", "EDITION_2008", "EDITION_2015", "EDITIONS", "NO_EQUIVALENT",
    "choices", "clause_title", "codes", "equivalent", "normalise", "split_codes",
]

_TITLES = {edition: dict(rows) for edition, rows in CLAUSES.items()}
_TABLES = {(EDITION_2008, EDITION_2015): (FROM_2008, DROPPED_IN_2015),
           (EDITION_2015, EDITION_2008): (FROM_2015, NEW_IN_2015)}
NO_EQUIVALENT = ()


def _check_edition(edition):
    if edition not in _TITLES:
        raise ValueError(f"unknown ISO 9001 edition {edition!r}")


def codes(edition):
    """The clause codes of an edition, in the standard's order."""
    _check_edition(edition)
    return [code for code, _title in CLAUSES[edition]]


def normalise(code, edition):
    """The catalogued clause a cited code belongs to: itself, or its longest catalogued prefix ("4.2.3.c" →
    "4.2.3", "8.2.2 b" → "8.2.2"); None when nothing of it is in the edition."""
    _check_edition(edition)
    code = (code or "").strip().rstrip(".")
    titles = _TITLES[edition]
    while code:
        if code in titles:
            return code
        cut = max(code.rfind("."), code.rfind(" "))
        code = code[:cut].strip() if cut > 0 else ""
    return None


def clause_title(edition, code):
    """The clause's title (lazy, in the user's language), or "" when the code is not in the edition."""
    found = normalise(code, edition)
    return _TITLES[edition][found] if found else ""


def equivalent(code, from_edition, to_edition):
    """The clauses of ``to_edition`` that carry the requirements of ``code`` (of ``from_edition``), as a tuple;
    ``NO_EQUIVALENT`` (an empty tuple) when the standard has none; None when the code is not a clause at all."""
    _check_edition(from_edition)
    _check_edition(to_edition)
    found = normalise(code, from_edition)
    if found is None:
        return None
    if from_edition == to_edition:
        return (found,)
    table, none = _TABLES[(from_edition, to_edition)]
    if found in none:
        return NO_EQUIVALENT
    return table[found]


def choices(edition, *, only=None):
    """(code, "code title") pairs for a form or filter; ``only`` keeps those codes (in the standard's order)."""
    _check_edition(edition)
    return [(code, format_lazy("{} {}", code, title)) for code, title in CLAUSES[edition]
            if only is None or code in only]


def split_codes(text):
    """The codes of a field holding several ("4.2.3, 8.2.2" or "4.2.3; 8.5.2")."""
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
