"""What citizens' feedback tells the agency (qms/core/messages.py): registered from audits/apps.py.

Parameters: ``code`` the feedback's tracking code.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "feedback.new": Message(_("Phản ánh, kiến nghị mới %(code)s")),
}
