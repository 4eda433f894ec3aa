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

``test_every_view_that_reads_input_has_a_fuzz_target`` fails when a view of a namespace listed in
``test_forms.COVERED_NAMESPACES`` reads request.POST/FILES (or is POST-only) or request.GET and no
target of that URL name and method exists. Stricter checks (``before=`` snapshot, ``checks.strictly``):
see tests/fuzz/audits_programme_checks.py.
"""

from dataclasses import dataclass, field
from typing import Callable

FUZZ_MODULES = ["tests.fuzz.core", "tests.fuzz.processes", "tests.fuzz.audits", "tests.fuzz.audits_checks", "tests.fuzz.pdf",
                "tests.fuzz.audits_programme", "tests.fuzz.audits_programme_checks", "tests.fuzz.uploads",
                "tests.fuzz.public", "tests.fuzz.quality_objectives", "tests.fuzz.quality_dashboards",
                "tests.fuzz.quality_review", "tests.fuzz.quality_reports", "tests.fuzz.api",
                "tests.fuzz.cases_files", "tests.fuzz.cases_late", "tests.fuzz.cases_figures", "tests.fuzz.cases_slips",
                "tests.fuzz.quality_context", "tests.fuzz.quality_risks", "tests.fuzz.quality_transition"]


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
    # world → snapshot taken inside each example just before the request (e.g. row counts); when set,
    # check is called as check(world, data, response, before) to compare (nothing half-saved).
    before: Callable = None
    # (world, fixed + data) → what is actually sent: for field names that depend on the objects
    # (a form prefix with a pk) or values that are not text (uploaded files). check still gets data.
    payload: Callable = None

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
