"""Asking controlled copies back (PDF-4; ISO 4.2.3 g) and confirming their return, one named function each.

    issued ──issue superseded / document withdrawn: request_recall──▶ to recall ──confirm_recall──▶ recalled

Each holder is asked to return their copy; the coordinators are asked to collect the document's copies. Both
are tasks (qms/core/notify.py): the holder's leaves "Thông báo mới" when that copy is confirmed back, the
coordinators' when the document has no copy left out.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.copies.models import Copy
from processes.copies.permissions import can_manage_copies
from processes.documents.models import Revision
from qms.core.history import save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify, task_done, task_key

S = Revision.Status
K = Copy.Kind


@transaction.atomic
def request_recall(*, document, reason=None):
    """Every not-yet-returned controlled copy of an issue no longer in force is listed for recall."""
    now = timezone.now()
    to_recall = list(Copy.objects.select_for_update(of=("self",)).filter(
        revision__document=document, revision__status__in=[S.SUPERSEDED, S.OBSOLETE], kind=K.CONTROLLED,
        recall_requested_at__isnull=True, recalled_at__isnull=True).select_related("revision", "holder"))
    for copy in to_recall:
        copy.recall_requested_at = now
        save_tracked(copy, reason=reason or _("Lần ban hành đã bị thay thế: cần thu hồi"))
    url = reverse("processes:copy_register_revision", kwargs={"pk": to_recall[0].revision_id}) if to_recall else ""
    for copy in to_recall:
        if copy.holder_id:
            notify([copy.holder], _("Nộp lại %(c)s của %(r)s (đã hết hiệu lực)") % {"c": copy, "r": copy.revision},
                   reverse("processes:revision_detail", kwargs={"pk": copy.revision_id}),
                   task=task_key(copy, "recall"), agency=document.agency)
    if to_recall:
        coordinators = list(User.objects.in_agency(document.agency).with_role(Role.COORDINATOR))
        notify(coordinators, _("Thu hồi %(n)s bản kiểm soát của %(d)s") % {"n": len(to_recall), "d": document}, url,
               task=task_key(document, "recall"), agency=document.agency)
    return to_recall


@transaction.atomic
def confirm_recall(*, copy, user):
    """The coordinator confirms that a controlled copy came back (PDF-4)."""
    if not can_manage_copies(user, copy):
        raise PermissionDenied
    copy = Copy.objects.select_for_update(of=("self",)).select_related("revision__document").get(pk=copy.pk)
    if copy.kind != K.CONTROLLED:
        raise ValidationError(_("Chỉ thu hồi bản kiểm soát."))
    if copy.recalled_at is not None:
        raise ValidationError(_("Bản này đã được xác nhận thu hồi."))
    copy.recalled_at = timezone.now()
    copy.recalled_by = user
    if copy.recall_requested_at is None:
        copy.recall_requested_at = copy.recalled_at
    save_tracked(copy, user=user, reason=_("Xác nhận đã thu hồi bản kiểm soát"))
    task_done(task_key(copy, "recall"))
    document = copy.revision.document
    if not Copy.objects.filter(revision__document=document).to_recall().exists():
        task_done(task_key(document, "recall"))  # the last copy out is back
    return copy
