"""A signed code and title never change under a signature (issue 12, finding 7).

The content hash covers the document's code and the revision's title. Once an issue has been submitted the code is
fixed and the title changes only through a new issue, which gives the register its title when it becomes effective.
Other register fields still change, with a reason once the document is in force, and history keeps them.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from processes.documents import services
from processes.documents.models import CODE_SIGNED, TITLE_SIGNED, Document, Revision, RevisionLocked, Signature
from processes.documents.permissions import round_writers
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit, tomorrow

pytestmark = pytest.mark.django_db

TITLE = "Cấp giấy phép xây dựng"


def edit_url(document):
    return reverse("processes:document_edit", kwargs={"pk": document.pk})


def register_post(document, **changes):
    """Every field of the register form as stored, then ``changes`` (a forged request sends code and title)."""
    return {"code": document.code, "title": document.title, "doc_type": document.doc_type,
            "department": document.department_id, "review_interval_months": document.review_interval_months,
            "reason": "Theo Quyết định 15/QĐ-UBND", **changes}


def assert_signatures_verify(revision):
    revision.refresh_from_db()
    assert revision.compute_hash() == revision.content_hash
    assert set(revision.signatures.values_list("content_hash", flat=True)) == {revision.content_hash}


@pytest.mark.parametrize("changes, field, message", [
    ({"title": "Cấp giấy phép xây dựng nhà ở"}, "title", TITLE_SIGNED),
    ({"code": "QT-99"}, "code", CODE_SIGNED),
    ({"code": "qt-99", "title": "Tên khác"}, "code", CODE_SIGNED),
])
def test_a_forged_post_changing_a_signed_field_is_refused_and_saves_nothing(world, client, changes, field, message):
    document = make_document(world)
    effective = effective_revision(world, document)
    history = document.history.count()
    client.force_login(world.coordinator)

    # review_interval_months changes too: a refusal must not save the rest of the form.
    response = client.post(edit_url(document), register_post(document, review_interval_months=24, **changes))

    assert response.status_code == 200
    assert str(message) in response.content.decode()
    assert response.context["form"].errors[field] == [str(message)]
    document.refresh_from_db()
    assert (document.code, document.title, document.review_interval_months) == ("QT-05", TITLE, 12)
    assert document.history.count() == history
    assert_signatures_verify(effective)


def test_the_register_form_shows_signed_code_and_title_read_only_and_says_why(world, client):
    document = make_document(world)
    effective_revision(world, document)
    client.force_login(world.coordinator)

    form = client.get(edit_url(document)).context["form"]
    page = client.get(edit_url(document)).content.decode()

    assert form.fields["code"].disabled and form.fields["title"].disabled
    assert 'name="code" value="QT-05"' in page and "disabled" in page.split('name="code"')[1].split(">")[0]
    assert "Không sửa được: mã hiệu là một phần nội dung đã trình ký" in page
    assert "Đổi tên trong dự thảo lần ban hành mới" in page


def test_the_service_refuses_a_signed_change_from_any_caller(world):
    document = make_document(world)
    effective = effective_revision(world, document)

    stale = Document.objects.get(pk=document.pk)
    stale.title = "Tên đổi ngoài biểu mẫu"
    with pytest.raises(ValidationError) as refused:
        services.document_save(document=stale, user=world.coordinator, reason="Thử")

    assert refused.value.message_dict == {"title": [str(TITLE_SIGNED)]}
    document.refresh_from_db()
    assert document.title == TITLE
    assert_signatures_verify(effective)


def test_other_register_fields_still_change_with_a_reason_and_the_hash_still_verifies(world, client):
    document = make_document(world)
    effective = effective_revision(world, document)
    client.force_login(world.coordinator)
    # As a browser posts it: the disabled code and title are not sent.
    data = {k: v for k, v in register_post(document, review_interval_months=24, is_public="on").items()
            if k not in ("code", "title")}

    response = client.post(edit_url(document), data)

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.review_interval_months == 24 and document.is_public
    assert document.history.latest().history_change_reason == "Theo Quyết định 15/QĐ-UBND"
    assert_signatures_verify(effective)


def test_a_submitted_issue_fixes_the_code_even_before_approval_and_after_return(world, client):
    document = make_document(world)
    draft = make_draft(world, document)
    submit(world, draft)
    client.force_login(world.coordinator)

    response = client.post(edit_url(document), register_post(document, code="QT-06", reason=""))
    assert str(CODE_SIGNED) in response.content.decode()

    # Returned for changes: the round's hash was computed over the code, and the draft goes for signature again.
    services.revision_reject(revision=draft, user=world.reviewer, comment="Bổ sung căn cứ pháp lý")
    response = client.post(edit_url(document), register_post(document, code="QT-06", reason=""))
    assert str(CODE_SIGNED) in response.content.decode()
    document.refresh_from_db()
    assert document.code == "QT-05"


def test_before_any_submission_code_and_title_change_and_the_draft_takes_the_title(world, client):
    document = make_document(world)
    draft = make_draft(world, document)
    assert draft.title == TITLE
    client.force_login(world.coordinator)

    response = client.post(edit_url(document), register_post(document, code="qt-06", title="Cấp phép sửa chữa nhà",
                                                              reason=""))

    assert response.status_code == 302
    document.refresh_from_db()
    draft.refresh_from_db()
    assert (document.code, document.title) == ("QT-06", "Cấp phép sửa chữa nhà")
    assert draft.title == "Cấp phép sửa chữa nhà"
    # The coordinator changed a signed field of the author's round: not a signer of it (separation of duties).
    assert world.coordinator.pk in round_writers(draft)


def test_a_new_issue_with_a_new_title_renames_the_document_when_it_becomes_effective(world):
    document = make_document(world)
    first = effective_revision(world, document)
    second = make_draft(world, document, title="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    assert second.title == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    submit(world, second)
    approve(world, second, effective_date=tomorrow())

    document.refresh_from_db()
    assert document.title == TITLE  # approved, not yet in force: the register keeps the title in force

    assert services.activate_due_revisions(today=tomorrow()) == [second]
    document.refresh_from_db()
    first.refresh_from_db()
    assert document.title == "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    assert "nha o rieng le" in document.search_folded
    assert document.history.latest().history_change_reason == (
        "Lần ban hành 02 có hiệu lực, đổi tên tài liệu theo lần ban hành này")
    assert first.status == Revision.Status.SUPERSEDED and first.title == TITLE
    assert_signatures_verify(first)
    assert_signatures_verify(second)


def test_the_draft_editor_changes_the_title_and_refuses_an_empty_one(world, client):
    document = make_document(world)
    effective_revision(world, document)
    draft = make_draft(world, document)
    client.force_login(world.coordinator)
    url = reverse("processes:revision_edit", kwargs={"pk": draft.pk})

    response = client.post(url, {"title": "  ", "purpose": "Mục đích"})
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    draft.refresh_from_db()
    assert draft.title == TITLE

    response = client.post(url, {"title": "Cấp giấy phép xây dựng có thời hạn", "purpose": "Mục đích"})
    assert response.status_code == 302
    draft.refresh_from_db()
    document.refresh_from_db()
    assert draft.title == "Cấp giấy phép xây dựng có thời hạn" and document.title == TITLE


def test_an_approved_title_is_locked_like_the_content(world):
    revision = effective_revision(world, make_document(world))
    revision.title = "Tên khác"
    with pytest.raises(RevisionLocked) as refused:
        revision.save()
    assert refused.value.locked_fields == ["title"]


def test_the_signed_title_is_what_the_hash_covers(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    draft.refresh_from_db()
    signed = draft.content_hash
    draft.title = "Tên khác"
    assert draft.compute_hash() != signed
    # and the register's title is not part of it any more
    draft.title = TITLE
    draft.document.title = "Tên khác"
    assert draft.compute_hash() == signed
    assert not Signature.objects.exists()
