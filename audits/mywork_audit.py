"""The auditor's "My work" entries: audits assigned, checklist questions open, reports to issue.

Two queries whatever the number of audits: the audits being prepared or carried out (with their
open-question count), and the reported audits the user leads (with their NCs not yet verified).
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
            due=audit.end_date if audit.status == Audit.Status.IN_PROGRESS else audit.start_date,
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
    from audits.models import Finding, Nonconformity

    reported = (
        Audit.objects.filter(agency_id=user.agency_id, status=Audit.Status.REPORTED, lead_auditor=user)
        .annotate(unverified=Count(
            "findings",
            filter=Q(findings__kind__in=Finding.NC_KINDS, findings__nonconformity__isnull=False)
            & ~Q(findings__nonconformity__status__in=Nonconformity.VERIFIED_EFFECTIVE),
        ))
        .order_by("number")
    )
    for audit in reported:
        url = reverse("audits:audit_detail", kwargs={"pk": audit.pk})
        if audit.unverified:
            title = _("%(code)s: chờ kiểm tra hiệu lực %(n)s phiếu sự không phù hợp") % {"code": audit.code, "n": audit.unverified}
        else:
            title = _("%(code)s: mọi sự không phù hợp đã được kiểm tra hiệu lực, có thể kết thúc") % {"code": audit.code}
        items.append(WorkItem(section=_("Theo dõi sau đánh giá"), title=title, url=url))
    return items
