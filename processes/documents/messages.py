"""What document control tells people (qms/core/messages.py): registered from processes/apps.py.

Parameters: ``code``, ``title`` and ``issue`` of the document and revision; ``due`` an ISO date.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "documents.review": Message(_("Xem xét tài liệu %(code)s – Lần ban hành %(issue)s: %(title)s")),
    "documents.approve": Message(_("Phê duyệt tài liệu %(code)s – Lần ban hành %(issue)s: %(title)s")),
    "documents.approved": Message(
        _("Tài liệu %(code)s – Lần ban hành %(issue)s đã được phê duyệt: %(title)s"), task=False),
    "documents.returned": Message(_("Tài liệu %(code)s – Lần ban hành %(issue)s bị trả lại: %(comment)s")),
    "documents.acknowledge": Message(_("Đọc và xác nhận đã hiểu: %(code)s %(title)s (lần ban hành %(issue)s)")),
    "documents.acknowledge_reminder": Message(_("Nhắc: xác nhận đã đọc và hiểu %(code)s %(title)s")),
    "documents.periodic_review_due": Message(_("Đến hạn xem xét định kỳ: %(code)s %(title)s (hạn %(due)s)")),
    "documents.periodic_review_overdue": Message(_("Quá hạn xem xét định kỳ: %(code)s %(title)s (hạn %(due)s)")),
    "documents.comment_added": Message(
        _("Ý kiến mới về tài liệu %(code)s – Lần ban hành %(issue)s, cần giải quyết: %(comment)s")),
    "documents.comment_resolved": Message(
        _("Ý kiến của anh/chị về tài liệu %(code)s – Lần ban hành %(issue)s đã được giải quyết: %(comment)s"),
        task=False),
    "documents.change_requested": Message(_("Đề nghị sửa đổi %(code)s %(title)s")),
    "documents.change_accepted": Message(_("Đề nghị sửa đổi %(code)s đã được chấp nhận"), task=False),
    "documents.change_declined": Message(_("Đề nghị sửa đổi %(code)s bị từ chối: %(reason)s"), task=False),
}


def revision_params(revision):
    """What a notification about ``revision`` names: its document's code and title, and the issue."""
    return {"code": revision.document.code, "title": revision.title, "issue": revision.issue_label}
