"""What changes a document besides a new issue's workflow (DOC-8, DOC-9): periodic reviews (keep, revise or
withdraw) and staff's change requests (accepted into a draft, or declined with a reason)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.documents import hooks
from processes.documents import permissions as perms
from processes.documents.models import ChangeRequest, Document, PeriodicReview, Revision
from processes.documents.services.revisions import add_months, revision_create_draft
from qms.core import text as vntext
from qms.core.history import require_reason, save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify, task_done, task_key

S = Revision.Status


def _coordinators(agency):
    return list(User.objects.in_agency(agency).with_role(Role.COORDINATOR))


@transaction.atomic
def periodic_review_record(*, document, user, outcome, notes=""):
    """Record a periodic review (DOC-8): keep (resets the clock), revise (opens a draft), withdraw (obsolete)."""
    if not perms.is_doc_manager(user) or document.agency_id != user.agency_id:
        raise PermissionDenied
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at:
        raise ValidationError(_("Tài liệu đã bị hủy bỏ."))
    notes = vntext.nfc(notes).strip()
    current = document.revisions.filter(status=S.EFFECTIVE).first()
    today = timezone.localdate()
    record = PeriodicReview(agency=document.agency, document=document, revision=current, reviewed_by=user,
                            due_date=document.next_review_due, outcome=outcome, notes=notes)
    draft = None
    if outcome == PeriodicReview.Outcome.KEEP:
        if current is None:
            raise ValidationError(_("Tài liệu chưa có lần ban hành hiệu lực để xác nhận."))
        document.next_review_due = add_months(today, document.review_interval_months)
        record.next_due = document.next_review_due
        save_tracked(document, user=user, reason=_("Xem xét định kỳ: giữ nguyên"))
    elif outcome == PeriodicReview.Outcome.REVISE:
        draft = revision_create_draft(document=document, user=user)
    elif outcome == PeriodicReview.Outcome.WITHDRAW:
        require_reason(notes)
        for revision in document.revisions.select_for_update().filter(status__in=[S.EFFECTIVE, S.APPROVED]):
            revision.status = S.OBSOLETE
            revision.superseded_at = timezone.now()
            save_tracked(revision, user=user, reason=_("Tài liệu bị hủy bỏ: %(n)s") % {"n": notes[:200]})
            task_done(task_key(revision, "ack"))  # nothing in force is left to acknowledge
        for revision in document.revisions.select_for_update().filter(status__in=Revision.OPEN):
            revision.status = S.CANCELLED
            save_tracked(revision, user=user, reason=_("Tài liệu bị hủy bỏ"))
            for step in ("review", "approve", "rework"):  # nothing left to sign or rework
                task_done(task_key(revision, step))
        document.withdrawn_at = timezone.now()
        document.next_review_due = None
        save_tracked(document, user=user, reason=_("Hủy bỏ tài liệu: %(n)s") % {"n": notes[:200]})
        # Inside this transaction (hooks.py; copies asks every controlled copy back at once, ISO 4.2.3 g): if that
        # fails, nothing is withdrawn.
        hooks.document_withdrawn(document=document)
    else:
        raise ValidationError({"outcome": _("Chọn kết luận xem xét.")})
    record.save()
    task_done(task_key(document, "periodic_review"))
    return record, draft


@transaction.atomic
def change_request_create(*, document, user, reason, proposal=""):
    if document.agency_id != user.agency_id:
        raise PermissionDenied
    if document.withdrawn_at is not None:
        raise ValidationError(_("Tài liệu đã hủy bỏ, không thể đề nghị sửa đổi."))
    reason = vntext.nfc(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Nêu lý do hoặc vấn đề cần sửa đổi.")})
    cr = ChangeRequest(agency=document.agency, document=document, requested_by=user, reason=reason,
                       proposal=vntext.nfc(proposal).strip())
    save_tracked(cr, user=user)
    notify(_coordinators(document.agency), "documents.change_requested",
           reverse("processes:change_request_decide", kwargs={"pk": cr.pk}),
           params={"code": document.code, "title": document.title}, task=task_key(cr), agency=document.agency)
    return cr


@transaction.atomic
def change_request_accept(*, change_request, user):
    cr = ChangeRequest.objects.select_for_update().select_related("document").get(pk=change_request.pk)
    if not perms.is_doc_manager(user) or cr.agency_id != user.agency_id:
        raise PermissionDenied
    if cr.status != ChangeRequest.Status.OPEN:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    draft = cr.document.revisions.filter(status__in=Revision.OPEN).first()
    if draft is None:
        draft = revision_create_draft(document=cr.document, user=user, change_request=cr)
    cr.status = ChangeRequest.Status.ACCEPTED
    cr.decided_by, cr.decided_at = user, timezone.now()
    save_tracked(cr, user=user, reason=_("Chấp nhận"))
    task_done(task_key(cr))
    notify([cr.requested_by], "documents.change_accepted",
           reverse("processes:document_detail", kwargs={"pk": cr.document_id}),
           params={"code": cr.document.code, "title": cr.document.title}, task=None, agency=cr.agency)
    return cr, draft


@transaction.atomic
def change_request_decline(*, change_request, user, reason):
    cr = ChangeRequest.objects.select_for_update().select_related("document").get(pk=change_request.pk)
    if not perms.is_doc_manager(user) or cr.agency_id != user.agency_id:
        raise PermissionDenied
    if cr.status != ChangeRequest.Status.OPEN:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    reason = vntext.nfc(reason).strip()
    if not reason:
        raise ValidationError({"decision_reason": _("Cần nêu lý do từ chối.")})
    cr.status = ChangeRequest.Status.DECLINED
    cr.decided_by, cr.decided_at, cr.decision_reason = user, timezone.now(), reason
    save_tracked(cr, user=user, reason=reason)
    task_done(task_key(cr))
    notify([cr.requested_by], "documents.change_declined",
           reverse("processes:document_detail", kwargs={"pk": cr.document_id}),
           params={"code": cr.document.code, "title": cr.document.title, "reason": reason[:200]}, task=None,
           agency=cr.agency)
    return cr
