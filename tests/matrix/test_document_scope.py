"""The permission matrix's rule for pages beside a document (security review issue 12 #8).

Whoever gets 404 on a document's own page gets 404 on every URL that takes its pk (its history, change
request form, file, comparison, distribution, periodic review, new issue, Word import…), or at most an
answer that does not depend on the document (the same as for a pk that matches no document, never a
success): a page must not confirm that a hidden document exists, let alone show it.

The URLs are discovered from the resolver, so a new page cannot be forgotten: every pattern of the
``processes`` namespace and of ``core`` whose kwargs are ints (and ``model`` for the history page, given
``processes.document``) is asked with the pk of a hidden document. The hidden documents get a pk no other
row has, so a pattern that takes another model's pk simply finds nothing there.
"""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from processes.documents import services
from processes.documents.models import Document
from tests.matrix import PERSONAS

NAMESPACES = {"processes", "core"}
HIDDEN_PK = 900_001  # no other row of the test database comes near: asserted below
MISSING_PK = 900_100  # no document at all
# A few of the pages the rule is about, to prove the walk reaches them (it finds every other one itself).
KNOWN = {"processes:document_detail", "processes:change_request_create", "processes:external_file",
         "processes:compare", "processes:revision_import", "core:history"}


def document_urls():
    """[(name, kwargs builder)] for every pattern in NAMESPACES that can take a document's pk."""
    found = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in NAMESPACES and pattern.name:
                converters = pattern.pattern.converters
                ints = [k for k, c in converters.items() if isinstance(c, IntConverter)]
                others = set(converters) - set(ints)
                if ints and others <= {"model"}:
                    found.append((f"{namespace}:{pattern.name}", ints, others))

    walk(get_resolver(), None)
    return [
        (name, lambda pk, ints=ints, others=others: {**{k: pk for k in ints},
                                                      **({"model": "processes.document"} if others else {})})
        for name, ints, others in sorted(found)
    ]


def _hidden_external(world, pk, code):
    document = Document(pk=pk, agency=world.agency, code=code, title=f"Văn bản ẩn {code}",
                        doc_type=Document.Type.EXTERNAL, issuer="Bộ KH&CN", department=world.departments["urban"])
    services.document_save(document=document, user=None)
    document.external_file.save(f"{code}.pdf", ContentFile(b"%PDF-1.4 an"), save=True)
    return document


def draft_only(world):
    """A document with nothing in force yet: staff, auditors, other agencies and oversight may not see it."""
    from tests.processes.documents.helpers import make_draft

    document = _hidden_external(world, HIDDEN_PK, "VB-NHAP")
    make_draft(world, document, author=world.author)
    return document


def withdrawn(world):
    """A withdrawn document (only obsolete issues): staff may not see it; auditors may."""
    from tests.processes.documents.helpers import effective_revision

    document = _hidden_external(world, HIDDEN_PK, "VB-HUY")
    effective_revision(world, document)
    services.periodic_review_record(document=document, user=world.coordinator, outcome="withdraw",
                                    notes="Văn bản đã hết hiệu lực")
    return document


def _no_row_has(pk):
    for model in apps.get_app_config("processes").get_models():
        assert not model._default_manager.filter(pk=pk).exists(), f"{model.__name__} already has pk {pk}"


def _status(client, method, name, kwargs):
    return getattr(client, method)(reverse(name, kwargs=kwargs)).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("make", [draft_only, withdrawn], ids=["draft-only", "withdrawn"])
def test_a_hidden_document_is_hidden_on_every_page_that_takes_its_pk(world, client, make):
    _no_row_has(HIDDEN_PK)
    _no_row_has(MISSING_PK)
    document = make(world)
    assert document.pk == HIDDEN_PK
    urls = document_urls()

    # The walk reaches the document's pages: for a manager they answer otherwise than for a missing pk.
    client.force_login(world.coordinator)
    scoped = {name for name, kwargs in urls
              if _status(client, "get", name, kwargs(HIDDEN_PK)) != _status(client, "get", name, kwargs(MISSING_PK))}
    assert KNOWN <= scoped, f"document pages not reached: {sorted(KNOWN - scoped)} (reached: {sorted(scoped)})"

    failures, hidden_from = [], []
    for persona in PERSONAS:
        if persona == "anonymous":
            continue
        client.force_login(world.people[persona])
        if _status(client, "get", "processes:document_detail", {"pk": HIDDEN_PK}) != 404:
            continue
        hidden_from.append(persona)
        for name, kwargs in urls:
            for method in ("get", "post"):
                got = _status(client, method, name, kwargs(HIDDEN_PK))
                missing = _status(client, method, name, kwargs(MISSING_PK))
                if got != 404 and not (got == missing and got >= 400):
                    failures.append(f"{persona} {method.upper()} {name}: {got} (a missing document: {missing})")
    assert "staff" in hidden_from, hidden_from
    assert not failures, "pages that give a hidden document away:\n  " + "\n  ".join(failures)
