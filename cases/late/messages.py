"""What late one-stop files tell people (qms/core/messages.py): registered from cases/apps.py.

Parameters: ``code`` the file's code, ``procedure`` the procedure's title (its start), ``step`` the step's code
and description, ``due`` an ISO date (the step's due time, the file's appointment), ``days`` working days.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "cases.step_late": Message(_("Hồ sơ %(code)s (%(procedure)s): bước %(step)s đã quá hạn xử lý (%(due)s)")),
    "cases.case_late": Message(_("Hồ sơ %(code)s (%(procedure)s) đã quá ngày hẹn trả kết quả %(due)s")),
    "cases.apology_due": Message(
        _("Hồ sơ %(code)s (%(procedure)s) còn %(days)s ngày làm việc đến hẹn trả %(due)s: nếu không kịp, lập phiếu "
          "xin lỗi và hẹn lại trước ngày hẹn")),
}
