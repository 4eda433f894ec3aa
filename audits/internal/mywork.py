"""The auditor's "My work" entries: audits assigned, checklist questions open, reports to issue.

One query whatever the number of audits: the audits being prepared or carried out (with their
open-question count) and the reported audits the user leads (with their NCs not yet verified).
"""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.mywork import WorkItem


def _count(queryset):
    """A correlated COUNT(*) of ``queryset`` (filtered on OuterRef("pk")), 0 when there is none."""
    return Coalesce(Subquery(queryset.order_by().values("audit").annotate(n=Count("pk")).values("n")), 0)


def audit_work(user):
    from audits.internal.models import Audit, ChecklistItem, Finding
    from audits.capa.models import Nonconformity

    if not user.is_authenticated or user.agency_id is None:
        return []
    St = Audit.Status
    mine = Audit.objects.filter(agency_id=user.agency_id).filter(Q(lead_auditor=user) | Q(team=user)).values("pk")
    audits = (
        Audit.objects.filter(agency_id=user.agency_id)
        .filter(Q(status__in=[St.PLANNED, St.IN_PROGRESS], pk__in=mine) | Q(status=St.REPORTED, lead_auditor=user))
        .annotate(
            open_items=_count(ChecklistItem.objects.filter(audit=OuterRef("pk"), answer="")),
            unverified=_count(Finding.objects.filter(
                audit=OuterRef("pk"), kind__in=Finding.NC_KINDS, nonconformity__isnull=False,
            ).exclude(nonconformity__status__in=Nonconformity.VERIFIED_EFFECTIVE)),
        )
        .order_by("planned_month", "number")
    )
    today = timezone.localdate()
    items = []
    for audit in audits:
        url = reverse("audits:audit_detail", kwargs={"pk": audit.pk})
        if audit.status == St.REPORTED:
            if audit.unverified:
                title = _("%(code)s: chờ kiểm tra hiệu lực %(n)s phiếu sự không phù hợp") % {"code": audit.code, "n": audit.unverified}
            else:
                title = _("%(code)s: mọi sự không phù hợp đã được kiểm tra hiệu lực, có thể kết thúc") % {"code": audit.code}
            items.append(WorkItem(section=_("Theo dõi sau đánh giá"), title=title, url=url))
            continue
        items.append(WorkItem(
            section=_("Cuộc đánh giá được phân công"),
            title=f"{audit.code} {audit.title}",
            url=url,
            due=audit.end_date if audit.status == St.IN_PROGRESS else audit.start_date,
            detail=audit.get_status_display() + (" · " + _("Trưởng đoàn") if audit.lead_auditor_id == user.pk else ""),
        ))
        if audit.status == St.IN_PROGRESS and audit.open_items:
            items.append(WorkItem(
                section=_("Câu hỏi đánh giá chưa trả lời"),
                title=_("%(code)s: còn %(n)s câu hỏi chưa trả lời") % {"code": audit.code, "n": audit.open_items},
                url=reverse("audits:checklist", kwargs={"pk": audit.pk}),
                due=audit.end_date,
            ))
        if audit.status == St.IN_PROGRESS and audit.lead_auditor_id == user.pk:
            items.append(WorkItem(
                section=_("Báo cáo đánh giá cần phát hành"),
                title=_("%(code)s: phát hành báo cáo đánh giá") % {"code": audit.code},
                url=reverse("audits:audit_issue_report", kwargs={"pk": audit.pk}),
                due=audit.end_date,
                overdue=bool(audit.end_date and audit.end_date < today),
            ))
    return items
