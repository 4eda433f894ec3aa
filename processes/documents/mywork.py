"""What waits on a user in document control, for the "My work" page (fixed number of queries)."""

from django.db.models import Count, Exists, F, OuterRef, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.documents import permissions as perms
from processes.documents.models import (
    Acknowledgement,
    ChangeRequest,
    Document,
    ReviewAssignment,
    Revision,
    Signature,
)
from qms.core.mywork import SECTION_LIMIT, WorkItem

_BODIES = [f"revision__{name}" for name in Revision.BODY_FIELDS]  # codes and titles only: no bodies


def provider(user):
    if not user.is_authenticated or user.agency_id is None:
        return []
    items = []
    signed = Signature.objects.filter(revision=OuterRef("revision"), round=OuterRef("round"), user=OuterRef("user"))
    assignments = (
        ReviewAssignment.objects.filter(user=user, revision__status=Revision.Status.IN_REVIEW,
                                        round=F("revision__review_round"))
        .exclude(Exists(signed))
        .select_related("revision", "revision__document").defer(*_BODIES)
    )
    for a in assignments:
        section = _("Tài liệu chờ phê duyệt") if a.kind == ReviewAssignment.Kind.APPROVE else _("Tài liệu chờ xem xét")
        items.append(WorkItem(section=section, title=str(a.revision.document),
                              url=reverse("processes:revision_detail", kwargs={"pk": a.revision_id}),
                              detail=_("Lần ban hành %(n)s") % {"n": a.revision.issue_label}))
    for r in Revision.objects.filter(author=user, status=Revision.Status.DRAFT).select_related("document").defer(*Revision.BODY_FIELDS):
        items.append(WorkItem(section=_("Dự thảo của tôi"), title=str(r.document),
                              url=reverse("processes:revision_edit", kwargs={"pk": r.pk}),
                              detail=_("Lần ban hành %(n)s") % {"n": r.issue_label}))
    pending = (Acknowledgement.objects.filter(user=user, acknowledged_at__isnull=True,
                                              revision__status=Revision.Status.EFFECTIVE)
               .select_related("revision", "revision__document").defer(*_BODIES))
    for ack in pending:
        items.append(WorkItem(section=_("Tài liệu cần đọc và xác nhận"), title=str(ack.revision.document),
                              url=reverse("processes:revision_detail", kwargs={"pk": ack.revision_id}),
                              detail=_("Lần ban hành %(n)s") % {"n": ack.revision.issue_label}))
    if perms.is_doc_manager(user):
        today = timezone.localdate()
        # Agency-wide sections can run to hundreds of rows: fetch the first ones and the total in one query.
        requests_url = reverse("processes:change_request_list")
        requests = (ChangeRequest.objects.filter(agency=user.agency, status=ChangeRequest.Status.OPEN)
                    .select_related("document").annotate(total=Window(Count("pk"))).order_by("created_at", "pk"))
        for cr in requests[:SECTION_LIMIT]:
            items.append(WorkItem(section=_("Đề nghị sửa đổi tài liệu"), title=str(cr.document),
                                  url=reverse("processes:change_request_decide", kwargs={"pk": cr.pk}),
                                  detail=cr.reason[:80], more_url=requests_url, section_total=cr.total))
        due = (Document.objects.for_agency(user.agency).review_due(today + timezone.timedelta(days=30))
               .annotate(total=Window(Count("pk"))).order_by("next_review_due", "code"))
        due_url = reverse("processes:register") + "?review=30"
        for doc in due[:SECTION_LIMIT]:
            items.append(WorkItem(section=_("Xem xét định kỳ"), title=str(doc),
                                  url=reverse("processes:periodic_review", kwargs={"pk": doc.pk}),
                                  due=doc.next_review_due, overdue=doc.next_review_due < today,
                                  more_url=due_url, section_total=doc.total))
    return items
