"""A revision's life, one named function per step (DOC-2, 5, 6): drafts, review and signatures, approval,
the effective date.

    draft ──submit──▶ in_review ──reviewers and approver sign──▶ approved ──effective date──▶ effective

(models.Revision draws every transition.) What other subjects do after an approval or an activation is
called through hooks.py, after commit.
"""

import calendar
import datetime
import functools
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.documents import hooks
from processes.documents import permissions as perms
from processes.documents.content import FORM_KEYS, RECORD_KEYS, STEP_KEYS, clean_rows
from processes.documents.messages import revision_params
from processes.documents.models import CONTENT_FIELDS, Document, ReviewAssignment, ReviewComment, Revision, Signature
from processes.documents.services.comments import close_comment_tasks, comment_add
from processes.documents.services.distribution import request_acknowledgements
from processes.documents.services.search import refresh_document_search, refresh_revision_search
from qms.core import lockout
from qms.core import text as vntext
from qms.core.history import save_tracked
from qms.core.notify import notify, task_done, task_key

S = Revision.Status
logger = logging.getLogger(__name__)


def retry_on_lock(fn):
    """Retry a whole transaction that lost a lock race ("database table is locked").

    File-based SQLite waits through its busy timeout, but SQLite's shared-cache databases (the
    in-memory test database, some embedded setups) fail at once; PostgreSQL may report a
    deadlock. Only the outermost call retries: inside a transaction the lock is already held.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        attempts = 30
        for attempt in range(attempts):
            if connection.in_atomic_block:
                return fn(*args, **kwargs)
            try:
                return fn(*args, **kwargs)
            except OperationalError as exc:
                message = str(exc).lower()
                if attempt == attempts - 1 or not ("locked" in message or "deadlock" in message):
                    raise
                time.sleep(0.02 * (attempt + 1))
        return None

    return wrapper


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _url(name, pk):
    return reverse(f"processes:{name}", kwargs={"pk": pk})


# --- drafts -------------------------------------------------------------------------------------------------


@transaction.atomic
def revision_create_draft(*, document, user, change_request=None):
    """Open the next issue as a draft, copying the effective revision's content (DOC-2)."""
    if not perms.can_start_revision(user, document):
        raise PermissionDenied
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at:
        raise ValidationError(_("Tài liệu đã bị hủy bỏ, không thể tạo lần ban hành mới."))
    if document.revisions.filter(status__in=Revision.OPEN).exists():
        raise ValidationError(_("Tài liệu đang có một dự thảo chưa hoàn thành; hãy tiếp tục dự thảo đó."))
    if document.revisions.filter(status=S.APPROVED).exists():
        raise ValidationError(_("Tài liệu có lần ban hành đã phê duyệt đang chờ ngày hiệu lực."))
    last = document.revisions.exclude(status=S.CANCELLED).aggregate(n=Max("issue_number"))["n"] or 0
    source = document.revisions.filter(status=S.EFFECTIVE).first()
    # The title starts as the register's; changed in the draft, it is signed with it and becomes the
    # document's when this issue is in force (activate_document).
    draft = Revision(document=document, agency=document.agency, issue_number=last + 1, author=user,
                     change_request=change_request, title=document.title)
    if source is not None:
        for name in CONTENT_FIELDS:
            value = getattr(source, name)
            setattr(draft, name, [dict(r) for r in value] if isinstance(value, list) else value)
    refresh_revision_search(draft)
    save_tracked(draft, user=user, reason=_("Tạo dự thảo lần ban hành %(n)s") % {"n": draft.issue_label})
    return draft


