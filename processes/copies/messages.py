"""What the copies subject tells people (qms/core/messages.py): registered from processes/apps.py.

Parameters: ``code``, ``title``, ``issue`` of the revision (processes.documents.messages.revision_params);
``copy`` the controlled copy's number.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "copies.return": Message(
        _("Nộp lại Bản kiểm soát số %(copy)02d của %(code)s – Lần ban hành %(issue)s (đã hết hiệu lực)")),
    "copies.recall": Message(_("Thu hồi %(n)d bản kiểm soát của %(code)s %(title)s")),
    "copies.master_tampered": Message(
        _("Bản gốc PDF của %(code)s – Lần ban hành %(issue)s bị sai lệch, cần tạo lại")),
    "copies.issued": Message(
        _("Anh/chị được cấp Bản kiểm soát số %(copy)02d của %(code)s – Lần ban hành %(issue)s"), task=False),
}
