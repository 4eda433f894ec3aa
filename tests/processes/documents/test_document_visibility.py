"""Pages beside a document follow the document's own page (security review issue 12 #8): staff who may not
see a document (nothing in force yet, or withdrawn) get 404 on its history, change request form, file and
comparison, as on its page. tests/matrix/test_document_scope.py walks every such URL; these read as examples."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from processes.documents import services
from processes.documents.models import ChangeRequest, Document
from tests.processes.documents.helpers import effective_revision, make_document, make_draft

pytestmark = pytest.mark.django_db


def _draft_only_external(world):
    document = make_document(world, code="TCVN-2", title="Tiêu chuẩn chưa ban hành", doc_type=Document.Type.EXTERNAL,
                             issuer="Bộ KH&CN")
    document.external_file.save("tcvn.pdf", ContentFile(b"%PDF-1.4 y"), save=True)
    make_draft(world, document)
    return document


def _pages(document):
    return {
        "page": reverse("processes:document_detail", kwargs={"pk": document.pk}),
        "history": reverse("core:history", kwargs={"model": "processes.document", "pk": document.pk}),
        "change request": reverse("processes:change_request_create", kwargs={"pk": document.pk}),
        "file": reverse("processes:external_file", kwargs={"pk": document.pk}),
        "compare": reverse("processes:compare", kwargs={"pk": document.pk}),
    }


def test_staff_get_404_beside_a_document_with_nothing_in_force(world, client):
    document = _draft_only_external(world)
    client.force_login(world.staff)
    answers = {name: client.get(url).status_code for name, url in _pages(document).items()}
    assert answers == dict.fromkeys(answers, 404)


def test_staff_cannot_post_a_change_request_on_a_hidden_document(world, client):
    document = _draft_only_external(world)
    client.force_login(world.staff)
    url = reverse("processes:change_request_create", kwargs={"pk": document.pk})
    assert client.post(url, {"reason": "Sai chính tả"}).status_code == 404
    assert not ChangeRequest.objects.exists()


def test_staff_get_404_beside_a_withdrawn_document_but_auditors_see_it(world, client):
    document = make_document(world)
    effective_revision(world, document)
    services.periodic_review_record(document=document, user=world.coordinator, outcome="withdraw", notes="Hết hiệu lực")
    client.force_login(world.staff)
    assert {client.get(url).status_code for name, url in _pages(document).items() if name != "file"} == {404}
    client.force_login(world.auditor)
    assert client.get(_pages(document)["page"]).status_code == 200
    assert client.get(_pages(document)["history"]).status_code == 200


def test_staff_see_everything_beside_a_document_in_force(world, client):
    document = _draft_only_external(world)
    services.revision_cancel(revision=document.revisions.get(), user=world.coordinator)
    effective_revision(world, document)
    client.force_login(world.staff)
    answers = {name: client.get(url).status_code for name, url in _pages(document).items()}
    assert answers == dict.fromkeys(answers, 200)
