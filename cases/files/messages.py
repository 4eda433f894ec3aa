"""What one-stop files tell people (qms/core/messages.py): registered from cases/apps.py.

Parameters: ``code`` the file's code, ``procedure`` the procedure's title (its start), ``step`` the step's code
and description, ``due`` an ISO date, ``reason`` why a step came back.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "cases.step_handed_over": Message(
        _("Hồ sơ %(code)s (%(procedure)s) được chuyển đến bạn: %(step)s, hạn %(due)s")),
    "cases.step_returned": Message(
        _("Hồ sơ %(code)s được trả lại bước %(step)s để bổ sung thông tin: %(reason)s")),
    "cases.result_ready": Message(_("Hồ sơ %(code)s (%(procedure)s) đã có kết quả, chờ trả cho người nộp")),
}
