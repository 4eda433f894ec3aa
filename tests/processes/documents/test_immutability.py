"""Approved content never changes (DOC-2): by service, by crafted POST, by a direct model save."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from processes.documents import services
from processes.documents.models import Revision, RevisionLocked
from tests.processes.documents.helpers import effective_revision, make_document, make_draft, submit

S = Revision.Status
pytestmark = pytest.mark.django_db


def test_service_refuses_to_edit_effective_revision(world):
    revision = effective_revision(world, make_document(world))
    with pytest.raises(ValidationError):
        services.revision_update_content(revision=revision, user=world.coordinator, data={"purpose": "đổi"})
    revision.refresh_from_db()
    assert revision.purpose != "đổi"


def test_service_refuses_to_edit_revision_in_review(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    with pytest.raises(ValidationError):
        services.revision_update_content(revision=draft, user=world.coordinator, data={"purpose": "đổi"})


@pytest.mark.parametrize("status", [S.APPROVED, S.EFFECTIVE, S.SUPERSEDED, S.OBSOLETE])
def test_direct_model_save_of_locked_content_raises(world, status):
    revision = effective_revision(world, make_document(world))
    Revision.objects.filter(pk=revision.pk).update(status=status)  # test setup only
    revision.refresh_from_db()
    revision.steps = revision.steps + [{"step": "B9", "description": "bước lén thêm"}]
    with pytest.raises(RevisionLocked):
        revision.save()
    revision.refresh_from_db()
    assert len(revision.steps) == 3


def test_direct_save_of_status_only_is_allowed(world):
    revision = effective_revision(world, make_document(world))
    revision.status = S.OBSOLETE
    revision.save()
    revision.refresh_from_db()
    assert revision.status == S.OBSOLETE


def test_crafted_post_to_editor_of_effective_revision_changes_nothing(world, client):
    revision = effective_revision(world, make_document(world))
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:revision_edit", kwargs={"pk": revision.pk}),
                           {"purpose": "nội dung giả", "steps__step": ["X"], "steps__description": ["y"]})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.purpose != "nội dung giả" and revision.steps[0]["step"] == "B1"


def test_database_allows_only_one_effective_revision(world):
    document = make_document(world)
    first = effective_revision(world, document)
    draft = make_draft(world, document)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.filter(pk=draft.pk).update(status=S.EFFECTIVE, effective_date=first.effective_date)


def test_issue_number_unique_per_document(world):
    document = make_document(world)
    draft = make_draft(world, document)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(document=document, agency=world.agency, issue_number=draft.issue_number,
                                title=document.title, author=world.coordinator, status=S.SUPERSEDED, effective_date=draft.created_at.date())


def test_duplicate_code_in_agency_is_refused_with_message(world):
    make_document(world, code="QT-01")
    with pytest.raises(ValidationError) as error:
        make_document(world, code="QT-01")
    assert "code" in error.value.message_dict
    # Another agency may use the same code.
    make_document(world, code="QT-01", agency=world.other_agency)