@transaction.atomic
def revision_update_content(*, revision, user, data, reason=None):
    """Save the editor's content into a draft. Refused for anything but a draft (DOC-2)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not perms.can_edit(user, revision):
        raise PermissionDenied
    if revision.status != S.DRAFT:
        raise ValidationError(_("Chỉ sửa được dự thảo. Lần ban hành này đang ở trạng thái “%(s)s”.")
                              % {"s": revision.get_status_display()})
    if "title" in data:
        title = vntext.nfc(data["title"] or "").strip()
        if not title:
            raise ValidationError({"title": _("Cần nhập tên tài liệu.")})
        if len(title) > Revision._meta.get_field("title").max_length:
            raise ValidationError({"title": _("Tên tài liệu dài quá 255 ký tự.")})
        revision.title = title
    for name in ["purpose", "scope", "references", "definitions", "legal_basis", "dossier", "dossier_count",
                 "fee", "submit_place", "change_summary", "change_location"]:
        if name in data:
            setattr(revision, name, vntext.nfc(data[name] or "").strip())
    if "procedure_html" in data:
        revision.procedure_html = vntext.sanitize_html(data["procedure_html"])
    if "processing_time_days" in data:
        revision.processing_time_days = data["processing_time_days"] or None
    if "steps" in data:
        revision.steps = clean_rows(data["steps"], STEP_KEYS)
    if "records" in data:
        revision.records = clean_rows(data["records"], RECORD_KEYS)
    if "forms" in data:
        revision.forms = clean_rows(data["forms"], FORM_KEYS)
    refresh_revision_search(revision)
    save_tracked(revision, user=user, reason=reason or _("Sửa dự thảo"))
    return revision


def import_target(*, document, user):
    """The draft a Word import goes into: the open draft, or None when the import will open one. Refused
    when the open draft is someone else's and this person may not edit it (DOC-4)."""
    draft = document.revisions.filter(status=S.DRAFT).first()
    if draft is not None and not perms.can_edit(user, draft):
        raise ValidationError(_("Đang có dự thảo lần ban hành %(n)s của người khác; chỉ người soạn hoặc "
                                "Thư ký ISO được nhập nội dung vào đó.") % {"n": draft.issue_label})
    return draft


@transaction.atomic
def revision_import(*, document, user, data):
    """Write a confirmed Word import into the open draft, or into a new one (DOC-4). One transaction: a
    refused content update leaves no empty draft behind."""
    draft = import_target(document=document, user=user) or revision_create_draft(document=document, user=user)
    return revision_update_content(revision=draft, user=user, data=data, reason=_("Nhập nội dung từ tệp Word"))


@transaction.atomic
def revision_cancel(*, revision, user, reason=""):
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not perms.can_edit(user, revision):
        raise PermissionDenied
    if revision.status != S.DRAFT:
        raise ValidationError(_("Chỉ hủy được dự thảo."))
    revision.status = S.CANCELLED
    save_tracked(revision, user=user, reason=reason or _("Hủy dự thảo"))
    task_done(task_key(revision, "rework"))  # a cancelled draft has nothing left to rework
    close_comment_tasks(revision)
    return revision


# --- review and approval ------------------------------------------------------------------------------------


