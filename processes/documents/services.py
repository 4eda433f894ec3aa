"""State changes of controlled documents, one named function each (DOC-2, 5, 6, 8, 9, 10).

Every function is keyword-only and transactional; rows that can race are locked with
select_for_update (SQLite serialises writers with IMMEDIATE transactions). Notifications and
e-mails go out on commit, so a rolled-back change never announces itself.
"""

import calendar
import datetime
import functools
import hashlib
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes.documents import hooks
from processes.documents import permissions as perms
from qms.core import text as vntext
from processes.documents.content import FORM_KEYS, RECORD_KEYS, STEP_KEYS, clean_rows
from processes.documents.models import (
    CONTENT_FIELDS,
    Acknowledgement,
    ChangeRequest,
    Document,
    PeriodicReview,
    ReviewAssignment,
    ReviewComment,
    Revision,
    Signature,
)
from qms.core.history import require_reason, save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify

S = Revision.Status


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


def _coordinators(agency):
    return list(User.objects.in_agency(agency).with_role(Role.COORDINATOR))


# --- search columns -----------------------------------------------------------------------------------------


def refresh_document_search(document):
    label = f"{document.code} {document.title}"
    document.search_folded = vntext.fold(label)
    document.search_exact = vntext.lower(label)


def refresh_revision_search(revision):
    parts = [
        revision.purpose, revision.scope, revision.references, revision.definitions,
        vntext.strip_tags(revision.procedure_html), revision.legal_basis, revision.dossier, revision.fee,
        revision.submit_place,
    ]
    for row in (revision.steps or []) + (revision.records or []) + (revision.forms or []):
        parts.extend(str(v) for v in row.values())
    revision.search_folded = vntext.fold(" ".join(p for p in parts if p))


def document_save(*, document, user, reason=""):
    """Create or update a register entry (the form has validated it).

    Changing the entry of a document in force needs a reason (PLAT-3): it is recorded in the history.
    """
    document.code = vntext.nfc(document.code).strip()
    document.title = vntext.nfc(document.title).strip()
    reason = vntext.nfc(reason).strip()[:500]
    if document.pk and document.revisions.filter(status=S.EFFECTIVE).exists():
        reason = require_reason(reason)
    if not document.pk and user is not None:
        document.created_by = user
    upload = document.external_file
    new_upload = bool(upload) and not getattr(upload, "_committed", True)
    if new_upload:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        document.external_file_sha256 = digest.hexdigest()
    refresh_document_search(document)
    try:
        with transaction.atomic():
            save_tracked(document, user=user, reason=reason)
    except IntegrityError:
        if new_upload and document.external_file.name:
            document.external_file.storage.delete(document.external_file.name)  # no orphan file on disk
        raise ValidationError({"code": _("Mã hiệu này đã được dùng cho một tài liệu khác của cơ quan.")}) from None
    except OSError:
        # Media folder unwritable or disk full: the row was rolled back with the file write.
        raise ValidationError({"external_file": _(
            "Không lưu được tệp lên máy chủ (thư mục lưu trữ không ghi được hoặc đã hết dung lượng). "
            "Tài liệu chưa được lưu; hãy thử lại sau hoặc báo quản trị hệ thống.")}) from None
    return document


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
    draft = Revision(document=document, agency=document.agency, issue_number=last + 1, author=user,
                     change_request=change_request)
    if source is not None:
        for name in CONTENT_FIELDS:
            value = getattr(source, name)
            setattr(draft, name, [dict(r) for r in value] if isinstance(value, list) else value)
    refresh_revision_search(draft)
    save_tracked(draft, user=user, reason=_("Tạo dự thảo lần ban hành %(n)s") % {"n": draft.issue_label})
    return draft


