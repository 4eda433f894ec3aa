"""Review comments on sections and their resolution; "Trả lại" only before one's signature (issue 13, item 13).

Services: who may comment and resolve, what is refused and with which message, nothing saved on bad input.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from processes.documents import permissions as perms
from processes.documents import services
from processes.documents.models import ReviewComment, Revision
from qms.core.models import Notification
from tests.factories import PASSWORD
from tests.processes.documents.helpers import approve, make_document, make_draft, submit

S = Revision.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(world):
    """QT-05 by the author, in review: the reviewer reviews, the head approves."""
    revision = make_draft(world, make_document(world), author=world.author)
    return submit(world, revision)


def _messages(error):
    return " ".join(error.value.messages)


# --- commenting ---------------------------------------------------------------------------------------------------


def test_reviewer_comments_on_a_section_and_the_author_is_told(world, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="steps",
                                   text="  Bước 2 chưa ghi thời hạn.  ")
    assert (comment.section, comment.round, comment.text, comment.is_resolved) == (
        "steps", 1, "Bước 2 chưa ghi thời hạn.", False)
    told = Notification.objects.get(user=world.author, text__startswith="Ý kiến mới")
    # The notification names the document, issue and comment; the section is shown beside it on the page linked.
    assert "QT-05" in told.text and "Bước 2 chưa ghi thời hạn." in told.text and told.url.endswith(f"/ban-hanh/{in_review.pk}/#comments")
    assert perms.can_view_revision(world.author, in_review)  # the link opens for the author


def test_the_approver_comments_too(world, in_review):
    services.comment_add(revision=in_review, user=world.head, section="purpose", text="Mục đích nên ngắn hơn.")
    assert in_review.comments.get().user == world.head


@pytest.mark.parametrize("persona", ["staff", "auditor", "author"])
def test_people_not_named_on_the_round_may_not_comment(world, in_review, persona):
    with pytest.raises(PermissionDenied):
        services.comment_add(revision=in_review, user=world.people[persona], section="general", text="Ý kiến")
    assert not ReviewComment.objects.exists()


def test_another_agency_may_not_comment(world, in_review):
    with pytest.raises(PermissionDenied):
        services.comment_add(revision=in_review, user=world.outsider, section="general", text="Ý kiến")
    assert not ReviewComment.objects.exists()


def test_a_blank_comment_or_an_unknown_section_is_refused_and_nothing_is_saved(world, in_review):
    with pytest.raises(ValidationError) as error:
        services.comment_add(revision=in_review, user=world.reviewer, section="nowhere", text=" \n ")
    assert error.value.message_dict == {"text": ["Nhập nội dung ý kiến."], "section": ["Mục không hợp lệ."]}
    assert not ReviewComment.objects.exists()
    assert not Notification.objects.filter(user=world.author).exclude(text__contains="Xem xét").exists()


def test_comments_are_taken_only_while_in_review(world):
    draft = make_draft(world, make_document(world), author=world.author)
    with pytest.raises(ValidationError) as error:
        services.comment_add(revision=draft, user=world.coordinator, section="general", text="Sớm quá")
    assert "Chỉ góp ý được khi tài liệu đang xem xét (hiện: Dự thảo)" in _messages(error)
    assert not ReviewComment.objects.exists()


# --- resolving ----------------------------------------------------------------------------------------------------


def test_the_author_resolves_a_comment_and_the_reviewer_is_told(world, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    services.comment_resolve(comment=comment, user=world.author, resolution=" Đã mở rộng cho cả phường. ")
    comment.refresh_from_db()
    assert comment.resolution == "Đã mở rộng cho cả phường."
    assert comment.resolved_by == world.author and comment.resolved_at is not None
    told = Notification.objects.get(user=world.reviewer, text__contains="đã được giải quyết")
    assert "Đã mở rộng cho cả phường." in told.text and told.url.endswith(f"/ban-hanh/{in_review.pk}/#comments")
    assert perms.can_view_revision(world.reviewer, in_review)
    # The resolution is in the comment's history, with who did it.
    assert comment.history.first().history_user == world.author


def test_the_coordinator_may_resolve_as_one_who_may_edit_the_draft(world, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    services.comment_resolve(comment=comment, user=world.coordinator, resolution="Giữ nguyên: đúng quy định.")
    assert ReviewComment.objects.get().resolved_by == world.coordinator


@pytest.mark.parametrize("persona", ["reviewer", "staff", "outsider"])
def test_those_who_may_not_edit_the_draft_may_not_resolve(world, in_review, persona):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    user = world.people[persona]
    with pytest.raises(PermissionDenied):
        services.comment_resolve(comment=comment, user=user, resolution="Tôi tự giải quyết.")
    assert not ReviewComment.objects.get().is_resolved


def test_a_blank_resolution_is_refused_and_nothing_is_saved(world, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    with pytest.raises(ValidationError) as error:
        services.comment_resolve(comment=comment, user=world.author, resolution="  ")
    assert error.value.message_dict == {"resolution": ["Cần ghi rõ ý kiến đã được giải quyết thế nào."]}
    comment.refresh_from_db()
    assert (comment.resolution, comment.resolved_by, comment.resolved_at) == ("", None, None)
    assert not Notification.objects.filter(user=world.reviewer, text__contains="giải quyết").exists()


def test_a_comment_is_resolved_once(world, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    services.comment_resolve(comment=comment, user=world.author, resolution="Đã sửa.")
    with pytest.raises(ValidationError) as error:
        services.comment_resolve(comment=comment, user=world.coordinator, resolution="Sửa lần nữa.")
    assert f"Ý kiến này đã được {world.author.display_name} giải quyết lúc" in _messages(error)
    assert ReviewComment.objects.get().resolution == "Đã sửa."


def test_no_resolving_once_the_revision_is_approved(world, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    approve(world, in_review)
    with pytest.raises(ValidationError) as error:
        services.comment_resolve(comment=comment, user=world.author, resolution="Muộn rồi.")
    assert "ý kiến xem xét không còn được giải quyết ở đây" in _messages(error)
    assert not ReviewComment.objects.get().is_resolved


def test_the_database_keeps_a_resolution_all_or_nothing(world, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    for fields in ({"resolved_at": timezone.now()}, {"resolution": "Đã sửa"},
                   {"resolved_by": world.author, "resolved_at": timezone.now()}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReviewComment.objects.filter(pk=comment.pk).update(**fields)


# --- across a return for changes ----------------------------------------------------------------------------------


def test_comments_survive_a_return_and_are_resolved_while_reworking(world, in_review):
    services.comment_add(revision=in_review, user=world.reviewer, section="steps", text="Bước 2 thiếu thời hạn.")
    services.revision_reject(revision=in_review, user=world.reviewer, comment="Xem ý kiến mục 5.7", section="steps")
    in_review.refresh_from_db()
    assert in_review.status == S.DRAFT
    comments = list(in_review.comments.order_by("pk"))
    assert [(c.text, c.is_rejection) for c in comments] == [("Bước 2 thiếu thời hạn.", False),
                                                            ("Xem ý kiến mục 5.7", True)]
    for comment in comments:  # in the draft, while editing
        services.comment_resolve(comment=comment, user=world.author, resolution="Đã ghi 10 ngày cho bước 2.")
    services.revision_update_content(revision=in_review, user=world.author, data={"purpose": "Mục đích đã sửa."})
    second = submit(world, in_review)
    assert second.review_round == 2
    assert second.comments.resolved().count() == 2 and not second.comments.open().exists()
    # The reviewer of the new round signs after reading the resolutions.
    services.revision_sign(revision=second, user=world.reviewer, password=PASSWORD, meaning="reviewed")


# --- "Trả lại" after signing ---------------------------------------------------------------------------------------


def test_a_reviewer_who_signed_may_no_longer_return_the_draft(world, in_review):
    services.revision_sign(revision=in_review, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    with pytest.raises(ValidationError) as error:
        services.revision_reject(revision=in_review, user=world.reviewer, comment="Đổi ý, trả lại")
    assert "Anh/chị đã ký lần trình này nên không còn trả lại được" in _messages(error)
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW and not in_review.comments.exists()
    assert in_review.signatures.count() == 1


def test_the_approver_who_has_not_signed_may_still_return_it(world, in_review):
    services.revision_sign(revision=in_review, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    services.revision_reject(revision=in_review, user=world.head, comment="Chưa đúng mẫu.")
    in_review.refresh_from_db()
    assert in_review.status == S.DRAFT


def test_after_a_return_and_resubmission_the_reviewer_may_return_again(world, in_review):
    services.revision_sign(revision=in_review, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    services.revision_reject(revision=in_review, user=world.head, comment="Chưa đúng mẫu.")
    second = submit(world, in_review)  # a new round: the reviewer has not signed it
    assert not perms.has_signed_round(second, world.reviewer)
    services.revision_reject(revision=second, user=world.reviewer, comment="Vẫn thiếu thời hạn.")
    second.refresh_from_db()
    assert second.status == S.DRAFT
