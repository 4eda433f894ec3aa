"""Where each document of a register search matched (issue 13, item 5): its code, its title, or a section of
its effective revision, shown with the words highlighted (qms.core.search escapes the text and adds only
``<mark>``).

The ranking query (filters.search) tells which documents match but not where; this reads, for the page's
documents that match by content only, the sections of their effective revision in one query, and finds the
section in Python by the same accent-insensitive comparison.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from processes.documents.filters import in_code_or_title
from processes.documents.models import Revision
from qms.core import search
from qms.core.text import strip_tags

# The sections of the Vietnamese template in reading order: the first that holds the most words is shown.
SECTIONS = ["purpose", "scope", "references", "definitions", "procedure_html", "legal_basis", "dossier",
            "submit_place", "fee", "steps", "forms", "records"]
SNIPPET = 180  # characters of the section shown under the title


@dataclass
class Match:
    code: str  # the code, escaped, words marked
    title: str  # the title, likewise
    where: list = field(default_factory=list)  # labels: "Mã hiệu", "Tên tài liệu" or the section's
    snippet: str = ""  # the section's text around the words, for a content match


def _label(name):
    return Revision._meta.get_field(name).verbose_name


def _text(revision, name):
    value = getattr(revision, name)
    if name == "procedure_html":
        return strip_tags(value)
    if isinstance(value, list):  # the step, forms and records tables: one row after another
        return " · ".join(" – ".join(str(v) for v in row.values() if v not in (None, "")) for row in value
                          if isinstance(row, dict))
    return value or ""


def _best_section(revision, query):
    """(field name, text) of the first section holding the most of the words (all of them: stop there)."""
    best, best_count, every = None, 0, len(set(query.words))
    for name in SECTIONS:
        text = _text(revision, name)
        count = query.count_in(text) if text else 0
        if count > best_count:
            best, best_count = (name, text), count
            if count == every:
                break
    return best


def effective_bodies(documents, query):
    """{document id: its effective revision's sections}, for the documents not matched by code or title."""
    ids = [d.pk for d in documents]
    if not ids:
        return {}
    # One query whenever the page has rows (the exclusion is in SQL, so the count does not depend on them).
    revisions = (Revision.objects.filter(document_id__in=ids, status=Revision.Status.EFFECTIVE)
                 .exclude(in_code_or_title(query, prefix="document__")).only("document_id", *SECTIONS))
    return {r.document_id: r for r in revisions}


def describe(documents, query):
    """Set ``doc.match`` on each document of a results page."""
    query = search.parse(query)
    bodies = effective_bodies(documents, query)
    in_code, in_title = str(_("Mã hiệu")), str(_("Tên tài liệu"))  # translated once, not once per row
    for doc in documents:
        code_typed = query.code_in(doc.code)
        match = Match(code=search.highlight(doc.code, query, code=code_typed), title=search.highlight(doc.title, query))
        if code_typed or query.found_in(doc.code):
            match.where.append(in_code)
        if query.found_in(doc.title):
            match.where.append(in_title)
        if not match.where and doc.pk in bodies:
            section = _best_section(bodies[doc.pk], query)
            if section:
                match.where.append(str(_label(section[0])))
                match.snippet = search.snippet(section[1], query, width=SNIPPET)
        doc.match = match
    return documents
