"""The search columns of the register: folded (accent-less, đ→d) text written beside each row on save.

filters.search reads them; every service that saves a document or a revision's content refreshes them.
"""

from qms.core import search
from qms.core import text as vntext


def refresh_document_search(document):
    label = f"{document.code} {document.title}"
    document.search_folded = vntext.fold(label)
    document.search_exact = vntext.lower(label)
    document.search_code = search.compact(document.code)


def refresh_revision_search(revision):
    parts = [
        revision.purpose, revision.scope, revision.references, revision.definitions,
        vntext.strip_tags(revision.procedure_html), revision.legal_basis, revision.dossier, revision.fee,
        revision.submit_place,
    ]
    for row in (revision.steps or []) + (revision.records or []) + (revision.forms or []):
        parts.extend(str(v) for v in row.values())
    revision.search_folded = vntext.fold(" ".join(p for p in parts if p))
