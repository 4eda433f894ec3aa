"""Review comments on a revision's sections, and their resolution (DOC-5; issue 13, item 13).

    open ──comment_resolve (by whoever may edit the draft, with how it was resolved)──▶ resolved

A reviewer or the approver of the current round (or a document manager) comments on one section while the
revision is in review; the author is told, and the notification stays under "Thông báo mới" until the comment
is resolved. Comments stay on the revision across a return for changes, so the author resolves them while
reworking the draft; the reviewer is told of the resolution and reads it beside the section.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.documents import permissions as perms
from processes.documents.messages import revision_params
from processes.documents.models import ReviewComment, Revision
from qms.core import text as vntext
from qms.core.history import save_tracked
from qms.core.notify import notify, task_done, task_key

S = Revision.Status


def _page(revision):
    return reverse("processes:revision_detail", kwargs={"pk": revision.pk}) + "#comments"


def _tell_author(comment):
    """The author has a comment to resolve (a task: done when it is resolved)."""
    revision = comment.revision
    if comment.user_id == revision.author_id:
        return
    notify([revision.author], "documents.comment_added", _page(revision),
           params={**revision_params(revision), "comment": comment.text[:200]},
           task=task_key(comment, "resolve"), agency=revision.agency)


@transaction.atomic
def comment_add(*, revision, user, section, text, is_rejection=False):
    """A comment on one section of a revision in review. (revision_reject adds its reason through here.)"""
    revision = Revision.objects.select_for_update().select_related("document", "author").get(pk=revision.pk)
    if not perms.can_comment(user, revision):
        raise PermissionDenied
    if revision.status != S.IN_REVIEW:
        raise ValidationError(_("Chỉ góp ý được khi tài liệu đang xem xét (hiện: %(s)s).")
                              % {"s": revision.get_status_display()})
    errors = {}
    text = vntext.nfc(text or "").strip()
    if not text:
        errors["text"] = _("Nhập nội dung ý kiến.")
    if section not in ReviewComment.Section.values:
        errors["section"] = _("Mục không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    comment = ReviewComment(revision=revision, agency=revision.agency, round=revision.review_round, user=user,
                            section=section, text=text, is_rejection=is_rejection)
    save_tracked(comment, user=user, reason=_("Trả lại dự thảo") if is_rejection else _("Góp ý"))
    if not is_rejection:  # a return tells the author itself, in one notification
        _tell_author(comment)
    return comment


@transaction.atomic
def comment_resolve(*, comment, user, resolution):
    """The author (or whoever may edit the draft) says how a comment was resolved; its reviewer is told."""
    comment = ReviewComment.objects.select_for_update().select_related("revision", "user").get(pk=comment.pk)
    revision = comment.revision
    if not perms.can_resolve_comment(user, revision):
        raise PermissionDenied
    if revision.status not in Revision.OPEN:
        raise ValidationError(_("Lần ban hành này đang ở trạng thái “%(s)s”: ý kiến xem xét không còn được giải "
                                "quyết ở đây.") % {"s": revision.get_status_display()})
    if comment.is_resolved:
        raise ValidationError(_("Ý kiến này đã được %(u)s giải quyết lúc %(t)s.") % {
            "u": comment.resolved_by.display_name,
            "t": timezone.localtime(comment.resolved_at).strftime("%H:%M %d/%m/%Y")})
    resolution = vntext.nfc(resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": _("Cần ghi rõ ý kiến đã được giải quyết thế nào.")})
    comment.resolution = resolution
    comment.resolved_by = user
    comment.resolved_at = timezone.now()
    save_tracked(comment, user=user, reason=_("Giải quyết ý kiến"))
    task_done(task_key(comment, "resolve"))
    if comment.user_id != user.pk:
        notify([comment.user], "documents.comment_resolved", _page(revision),
               params={**revision_params(revision), "comment": resolution[:200]}, task=None, agency=revision.agency)
    return comment


def close_comment_tasks(revision):
    """The revision was approved or cancelled: its comments can no longer be resolved, so their notifications
    leave "Thông báo mới" (the comments themselves stay, as the record of the review)."""
    for pk in revision.comments.open().values_list("pk", flat=True):
        task_done(task_key(ReviewComment(pk=pk), "resolve"))
