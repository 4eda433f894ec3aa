"""What waits on a user from management reviews, for "My work": their open decisions (one query)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.mywork import WorkItem
from quality.review.models import Decision


def decision_work(user):
    if not user.is_authenticated or user.agency_id is None:
        return []
    today = timezone.localdate()
    section = _("Quyết định của lãnh đạo giao cho tôi")
    decisions = (Decision.objects.open().filter(agency_id=user.agency_id, owner=user)
                 .select_related("review").order_by("due_date", "pk"))
    return [
        WorkItem(section=section, title=d.description[:120], url=d.get_absolute_url(), due=d.due_date,
                 overdue=d.due_date < today, detail=d.get_kind_display())
        for d in decisions
    ]
