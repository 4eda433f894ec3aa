"""What internal audits tell people (qms/core/messages.py): registered from audits/apps.py.

Parameters: ``code`` and ``title`` of the audit.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "internal.assigned": Message(_("%(code)s: bạn được phân công đánh giá «%(title)s»")),
    "internal.report_issued": Message(_("%(code)s: đã phát hành báo cáo đánh giá «%(title)s»"), task=False),
}