@transaction.atomic
def revision_update_content(*, revision, user, data):
    """Save the editor's content into a draft. Refused for anything but a draft (DOC-2)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not perms.can_edit(user, revision):
        raise PermissionDenied
    if revision.status != S.DRAFT:
        raise ValidationError(_("Chỉ sửa được dự thảo. Lần ban hành này đang ở trạng thái “%(s)s”.")
                              % {"s": revision.get_status_display()})
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
    save_tracked(revision, user=user, reason=_("Sửa dự thảo"))
    return revision


@transaction.atomic
def revision_cancel(*, revision, user, reason=""):
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not perms.can_edit(user, revision):
        raise PermissionDenied
    if revision.status != S.DRAFT:
        raise ValidationError(_("Chỉ hủy được dự thảo."))
    revision.status = S.CANCELLED
    save_tracked(revision, user=user, reason=reason or _("Hủy dự thảo"))
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
    notify(reviewers, _("Xem xét tài liệu %(r)s") % {"r": revision}, _url("revision_detail", revision.pk),
           agency=revision.agency)
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


@retry_on_lock
@transaction.atomic
def revision_sign(*, revision, user, password, meaning, effective_date=None):
    """Sign a revision in review by re-entering one's password (DOC-5).

    The approver's signature approves the revision (see revision_approve); it is refused until
    every named reviewer has signed. A wrong password saves nothing.
    """
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
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("Mật khẩu không đúng. Chữ ký chưa được ghi nhận.")})
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
        if len(reviewers_left) == 1 and reviewers_left[0].pk == user.pk and approver is not None:
            notify([approver.user], _("Phê duyệt tài liệu %(r)s") % {"r": revision},
                   _url("revision_detail", revision.pk), agency=revision.agency)
        return revision
    revision.status = S.APPROVED
    revision.approved_at = timezone.now()
    revision.effective_date = effective_date
    save_tracked(revision, user=user, reason=_("Phê duyệt, hiệu lực từ %(d)s") % {"d": effective_date.strftime("%d/%m/%Y")})
    notify([revision.author], _("Tài liệu %(r)s đã được phê duyệt") % {"r": revision},
           _url("revision_detail", revision.pk), agency=revision.agency)
    # After commit, the subjects that react to an approval do (hooks.py; copies renders the master PDF).
    transaction.on_commit(lambda: hooks.revision_approved(revision_id=revision.pk))
    if effective_date <= timezone.localdate():
        activate_document(document_id=revision.document_id, today=timezone.localdate())
        revision.refresh_from_db()
    return revision


def revision_approve(*, revision, user, password, effective_date=None):
    """The approver's signature: approves and sets the effective date (today or later)."""
    return revision_sign(revision=revision, user=user, password=password, meaning=Signature.Meaning.APPROVED,
                         effective_date=effective_date)