@transaction.atomic
def revision_submit(*, revision, user, reviewers, approver, change_summary="", change_location=""):
    """Send a draft for review: named reviewer(s) and one approver (DOC-5)."""
    revision = Revision.objects.select_for_update().select_related("document").get(pk=revision.pk)
    if not perms.can_edit(user, revision):
        raise PermissionDenied
    if revision.status != S.DRAFT:
        raise ValidationError(_("Chỉ trình được dự thảo."))
    errors = {}
    change_summary = vntext.nfc(change_summary).strip()
    if revision.issue_number >= 2 and not change_summary:
        errors["change_summary"] = _("Cần nêu nội dung sửa đổi so với lần ban hành trước.")
    reviewers = [r for r in reviewers if r is not None]
    if not reviewers:
        errors["reviewers"] = _("Cần chọn ít nhất một người xem xét.")
    if approver is None:
        errors["approver"] = _("Cần chọn người phê duyệt.")
    elif approver.pk == revision.author_id:
        errors["approver"] = _("Người soạn thảo không được tự phê duyệt tài liệu của mình.")
    elif approver in reviewers:
        errors["approver"] = _("Người phê duyệt không đồng thời là người xem xét.")
    writers = perms.round_writers(revision)
    if approver is not None and approver.pk in writers and "approver" not in errors:
        errors["approver"] = _("Người đã soạn thảo hoặc sửa nội dung của lần trình này không được ký phê duyệt.")
    writing_reviewers = [r for r in reviewers if r.pk in writers]
    if writing_reviewers:
        errors["reviewers"] = _("Người đã soạn thảo hoặc sửa nội dung của lần trình này không được ký xem xét: "
                                "%(names)s.") % {"names": ", ".join(r.display_name for r in writing_reviewers)}
    for person in reviewers + ([approver] if approver else []):
        if person.agency_id != revision.agency_id or not person.is_active:
            errors["reviewers"] = _("Người được chọn không thuộc cơ quan.")
    if errors:
        raise ValidationError(errors)
    revision.change_summary = change_summary
    revision.change_location = vntext.nfc(change_location).strip()
    revision.review_round += 1
    revision.status = S.IN_REVIEW
    revision.submitted_at = timezone.now()
    revision.content_hash = revision.compute_hash()
    save_tracked(revision, user=user, reason=_("Trình xem xét"))
    for person in reviewers:
        ReviewAssignment.objects.create(revision=revision, agency=revision.agency, round=revision.review_round,
                                        user=person, kind=ReviewAssignment.Kind.REVIEW)
    ReviewAssignment.objects.create(revision=revision, agency=revision.agency, round=revision.review_round,
                                    user=approver, kind=ReviewAssignment.Kind.APPROVE)
    task_done(task_key(revision, "rework"))
    notify(reviewers, "documents.review", _url("revision_detail", revision.pk), params=revision_params(revision),
           task=task_key(revision, "review"), agency=revision.agency)
    return revision


def pending_signers(revision):
    """(reviewers who have not signed this round, approver assignment or None)."""
    assignments = list(revision.assignments.filter(round=revision.review_round).select_related("user"))
    signed = set(
        revision.signatures.filter(round=revision.review_round).values_list("user_id", "meaning")
    )
    reviewers = [a.user for a in assignments
                 if a.kind == ReviewAssignment.Kind.REVIEW and (a.user_id, Signature.Meaning.REVIEWED) not in signed]
    approver = next((a for a in assignments if a.kind == ReviewAssignment.Kind.APPROVE), None)
    return reviewers, approver


class WrongPassword(ValidationError):
    """The password typed to sign is not the signer's."""


def revision_sign(*, revision, user, password, meaning, effective_date=None, request=None):
    """Sign a revision in review by re-entering one's password (DOC-5).

    The approver's signature approves the revision (see revision_approve); it is refused until
    every named reviewer has signed. A wrong password saves nothing and is logged.

    With the request (the sign page), the password is guarded like the login (qms.core.lockout): while the
    person is locked out nothing is signed, not even with the right password, and a wrong one counts
    towards the lock. It is counted after the signing transaction has rolled back, so the count stays.
    """
    if request is not None:
        locked = lockout.lock_message(request, user)
        if locked:
            raise ValidationError(locked)
    try:
        signed = _sign(revision=revision, user=user, password=password, meaning=meaning, effective_date=effective_date)
    except WrongPassword as error:
        logger.warning("Wrong signature password: user %s, revision %s (%s), meaning %s",
                       user.get_username(), revision.pk, revision, meaning)
        if request is not None:
            lockout.password_failed(request, user)
            locked = lockout.lock_message(request, user)
            if locked:
                raise ValidationError({"password": [*error.messages, locked]}) from None
        raise
    if request is not None:
        lockout.password_succeeded(request, user)
    return signed


