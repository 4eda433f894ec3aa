""""My work" for the PDF copies: holders see which controlled copies to return; managers see pending
recalls and masters that need attention (failed render, tampered file). Three queries at most."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from processes.documents import permissions as perms
from processes.copies.models import Copy, MasterPDF
from processes.copies.recall import recall_link
from qms.core.mywork import WorkItem


def provider(user):
    if not user.is_authenticated or user.agency_id is None:
        return []
    items = []
    mine = (Copy.objects.filter(holder=user, recall_requested_at__isnull=False, recalled_at__isnull=True)
            .select_related("revision", "revision__document"))
    for c in mine:
        items.append(WorkItem(section=_("Bản kiểm soát cần nộp lại"), title=str(c.revision.document),
                              url=recall_link(user, c),
                              detail=_("Lần ban hành %(n)s – bản kiểm soát số %(c)s (đã hết hiệu lực)")
                              % {"n": c.revision.issue_label, "c": c.number_label}))
    if perms.is_doc_manager(user):
        pending = (Copy.objects.for_agency(user.agency).to_recall()
                   .values("revision_id", "revision__issue_number", "revision__document__code",
                           "revision__document__title").annotate(n=Count("id")).order_by("revision__document__code"))
        for row in pending:
            items.append(WorkItem(
                section=_("Thu hồi bản kiểm soát"),
                title=f"{row['revision__document__code']} {row['revision__document__title']}",
                url=reverse("processes:copy_register_revision", kwargs={"pk": row["revision_id"]}),
                more_url=reverse("processes:copy_register"),
                detail=_("Lần ban hành %(n)02d: %(c)s bản chờ thu hồi") % {"n": row["revision__issue_number"], "c": row["n"]}))
        broken = (MasterPDF.objects.for_agency(user.agency)
                  .filter(Q(status=MasterPDF.Status.FAILED) | Q(integrity_failed_at__isnull=False))
                  .select_related("revision", "revision__document"))
        for m in broken:
            what = _("bản gốc PDF bị sai lệch, cần tạo lại") if m.integrity_failed_at else _("tạo bản gốc PDF thất bại")
            items.append(WorkItem(section=_("Bản gốc PDF cần xử lý"), title=str(m.revision.document),
                                  url=reverse("processes:revision_detail", kwargs={"pk": m.revision_id}),
                                  detail=_("Lần ban hành %(n)s: %(w)s") % {"n": m.revision.issue_label, "w": what},
                                  overdue=True))
    return items