@transaction.atomic
def revision_reject(*, revision, user, comment, section=ReviewComment.Section.GENERAL):
    """Send a revision in review back to draft, with the reason as a comment (DOC-5)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != S.IN_REVIEW:
        raise ValidationError(_("Chỉ trả lại được tài liệu đang xem xét."))
    if not revision.assignments.filter(round=revision.review_round, user=user).exists():
        raise PermissionDenied
    comment = vntext.nfc(comment).strip()
    if not comment:
        raise ValidationError({"comment": _("Cần ghi rõ lý do trả lại.")})
    ReviewComment.objects.create(revision=revision, agency=revision.agency, round=revision.review_round, user=user,
                                 section=section, text=comment, is_rejection=True)
    revision.status = S.DRAFT
    save_tracked(revision, user=user, reason=_("Trả lại dự thảo: %(c)s") % {"c": comment[:200]})
    notify([revision.author], _("Tài liệu %(r)s bị trả lại: %(c)s") % {"r": revision, "c": comment[:200]},
           _url("revision_detail", revision.pk), agency=revision.agency)
    return revision


@transaction.atomic
def revision_comment(*, revision, user, section, text):
    if not perms.can_comment(user, revision):
        raise PermissionDenied
    text = vntext.nfc(text).strip()
    if not text:
        raise ValidationError({"text": _("Nhập nội dung ý kiến.")})
    if section not in ReviewComment.Section.values:
        raise ValidationError({"section": _("Mục không hợp lệ.")})
    return ReviewComment.objects.create(revision=revision, agency=revision.agency, round=revision.review_round,
                                        user=user, section=section, text=text)


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
        if new is None:
            return None
        new.status = S.EFFECTIVE
        new.effective_at = now
        save_tracked(new, reason=_("Có hiệu lực từ %(d)s") % {"d": new.effective_date.strftime("%d/%m/%Y")})
        document.next_review_due = add_months(new.effective_date, document.review_interval_months)
        save_tracked(document, reason=_("Lần ban hành %(n)s có hiệu lực") % {"n": new.issue_label})
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


# --- distribution and acknowledgement -----------------------------------------------------------------------


def distribution_users(document):
    entries = list(document.distribution.all())
    dept_ids = [e.department_id for e in entries if e.department_id]
    user_ids = [e.user_id for e in entries if e.user_id]
    return list(User.objects.filter(Q(department_id__in=dept_ids) | Q(pk__in=user_ids), agency=document.agency,
                                    is_active=True).distinct())


def request_acknowledgements(*, revision):
    """Ask everyone on the distribution list to read and acknowledge the effective revision (DOC-10)."""
    people = distribution_users(revision.document)
    existing = set(revision.acknowledgements.values_list("user_id", flat=True))
    now = timezone.now()
    asked = []
    for person in people:
        if person.pk not in existing:
            Acknowledgement.objects.create(revision=revision, agency=revision.agency, user=person, requested_at=now)
            asked.append(person)
    notify(asked, _("Đọc và xác nhận đã hiểu: %(d)s (lần ban hành %(n)s)")
           % {"d": revision.document, "n": revision.issue_label},
           _url("revision_detail", revision.pk), agency=revision.agency)
    return asked


@transaction.atomic
def acknowledge(*, revision, user):
    """"Đã đọc và hiểu": only for the effective revision; doing it twice changes nothing."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if revision.agency_id != user.agency_id:
        raise PermissionDenied
    if revision.status != S.EFFECTIVE:
        raise ValidationError(_("Chỉ xác nhận đã đọc được lần ban hành đang hiệu lực."))
    ack, _created = Acknowledgement.objects.get_or_create(revision=revision, user=user,
                                                          defaults={"agency": revision.agency})
    if ack.acknowledged_at is None:
        ack.acknowledged_at = timezone.now()
        ack.save(update_fields=["acknowledged_at"])
    return ack


def acknowledgement_rate(revision):
    """(acknowledged, asked) for a revision: of the people asked through the distribution list.

    Someone who reads and acknowledges without being asked is recorded, but does not change the rate
    (otherwise anyone could push it up).
    """
    rows = list(revision.acknowledgements.filter(requested_at__isnull=False).values_list("acknowledged_at", flat=True))
    return sum(1 for r in rows if r is not None), len(rows)


# --- periodic review and change requests --------------------------------------------------------------------


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
        for revision in document.revisions.select_for_update().filter(status__in=Revision.OPEN):
            revision.status = S.CANCELLED
            save_tracked(revision, user=user, reason=_("Tài liệu bị hủy bỏ"))
        document.withdrawn_at = timezone.now()
        document.next_review_due = None
        save_tracked(document, user=user, reason=_("Hủy bỏ tài liệu: %(n)s") % {"n": notes[:200]})
        # Inside this transaction (hooks.py; copies asks every controlled copy back at once, ISO 4.2.3 g): if that
        # fails, nothing is withdrawn.
        hooks.document_withdrawn(document=document)
    else:
        raise ValidationError({"outcome": _("Chọn kết luận xem xét.")})
    record.save()
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
    notify(_coordinators(document.agency), _("Đề nghị sửa đổi %(d)s") % {"d": document.code},
           reverse("processes:change_request_decide", kwargs={"pk": cr.pk}), agency=document.agency)
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
    notify([cr.requested_by], _("Đề nghị sửa đổi %(d)s đã được chấp nhận") % {"d": cr.document.code},
           _url("document_detail", cr.document_id), agency=cr.agency)
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
    notify([cr.requested_by], _("Đề nghị sửa đổi %(d)s bị từ chối: %(r)s") % {"d": cr.document.code, "r": reason[:200]},
           _url("document_detail", cr.document_id), agency=cr.agency)
    return cr
