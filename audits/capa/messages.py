"""What the nonconformity subject tells people (qms/core/messages.py): registered from audits/apps.py.

Parameters: ``code`` the NC's reference, ``title`` what it describes, ``due`` an ISO date.
"""

from django.utils.translation import gettext_lazy as _

from qms.core.messages import Message

MESSAGES = {
    "capa.nc_new": Message(_("%(code)s: sự không phù hợp mới cần xử lý")),
    "capa.nc_reopened": Message(_("%(code)s được mở lại: %(reason)s")),
    "capa.action_assigned": Message(_("%(code)s: bạn được giao hành động, hạn %(due)s")),
    "capa.check_planned": Message(_("%(code)s: các hành động đã hoàn thành, kiểm tra hiệu lực dự kiến ngày %(due)s")),
    "capa.check_assigned": Message(_("%(code)s: bạn được phân công kiểm tra hiệu lực hành động ngày %(due)s")),
    "capa.not_effective": Message(_("%(code)s: hành động chưa có hiệu lực, cần lập hành động mới")),
    "capa.closed": Message(_("%(code)s đã được đóng"), task=False),
    "capa.action_reminder": Message(_("Nhắc việc: hành động của %(code)s đến hạn ngày %(due)s")),
    "capa.action_overdue": Message(_("Quá hạn: hành động của %(code)s hết hạn ngày %(due)s")),
    "capa.action_escalated": Message(
        _("Báo cáo quá hạn: hành động của %(code)s giao cho %(owner)s đã quá hạn từ %(due)s")),
    "capa.check_due": Message(_("%(code)s: đến ngày kiểm tra hiệu lực hành động (%(due)s)")),
}


def nc_params(nc, **more):
    """What a notification about ``nc`` names: its reference and (the start of) its description."""
    return {"code": nc.reference, "title": nc.description[:150], **more}
