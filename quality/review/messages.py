"""What the management review tells people (qms/core/messages.py): registered from quality/apps.py.

Parameters: ``title`` the decision (its start), ``due`` an ISO date, ``held_on`` the meeting's date as printed,
``owner`` the owner's name.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "review.decision_assigned": Message(
        _("Xem xét của lãnh đạo ngày %(held_on)s: bạn được giao thực hiện \"%(title)s\", hạn %(due)s")),
    "review.decision_reminder": Message(_("Nhắc việc: quyết định \"%(title)s\" đến hạn ngày %(due)s")),
    "review.decision_overdue": Message(_("Quá hạn: quyết định \"%(title)s\" hết hạn ngày %(due)s")),
    "review.decision_escalated": Message(
        _("Báo cáo quá hạn: quyết định \"%(title)s\" giao cho %(owner)s đã quá hạn từ %(due)s")),
}
