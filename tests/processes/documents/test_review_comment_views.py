"""The revision page and the editor with review comments beside their sections; "Trả lại" after signing (issue 13,
item 13)."""

import re

import pytest
from django.urls import reverse

from processes.documents import services
from processes.documents.models import ReviewComment, Revision
from tests.factories import PASSWORD
from tests.processes.documents.helpers import approve, make_document, make_draft, submit

S = Revision.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(world):
    return submit(world, make_draft(world, make_document(world), author=world.author))


def _page(client, revision, name="revision_detail"):
    response = client.get(reverse(f"processes:{name}", kwargs={"pk": revision.pk}))
    assert response.status_code == 200
    return response.content.decode()


def _section(body, key):
    """The HTML of one section of the revision page, its comments aside included."""
    start = body.index(f'id="section-{key}"')
    return body[start:body.index("</section>", start)]


def _reject_url(revision):
    return reverse("processes:revision_reject", kwargs={"pk": revision.pk})


def test_a_reviewer_sees_trả_lại_until_signing_and_not_after(world, client, in_review):
    client.force_login(world.reviewer)
    assert _reject_url(in_review) in _page(client, in_review)
    services.revision_sign(revision=in_review, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    body = _page(client, in_review)
    assert _reject_url(in_review) not in body and ">Trả lại<" not in body
    # The approver, who has not signed, still has it.
    client.force_login(world.head)
    assert _reject_url(in_review) in _page(client, in_review)


def test_a_forged_return_by_a_reviewer_who_signed_is_refused_and_changes_nothing(world, client, in_review):
    services.revision_sign(revision=in_review, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    client.force_login(world.reviewer)
    response = client.post(_reject_url(in_review), {"section": "general", "comment": "Trả lại"}, follow=True)
    assert "Anh/chị đã ký lần trình này nên không còn trả lại được" in response.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW and not in_review.comments.exists()
    # The return page itself is not offered either.
    response = client.get(_reject_url(in_review))
    assert response.status_code == 302


def test_comments_are_shown_beside_their_section_with_the_open_count(world, client, in_review):
    services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi quá hẹp.")
    services.comment_add(revision=in_review, user=world.head, section="steps", text="Bước 3 thiếu biểu mẫu.")
    client.force_login(world.author)
    body = _page(client, in_review)
    assert "Còn 2 ý kiến xem xét chưa giải quyết" in body
    assert "Phạm vi quá hẹp." in _section(body, "scope") and "Phạm vi quá hẹp." not in _section(body, "purpose")
    assert "Bước 3 thiếu biểu mẫu." in _section(body, "procedure")  # 5.7 lies in section 5, beside the step table
    assert 'data-testid="comments-steps"' in _section(body, "procedure")
    # The author may resolve, reviewers comment; the author has no comment form, only resolve forms.
    assert body.count('name="resolution"') == 2 and 'name="text"' not in body


def test_the_author_resolves_from_the_page_and_the_reviewer_reads_how(world, client, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    client.force_login(world.author)
    url = reverse("processes:comment_resolve", kwargs={"pk": comment.pk})
    response = client.post(url, {"resolution": "Đã mở rộng cho cả phường."})
    assert response.status_code == 302 and response.url.endswith(f"#comment-{comment.pk}")
    client.force_login(world.reviewer)
    body = _page(client, in_review)
    scope = _section(body, "scope")
    assert "Đã giải quyết" in scope and "Đã mở rộng cho cả phường." in scope and world.author.display_name in scope
    assert "Đã giải quyết 1 ý kiến xem xét" in body


def test_a_blank_resolution_says_why_and_saves_nothing(world, client, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    client.force_login(world.author)
    response = client.post(reverse("processes:comment_resolve", kwargs={"pk": comment.pk}), {"resolution": " "},
                           follow=True)
    assert "Cần ghi rõ ý kiến đã được giải quyết thế nào." in response.content.decode()
    assert not ReviewComment.objects.get().is_resolved


def test_resolving_is_refused_to_the_reviewer_and_hidden_from_another_agency(world, client, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    url = reverse("processes:comment_resolve", kwargs={"pk": comment.pk})
    for persona, status in (("reviewer", 403), ("staff", 404), ("outsider", 404)):
        client.force_login(world.people[persona])
        assert client.post(url, {"resolution": "Tự giải quyết"}).status_code == status, persona
    assert not ReviewComment.objects.get().is_resolved


def test_a_reviewer_comments_on_a_section_from_beside_it(world, client, in_review):
    client.force_login(world.reviewer)
    scope = _section(_page(client, in_review), "scope")
    assert 'name="section" value="scope"' in scope and "Góp ý mục này" in scope
    response = client.post(reverse("processes:revision_comment", kwargs={"pk": in_review.pk}),
                           {"section": "scope", "text": "Nêu rõ đối tượng áp dụng."})
    assert response.url.endswith("#comments-scope")
    assert in_review.comments.get().section == "scope"
    response = client.post(reverse("processes:revision_comment", kwargs={"pk": in_review.pk}),
                           {"section": "scope", "text": "  "}, follow=True)
    assert "Nhập nội dung ý kiến." in response.content.decode() and in_review.comments.count() == 1


def test_the_editor_shows_the_comments_beside_the_section_fields(world, client, in_review):
    services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi quá hẹp.")
    services.revision_reject(revision=in_review, user=world.reviewer, comment="Xem mục 5.7", section="steps")
    client.force_login(world.author)
    body = _page(client, in_review, "revision_edit")
    assert "Còn 2 ý kiến xem xét chưa giải quyết" in body
    scope_field = body.index('name="scope"')
    assert body.index("Phạm vi quá hẹp.") > scope_field > body.index('name="purpose"')
    assert body.index("Phạm vi quá hẹp.") < body.index('name="references"')
    assert body.index("Xem mục 5.7") > body.index("5.7 Quy trình xử lý công việc (bảng các bước)")
    assert body.index("Xem mục 5.7") < body.index('name="steps__step"')


def test_staff_reading_the_issue_in_force_do_not_see_the_review_comments(world, client, in_review):
    services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi quá hẹp.")
    approve(world, in_review)
    client.force_login(world.staff)
    body = _page(client, in_review)
    assert "Phạm vi quá hẹp." not in body and "Ý kiến xem xét" not in body
    client.force_login(world.reviewer)  # the reviewer still reads them, with the open one marked
    assert "Phạm vi quá hẹp." in _page(client, in_review)


def test_the_page_says_it_in_english_to_english_users(world, client, in_review):
    comment = services.comment_add(revision=in_review, user=world.reviewer, section="scope", text="Phạm vi hẹp.")
    services.comment_resolve(comment=comment, user=world.author, resolution="Đã sửa.")
    world.reviewer.language = "en"
    world.reviewer.save()
    client.force_login(world.reviewer)
    body = _page(client, in_review)
    assert re.search(r"1 review comment\w* resolved", body) and "How it was resolved" in body


def test_no_comments_column_where_there_is_nothing_to_show_or_write(world, client, in_review):
    approve(world, in_review)
    client.force_login(world.coordinator)
    body = _page(client, in_review)
    assert "with-comments" not in body and "Chưa có ý kiến." not in body
