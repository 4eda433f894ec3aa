"""The auditor's "My work" entries: audits assigned, checklist questions open, reports to issue.

Two queries whatever the number of audits (the audits with their open-question count; nothing else).
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.mywork import WorkItem


def audit_work(user):
    from audits.models import Audit

    if not user.is_authenticated or user.agency_id is None:
        return []
    audit_ids = Audit.objects.filter(agency_id=user.agency_id, status__in=[Audit.Status.PLANNED, Audit.Status.IN_PROGRESS]).filter(
        Q(lead_auditor=user) | Q(team=user)
    ).values("pk")
    audits = (
        Audit.objects.filter(pk__in=audit_ids)
        .annotate(open_items=Count("checklist_items", filter=Q(checklist_items__answer="")))
        .order_by("planned_month", "number")
    )
    today = timezone.localdate()
    items = []
    for audit in audits:
        url = reverse("audits:audit_detail", kwargs={"pk": audit.pk})
        items.append(WorkItem(
            section=_("Cuộc đánh giá được phân công"),
            title=f"{audit.code} {audit.title}",
            url=url,
            due=audit.start_date,
            detail=audit.get_status_display() + (" · " + _("Trưởng đoàn") if audit.lead_auditor_id == user.pk else ""),
        ))
        if audit.status == Audit.Status.IN_PROGRESS and audit.open_items:
            items.append(WorkItem(
                section=_("Câu hỏi đánh giá chưa trả lời"),
                title=_("%(code)s: còn %(n)s câu hỏi chưa trả lời") % {"code": audit.code, "n": audit.open_items},
                url=reverse("audits:checklist", kwargs={"pk": audit.pk}),
                due=audit.end_date,
            ))
        if audit.status == Audit.Status.IN_PROGRESS and audit.lead_auditor_id == user.pk:
            items.append(WorkItem(
                section=_("Báo cáo đánh giá cần phát hành"),
                title=_("%(code)s: phát hành báo cáo đánh giá") % {"code": audit.code},
                url=reverse("audits:audit_issue_report", kwargs={"pk": audit.pk}),
                due=audit.end_date,
                overdue=bool(audit.end_date and audit.end_date < today),
            ))
    return items
