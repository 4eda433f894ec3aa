"""Citizens' feedback waiting for an answer, for the managers' "My work" (one query)."""

from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.feedback.models import Feedback
from qms.core.access import MANAGERS
from qms.core.mywork import SECTION_LIMIT, WorkItem


def feedback_work(user):
    if not user.is_authenticated or user.agency_id is None or not user.has_role(*MANAGERS):
        return []
    section = _("Phản ánh, kiến nghị chờ trả lời")
    # The first SECTION_LIMIT, each carrying the total (a window count): the page links the rest.
    waiting = (Feedback.objects.for_agency(user.agency_id).waiting()
               .annotate(total=Window(Count("pk"))).order_by("created_at"))
    return [
        WorkItem(
            section=section,
            title=f"{feedback.tracking_code}: {feedback.content[:80]}",
            url=feedback.get_absolute_url(),
            detail=timezone.localtime(feedback.created_at).strftime("%d/%m/%Y"),
            more_url=reverse("audits:feedback_list"),
            section_total=feedback.total,
        )
        for feedback in waiting[:SECTION_LIMIT]
    ]
