"""Property-based tests over every form and endpoint: never a 500 (quality.md, "Bad input").

Each app keeps its targets in ``tests/fuzz/<app>.py`` as ``TARGETS = [Target(...), ...]``;
``tests/fuzz/test_forms.py`` runs every target of every module listed in ``FUZZ_MODULES``.

    from tests.fuzz import Target
    from tests.fuzz.strategies import nasty_text, nasty_date

    TARGETS = [
        Target(
            "audits:nc_create",                       # URL name (or path=lambda world, draw: "/...")
            persona="auditor",                        # who posts (None: anonymous)
            fields={"title": nasty_text(), "due": nasty_date()},   # generated fields
            fixed=lambda w: {"department": w.departments["urban"].pk},  # valid values for the rest
            check=lambda w, data, response: ...,       # optional: accepted values round-trip (NFC)
        ),
    ]

Every example runs in a rolled-back savepoint, so examples do not pile up rows.
"""

from dataclasses import dataclass, field
from typing import Callable

FUZZ_MODULES = ["tests.fuzz.core", "tests.fuzz.processes", "tests.fuzz.audits", "tests.fuzz.audits_checks", "tests.fuzz.pdf"]


@dataclass
class Target:
    url_name: str = ""
    fields: dict = field(default_factory=dict)  # name → hypothesis strategy producing str
    persona: str = "coordinator"
    method: str = "post"
    kwargs: Callable = None  # world → URL kwargs
    path: Callable = None  # (world, drawn fields) → full path, for junk in the URL itself
    fixed: Callable = None  # world → dict of valid values sent along
    check: Callable = None  # (world, data, response) → None; assert what was accepted round-trips
    allowed_statuses: tuple = (200, 204, 301, 302, 303, 400, 403, 404, 405, 429)
    max_examples: int = None  # default from the profile
    build: Callable = None  # world → None, creates what the form needs (run once per test)
    name: str = ""

    @property
    def id(self):
        return self.name or self.url_name


def stored_as_nfc(fetch, fields, *, strip=True):
    """A ``check=`` helper: when the form was accepted (a redirect), each field's stored value is
    exactly the NFC form of what was sent (stripped, as Django's CharField does by default).

    ``fetch(world, data, response)`` returns the saved object (e.g. the newest of the agency's NCs).
    """
    import unicodedata

    def check(world, data, response):
        if response.status_code not in (301, 302, 303):
            return
        obj = fetch(world, data, response)
        for name in fields:
            sent = data[name].strip() if strip else data[name]
            assert getattr(obj, name) == unicodedata.normalize("NFC", sent), (name, data[name])

    return check