@retry_on_lock
@transaction.atomic
def _sign(*, revision, user, password, meaning, effective_date):
    revision = Revision.objects.select_for_update().select_related("document").get(pk=revision.pk)
    if revision.status != S.IN_REVIEW:
        raise ValidationError(_("Lần ban hành này không ở trạng thái chờ xem xét / phê duyệt (hiện: %(s)s).")
                              % {"s": revision.get_status_display()})
    kind = ReviewAssignment.Kind.APPROVE if meaning == Signature.Meaning.APPROVED else ReviewAssignment.Kind.REVIEW
    if meaning not in Signature.Meaning.values:
        raise ValidationError({"meaning": _("Ý nghĩa chữ ký không hợp lệ.")})
    if not revision.assignments.filter(round=revision.review_round, user=user, kind=kind).exists():
        raise PermissionDenied
    if meaning == Signature.Meaning.APPROVED and user.pk == revision.author_id:
        raise ValidationError(_("Người soạn thảo không được tự phê duyệt tài liệu của mình."))
    if user.pk in perms.round_writers(revision):
        raise ValidationError(perms.SIGNER_WROTE_ROUND)
    if not password or not user.check_password(password):
        raise WrongPassword({"password": _("Mật khẩu không đúng. Chữ ký chưa được ghi nhận.")})
    if revision.signatures.filter(round=revision.review_round, user=user, meaning=meaning).exists():
        raise ValidationError(_("Anh/chị đã ký lần ban hành này."))
    if revision.compute_hash() != revision.content_hash:
        raise ValidationError(_("Nội dung đã thay đổi sau khi trình; không thể ký."))
    reviewers_left, approver = pending_signers(revision)
    if meaning == Signature.Meaning.APPROVED:
        if reviewers_left:
            raise ValidationError(_("Chưa thể phê duyệt: còn người xem xét chưa ký (%(names)s).")
                                  % {"names": ", ".join(u.display_name for u in reviewers_left)})
        today = timezone.localdate()
        effective_date = effective_date or today
        if effective_date < today:
            raise ValidationError({"effective_date": _("Ngày hiệu lực không được trước ngày hôm nay.")})
    Signature.objects.create(
        revision=revision, agency=revision.agency, round=revision.review_round, user=user,
        printed_name=user.display_name, printed_title=user.title, meaning=meaning,
        signed_at=timezone.now().astimezone(datetime.UTC), content_hash=revision.content_hash,
    )
    if meaning == Signature.Meaning.REVIEWED:
        task_done(task_key(revision, "review"), users=[user])
        if len(reviewers_left) == 1 and reviewers_left[0].pk == user.pk and approver is not None:
            notify([approver.user], "documents.approve", _url("revision_detail", revision.pk),
                   params=revision_params(revision), task=task_key(revision, "approve"), agency=revision.agency)
        return revision
    revision.status = S.APPROVED
    revision.approved_at = timezone.now()
    revision.effective_date = effective_date
    save_tracked(revision, user=user, reason=_("Phê duyệt, hiệu lực từ %(d)s") % {"d": effective_date.strftime("%d/%m/%Y")})
    task_done(task_key(revision, "approve"))
    close_comment_tasks(revision)  # approved content is final: what was not resolved stays as the record says
    notify([revision.author], "documents.approved", _url("revision_detail", revision.pk),
           params=revision_params(revision), task=None, agency=revision.agency)
    # After commit, the subjects that react to an approval do (hooks.py; copies renders the master PDF).
    transaction.on_commit(lambda: hooks.revision_approved(revision_id=revision.pk))
    if effective_date <= timezone.localdate():
        activate_document(document_id=revision.document_id, today=timezone.localdate())
        revision.refresh_from_db()
    return revision


def revision_approve(*, revision, user, password, effective_date=None, request=None):
    """The approver's signature: approves and sets the effective date (today or later)."""
    return revision_sign(revision=revision, user=user, password=password, meaning=Signature.Meaning.APPROVED,
                         effective_date=effective_date, request=request)


