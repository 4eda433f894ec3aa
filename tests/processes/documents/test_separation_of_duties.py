"""Separation of duties (DOC-5, security review issue 12 #2): nobody who wrote or changed the content of a
review round signs it, as reviewer or as approver. A round starts when the draft is created or returned."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from processes.documents import services
from processes.documents.models import ReviewAssignment, Revision, Signature
from qms.core.models import Role
from tests.factories import PASSWORD, make_user
from tests.processes.documents.helpers import make_document, make_draft

S = Revision.Status
pytestmark = pytest.mark.django_db
REFUSED = "soạn thảo hoặc sửa nội dung"


@pytest.fixture
def coordinator_approver(world):
    """A coordinator who is also the management representative: may edit any draft and may approve."""
    return make_user(world.agency, [Role.COORDINATOR, Role.MGMT_REP, Role.STAFF], world.departments["office"],
                     username="thuky_daidien", full_name="Ngô Thị Kiêm Nhiệm")


def _edited_by(world, editor):
    """A draft written by the author, then changed by ``editor``."""
    draft = make_draft(world, make_document(world), author=world.author)
    return services.revision_update_content(revision=draft, user=editor, data={"purpose": "Mục đích do người khác sửa."})


def _messages(error, field):
    return " ".join(error.value.message_dict[field])


def test_coordinator_who_edited_a_draft_cannot_name_themselves_approver(world, coordinator_approver):
    draft = _edited_by(world, coordinator_approver)
    with pytest.raises(ValidationError) as error:
        services.revision_submit(revision=draft, user=coordinator_approver, reviewers=[world.reviewer],
                                 approver=coordinator_approver, change_summary="Sửa mục đích")
    assert REFUSED in _messages(error, "approver")
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and not draft.assignments.exists()


def test_coordinator_who_edited_a_draft_cannot_name_themselves_reviewer(world, coordinator_approver):
    draft = _edited_by(world, coordinator_approver)
    with pytest.raises(ValidationError) as error:
        services.revision_submit(revision=draft, user=coordinator_approver, reviewers=[coordinator_approver],
                                 approver=world.head)
    assert REFUSED in _messages(error, "reviewers")


def test_submit_form_leaves_out_everyone_who_wrote_the_round(world, client, coordinator_approver):
    draft = _edited_by(world, coordinator_approver)
    client.force_login(coordinator_approver)
    form = client.get(reverse("processes:revision_submit", kwargs={"pk": draft.pk})).context["form"]
    approvers, reviewers = list(form.fields["approver"].queryset), list(form.fields["reviewers"].queryset)
    assert coordinator_approver not in approvers and coordinator_approver not in reviewers
    assert world.author not in approvers and world.author not in reviewers
    assert world.head in approvers and world.reviewer in reviewers


def test_submit_form_refuses_a_posted_editor_as_approver(world, client, coordinator_approver):
    draft = _edited_by(world, coordinator_approver)
    client.force_login(coordinator_approver)
    response = client.post(reverse("processes:revision_submit", kwargs={"pk": draft.pk}),
                           {"reviewers": [world.reviewer.pk], "approver": coordinator_approver.pk})
    assert response.status_code == 200 and "approver" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_editor_named_before_the_rule_cannot_sign(world, coordinator_approver):
    # An assignment made before submission refused editors (old data): signing refuses them too.
    draft = _edited_by(world, coordinator_approver)
    services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer], approver=world.head)
    ReviewAssignment.objects.filter(revision=draft, kind=ReviewAssignment.Kind.APPROVE).update(user=coordinator_approver)
    ReviewAssignment.objects.create(revision=draft, agency=world.agency, round=1, user=coordinator_approver,
                                    kind=ReviewAssignment.Kind.REVIEW)
    with pytest.raises(ValidationError) as error:
        services.revision_sign(revision=draft, user=coordinator_approver, password=PASSWORD, meaning="reviewed")
    assert REFUSED in " ".join(error.value.messages)
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    with pytest.raises(ValidationError) as error:
        services.revision_approve(revision=draft, user=coordinator_approver, password=PASSWORD)
    assert REFUSED in " ".join(error.value.messages)
    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW
    assert list(draft.signatures.values_list("user_id", flat=True)) == [world.reviewer.pk]


def test_sign_page_tells_an_editor_they_may_not_sign(world, client, coordinator_approver):
    draft = _edited_by(world, coordinator_approver)
    services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer], approver=world.head)
    ReviewAssignment.objects.create(revision=draft, agency=world.agency, round=1, user=coordinator_approver,
                                    kind=ReviewAssignment.Kind.REVIEW)
    client.force_login(coordinator_approver)
    url = reverse("processes:revision_sign", kwargs={"pk": draft.pk})
    body = client.get(url).content.decode()
    assert REFUSED in body and re.search(r'<button[^>]*data-testid="sign-button"[^>]* disabled>', body)
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not Signature.objects.filter(user=coordinator_approver).exists()


def test_author_still_cannot_approve_nor_review(world):
    draft = make_draft(world, make_document(world), author=world.head)
    with pytest.raises(ValidationError) as error:
        services.revision_submit(revision=draft, user=world.head, reviewers=[world.reviewer], approver=world.head)
    assert "approver" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.revision_submit(revision=draft, user=world.head, reviewers=[world.head], approver=world.mgmt_rep)
    assert REFUSED in _messages(error, "reviewers")


def test_author_named_as_reviewer_before_the_rule_cannot_sign(world):
    draft = make_draft(world, make_document(world), author=world.author)
    services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer], approver=world.head)
    ReviewAssignment.objects.create(revision=draft, agency=world.agency, round=1, user=world.author,
                                    kind=ReviewAssignment.Kind.REVIEW)
    with pytest.raises(ValidationError):
        services.revision_sign(revision=draft, user=world.author, password=PASSWORD, meaning="reviewed")
    assert not Signature.objects.filter(user=world.author).exists()


def test_people_who_only_commented_or_returned_the_draft_may_sign(world):
    draft = make_draft(world, make_document(world), author=world.author)
    draft = services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer], approver=world.head)
    services.comment_add(revision=draft, user=world.head, section="general", text="Nên rút ngắn bước 2.")
    services.revision_reject(revision=draft, user=world.reviewer, comment="Bước 2 thiếu thời hạn", section="steps")
    services.revision_update_content(revision=draft, user=world.author, data={"purpose": "Mục đích đã sửa."})
    draft = services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer], approver=world.head)
    services.comment_add(revision=draft, user=world.reviewer, section="steps", text="Đã ổn.")
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    services.revision_approve(revision=draft, user=world.head, password=PASSWORD)
    draft.refresh_from_db()
    assert draft.status == S.EFFECTIVE


def test_saving_a_draft_without_changing_it_does_not_make_an_editor(world, coordinator_approver):
    draft = make_draft(world, make_document(world), author=world.author)
    services.revision_update_content(revision=draft, user=coordinator_approver, data={"purpose": draft.purpose})
    services.revision_submit(revision=draft, user=coordinator_approver, reviewers=[world.reviewer],
                             approver=coordinator_approver)
    draft.refresh_from_db()
    assert draft.status == S.IN_REVIEW


def test_an_edit_after_the_draft_was_returned_counts_in_the_new_round(world, coordinator_approver):
    draft = make_draft(world, make_document(world), author=world.author)
    services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer], approver=world.head)
    services.revision_reject(revision=draft, user=world.reviewer, comment="Bổ sung phạm vi")
    services.revision_update_content(revision=draft, user=coordinator_approver, data={"scope": "Toàn cơ quan."})
    with pytest.raises(ValidationError) as error:
        services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer],
                                 approver=coordinator_approver)
    assert REFUSED in _messages(error, "approver")


def test_the_refusal_is_said_in_english_to_english_users(world, client, coordinator_approver):
    draft = _edited_by(world, coordinator_approver)
    services.revision_submit(revision=draft, user=world.author, reviewers=[world.reviewer], approver=world.head)
    ReviewAssignment.objects.create(revision=draft, agency=world.agency, round=1, user=coordinator_approver,
                                    kind=ReviewAssignment.Kind.REVIEW)
    coordinator_approver.language = "en"
    coordinator_approver.save()
    client.force_login(coordinator_approver)
    body = client.get(reverse("processes:revision_sign", kwargs={"pk": draft.pk})).content.decode()
    assert "You wrote or changed the content submitted in this round" in body
