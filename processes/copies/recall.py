"""Asking controlled copies back (PDF-4; ISO 4.2.3 g) and confirming their return, one named function each.

    issued ──issue superseded / document withdrawn: request_recall──▶ to recall ──confirm_recall──▶ recalled

Each holder is asked to return their copy; the coordinators are asked to collect the document's copies. Both
are tasks (qms/core/notify.py): the holder's leaves "Thông báo mới" when that copy is confirmed back, the
coordinators' when the document has no copy left out.

The holder is sent to the copy's recall page (:func:`recall_link`; views.copy_recall_task): which copy, which
issue, what replaces it, how to return it and who confirms, and the superseded content for reference. Staff may
not open superseded issues themselves (processes/documents/permissions.py), so every link to what a holder is
asked to act on goes through this page, under one rule: permissions.can_open_recall.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.copies.models import Copy
from processes.copies.permissions import can_manage_copies, can_open_recall
from processes.documents.messages import revision_params
from processes.documents.models import Revision
from qms.core.history import save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify, task_done, task_key

S = Revision.Status
K = Copy.Kind


def recall_link(user, copy):
    """Where a notification or My work sends ``user`` about ``copy``: its recall page, or "" if they may not open it."""
    if copy is None or not can_open_recall(user, copy):
        return ""
    return reverse("processes:copy_recall_task", kwargs={"pk": copy.pk})


def page_instead_of_hidden_revision(*, user, revision):
    """documents' hook (hooks.py) for a superseded issue its visitor may not open: a holder asked to return a copy
    of it (following an e-mail sent before the recall page existed, say) lands on that copy's recall page."""
    copy = (Copy.objects.filter(revision=revision, holder=user, kind=K.CONTROLLED, recall_requested_at__isnull=False)
            .order_by("number").first())
    return recall_link(user, copy) or None


def recall_task(copy, user):
    """What the recall page shows ``user`` about ``copy`` (its holder or a manager: the view has checked)."""
    revision, document = copy.revision, copy.revision.document
    current = (document.revisions.filter(status=S.EFFECTIVE).select_related("document")
               .only("pk", "issue_number", "effective_date", "status", "document__code", "document__title").first())
    new_copy = None
    if current is not None and copy.holder_id:
        new_copy = (Copy.objects.filter(revision=current, holder_id=copy.holder_id, kind=K.CONTROLLED,
                                        recalled_at__isnull=True).order_by("number").first())
    return {
        "copy": copy, "revision": revision, "document": document, "current": current, "new_copy": new_copy,
        "is_holder": copy.holder_id == user.pk,
        "can_confirm": can_manage_copies(user, copy) and copy.recalled_at is None,
        "confirmers": list(User.objects.in_agency(copy.agency_id).with_role(Role.COORDINATOR).order_by("full_name")),
        "forms_list": document.forms.all().order_by("code"),  # the reference content lists the procedure's forms
    }


@transaction.atomic
def request_recall(*, document, reason=None):
    """Every not-yet-returned controlled copy of an issue no longer in force is listed for recall."""
    now = timezone.now()
    to_recall = list(Copy.objects.select_for_update(of=("self",)).filter(
        revision__document=document, revision__status__in=[S.SUPERSEDED, S.OBSOLETE], kind=K.CONTROLLED,
        recall_requested_at__isnull=True, recalled_at__isnull=True).select_related("revision__document", "holder"))
    for copy in to_recall:
        copy.recall_requested_at = now
        save_tracked(copy, reason=reason or _("Lần ban hành đã bị thay thế: cần thu hồi"))
    url = reverse("processes:copy_register_revision", kwargs={"pk": to_recall[0].revision_id}) if to_recall else ""
    for copy in to_recall:
        if copy.holder_id:
            notify([copy.holder], "copies.return", recall_link(copy.holder, copy),
                   params={**revision_params(copy.revision), "copy": copy.number}, task=task_key(copy, "recall"),
                   agency=document.agency)
    if to_recall:
        coordinators = list(User.objects.in_agency(document.agency).with_role(Role.COORDINATOR))
        notify(coordinators, "copies.recall", url,
               params={"code": document.code, "title": document.title, "n": len(to_recall)},
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