@transaction.atomic
def revision_reject(*, revision, user, comment, section=ReviewComment.Section.GENERAL):
    """Send a revision in review back to draft, with the reason as a comment (DOC-5). Only a signer of the round
    who has not signed yet may: a reviewer who signed has said the content is right."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != S.IN_REVIEW:
        raise ValidationError(_("Chỉ trả lại được tài liệu đang xem xét."))
    if not revision.assignments.filter(round=revision.review_round, user=user).exists():
        raise PermissionDenied
    if perms.has_signed_round(revision, user):
        raise ValidationError(perms.RETURN_AFTER_SIGNING)
    comment = vntext.nfc(comment).strip()
    if not comment:
        raise ValidationError({"comment": _("Cần ghi rõ lý do trả lại.")})
    comment_add(revision=revision, user=user, section=section, text=comment, is_rejection=True)
    revision.status = S.DRAFT
    save_tracked(revision, user=user, reason=_("Trả lại dự thảo: %(c)s") % {"c": comment[:200]})
    # Back to draft: nobody is left to sign this round; the author has it to rework.
    task_done(task_key(revision, "review"))
    task_done(task_key(revision, "approve"))
    notify([revision.author], "documents.returned", _url("revision_detail", revision.pk),
           params={**revision_params(revision), "comment": comment[:200]}, task=task_key(revision, "rework"),
           agency=revision.agency)
    return revision


# --- effective dates ----------------------------------------------------------------------------------------


@retry_on_lock
def activate_document(*, document_id, today):
    """Make the newest due approved revision of one document effective, superseding the previous one.

    Atomic and serialised on the document row, so two callers at once leave exactly one
    effective revision. Returns the revision made effective, or None.
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        due = list(document.revisions.select_for_update().filter(status=S.APPROVED, effective_date__lte=today)
                   .order_by("-issue_number"))
        if not due:
            return None
        new, older = due[0], due[1:]
        now = timezone.now()
        previous = document.revisions.select_for_update().filter(status=S.EFFECTIVE).first()
        if previous is not None and previous.issue_number > new.issue_number:
            older, new = due, None
        for stale in ([previous] if previous is not None and new is not None else []) + older:
            stale.status = S.SUPERSEDED
            stale.superseded_at = now
            save_tracked(stale, reason=_("Bị thay thế bởi lần ban hành mới"))
            task_done(task_key(stale, "ack"))  # only the effective issue is acknowledged
        if new is None:
            return None
        new.status = S.EFFECTIVE
        new.effective_at = now
        save_tracked(new, reason=_("Có hiệu lực từ %(d)s") % {"d": new.effective_date.strftime("%d/%m/%Y")})
        document.next_review_due = add_months(new.effective_date, document.review_interval_months)
        reason = _("Lần ban hành %(n)s có hiệu lực") % {"n": new.issue_label}
        if document.title != new.title:
            # The register shows the title of the issue in force: the one signed with it (the only way a signed
            # title reaches the register once an issue has been submitted; services.document_save refuses it).
            document.title = new.title
            refresh_document_search(document)
            reason = _("Lần ban hành %(n)s có hiệu lực, đổi tên tài liệu theo lần ban hành này") % {"n": new.issue_label}
        save_tracked(document, reason=reason)
        request_acknowledgements(revision=new)
        # After commit, the subjects that react to it do (hooks.py; copies issues the new issue's controlled copies
        # and asks the previous issue's back).
        transaction.on_commit(lambda: hooks.revision_effective(revision_id=new.pk,
                                                               previous_id=previous.pk if previous else None))
        return new


def activate_due_revisions(today=None):
    """Scheduled daily (and called cheaply by pages): every due approved revision becomes effective."""
    today = today or timezone.localdate()
    document_ids = sorted(set(retry_on_lock(lambda: list(Revision.objects.due(today).values_list("document_id", flat=True)))()))
    activated = []
    for document_id in document_ids:
        revision = activate_document(document_id=document_id, today=today)
        if revision is not None:
            activated.append(revision)
    return activated


def ensure_current(*, agency=None, document=None):
    """The cheap check pages call so they never show a stale state: one query when nothing is due."""
    today = timezone.localdate()
    due = Revision.objects.due(today)
    if document is not None:
        due = due.filter(document=document)
    elif agency is not None:
        due = due.filter(agency=agency)
    # No ORDER BY: the model's default ordering joins the documents and turns this index lookup
    # (status, effective_date) into a scan of the agency's revisions.
    ids = sorted(set(due.order_by().values_list("document_id", flat=True)))
    for document_id in ids:
        activate_document(document_id=document_id, today=today)
    return bool(ids)
