"""What waits on a user among one-stop files, for "My work": the active steps they hold, those waiting in their
department's queue (or for anyone), each due today, overdue or coming; and for the desk, results to return.
Three queries whatever the number of files."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.files.models import Case, CaseStep
from cases.files.permissions import CLERKS
from qms.core.mywork import SECTION_LIMIT, WorkItem


def _items(steps, section, today, more_url):
    items = []
    for step in steps:
        due = timezone.localtime(step.due_at).date() if step.due_at else None
        if due is None:
            when = _("không hạn bước")
        elif due < today:
            when = _("quá hạn")
        elif due == today:
            when = _("đến hạn hôm nay")
        else:
            when = _("sắp đến hạn")
        items.append(WorkItem(section=section, title=f"{step.case.code} · {step.code} {step.description}"[:150],
                              url=step.case.get_absolute_url(), due=due, overdue=due is not None and due < today,
                              detail=f"{step.case.document.title[:80]} · {when}", more_url=more_url))
    return items


def case_work(user):
    if not user.is_authenticated or user.agency_id is None:
        return []
    today = timezone.localdate()
    more = reverse("cases:case_list")
    active = (CaseStep.objects.filter(agency_id=user.agency_id, state=CaseStep.State.ACTIVE,
                                      case__status__in=[Case.Status.RECEIVED, Case.Status.IN_PROGRESS])
              .select_related("case", "case__document").only(
                  "pk", "code", "description", "due_at", "case__id", "case__code", "case__document__title")
              .order_by("due_at", "pk"))
    mine = list(active.filter(taken_by=user)[:SECTION_LIMIT])
    queue = Q(taken_by__isnull=True) & (Q(assignee=user) | Q(assignee__isnull=True, department__isnull=False,
                                                             department_id=user.department_id))
    if user.has_role(*CLERKS):  # the desk also picks up steps that name no department
        queue |= Q(taken_by__isnull=True, assignee__isnull=True, department__isnull=True)
    waiting = list(active.filter(queue)[:SECTION_LIMIT]) if user.department_id or user.has_role(*CLERKS) else []
    items = _items(mine, _("Hồ sơ một cửa tôi đang xử lý"), today, more)
    items += _items(waiting, _("Hồ sơ một cửa chờ phòng tôi nhận xử lý"), today, more)
    if user.has_role(*CLERKS):
        ready = (Case.objects.filter(agency_id=user.agency_id, status=Case.Status.RESULT_READY)
                 .select_related("document").only("pk", "code", "appointment_at", "document__title")
                 .order_by("appointment_at")[:SECTION_LIMIT])
        section = _("Hồ sơ đã có kết quả, chờ trả")
        for case in ready:
            due = timezone.localtime(case.appointment_at).date()
            items.append(WorkItem(section=section, title=case.code, url=case.get_absolute_url(), due=due,
                                  overdue=due < today, detail=case.document.title[:80], more_url=more))
    return items
