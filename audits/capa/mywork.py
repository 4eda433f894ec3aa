"""What waits on a user in the nonconformity area, for "My work" (a fixed number of queries)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.models import Action, EffectivenessCheck, Nonconformity
from qms.core.access import is_manager
from qms.core.mywork import WorkItem
from qms.core.models import Role

# Steps the person responsible must take (after "actions planned" the owners and verifier act).
_HANDLER_STEPS = (Nonconformity.Status.OPEN, Nonconformity.Status.CORRECTION, Nonconformity.Status.CAUSE_ANALYSED)


def nc_work(user):
    if not user.is_authenticated or user.agency_id is None:
        return []
    today = timezone.localdate()
    items = []
    # My own open actions and, in one query, the escalated overdue actions of the departments I head.
    section_actions = _("Hành động khắc phục / phòng ngừa của tôi")
    section_escalated = _("Hành động quá hạn của phòng tôi")
    actions = (
        Action.objects.open().filter(agency_id=user.agency_id)
        .filter(Q(owner=user) | Q(nc__department__head=user, escalated_on__isnull=False))
        .select_related("nc", "owner").order_by("due_date", "pk")
    )
    escalated = []
    for action in actions:
        if action.owner_id != user.pk:
            escalated.append(action)
            continue
        items.append(
            WorkItem(
                section=section_actions,
                title=f"{action.nc.reference}: {action.description[:90]}",
                url=reverse("audits:action_detail", kwargs={"pk": action.pk}),
                due=action.due_date,
                overdue=action.due_date < today,
                detail=action.get_kind_display(),
            )
        )

    # NCs waiting on me as the person responsible or the department head.
    section_nc = _("Sự không phù hợp chờ tôi xử lý")
    waiting = (
        Nonconformity.objects.for_agency(user.agency_id)
        .filter(status__in=_HANDLER_STEPS)
        .filter(Q(responsible=user) | Q(responsible__isnull=True, department__head=user))
        .order_by("detected_on", "pk")
    )
    for nc in waiting:
        items.append(
            WorkItem(section=section_nc, title=f"{nc.reference}: {nc.description[:90]}", url=nc.get_absolute_url(),
                     detail=nc.get_status_display())
        )

    for action in escalated:
        items.append(
            WorkItem(
                section=section_escalated,
                title=f"{action.nc.reference}: {action.description[:80]}",
                url=reverse("audits:action_detail", kwargs={"pk": action.pk}),
                due=action.due_date,
                overdue=True,
                detail=action.owner.display_name,
            )
        )

    # Effectiveness checks assigned to me (or unassigned ones, for managers and auditors).
    section_checks = _("Kiểm tra hiệu lực hành động")
    checks_filter = Q(verifier=user)
    if is_manager(user) or user.has_role(Role.AUDITOR):
        checks_filter |= Q(verifier__isnull=True)
    checks = EffectivenessCheck.objects.pending().filter(checks_filter, agency_id=user.agency_id).select_related("nc")
    for check in checks:
        items.append(
            WorkItem(
                section=section_checks,
                title=f"{check.nc.reference}: {check.nc.description[:80]}",
                url=check.nc.get_absolute_url(),
                due=check.scheduled_on,
                overdue=check.scheduled_on < today,
                detail=_("Chưa phân công") if check.verifier_id is None else "",
            )
        )
    return items
