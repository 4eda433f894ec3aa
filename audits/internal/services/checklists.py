"""Checklists (AUD-3): question templates, the audit's questions copied from them or added,
answers and attached evidence, and how far the checklist has got.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.services import clean_text
from audits.internal.models import Audit, ChecklistAttachment, ChecklistItem, ChecklistTemplate
from audits.internal.services.common import can_lead, can_work, check_status, lock_audit, require
from qms.core import uploads
from qms.core.access import MANAGERS, has_role
from qms.core.history import save_tracked
from qms.core.models import Role

Status = Audit.Status


@transaction.atomic
def template_save(*, agency, user, title, questions, clause="", document=None, is_active=True, template=None):
    require(user.agency_id == agency.pk and has_role(user, *MANAGERS, Role.AUDITOR))
    if document is not None and document.agency_id != agency.pk:
        raise ValidationError({"document": _("Tài liệu này không thuộc cơ quan.")})
    if template is None:
        template = ChecklistTemplate(agency=agency, created_by=user)
    elif template.agency_id != agency.pk:
        raise PermissionDenied
    template.title = clean_text(title)
    template.clause = clean_text(clause)
    template.document = document
    template.questions = "\n".join(clean_text(q) for q in (questions or "").splitlines() if clean_text(q))
    template.is_active = is_active
    template.full_clean(exclude=["created_by", "agency"])
    save_tracked(template, user=user, reason=_("Cập nhật bộ câu hỏi mẫu"))
    return template


def _next_order(audit):
    last = audit.checklist_items.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def require_checklist_editable(audit, user):
    require(can_work(user, audit) or can_lead(user, audit))
    check_status(
        audit, (Status.PLANNED, Status.IN_PROGRESS), _("Danh mục câu hỏi không sửa được sau khi đã phát hành báo cáo.")
    )


@transaction.atomic
def checklist_apply_template(*, audit, user, template):
    """Copy a template's questions into the audit's checklist (they can then be edited)."""
    audit = lock_audit(audit)
    require_checklist_editable(audit, user)
    if template.agency_id != audit.agency_id or not template.is_active:
        raise ValidationError({"template": _("Bộ câu hỏi không hợp lệ.")})
    order = _next_order(audit)
    clause = template.clause or ""
    items = []
    for offset, question in enumerate(template.question_list):
        item = ChecklistItem(
            agency=audit.agency, audit=audit, order=order + offset, clause=clause, question=question, template=template
        )
        save_tracked(item, user=user, reason=_("Thêm từ bộ câu hỏi mẫu «%(t)s»") % {"t": template.title})
        items.append(item)
    return items


@transaction.atomic
def checklist_add_item(*, audit, user, question, clause=""):
    audit = lock_audit(audit)
    require_checklist_editable(audit, user)
    question = clean_text(question)
    if not question:
        raise ValidationError({"question": _("Cần nhập câu hỏi.")})
    item = ChecklistItem(
        agency=audit.agency, audit=audit, order=_next_order(audit), clause=clean_text(clause)[:20], question=question
    )
    save_tracked(item, user=user, reason=_("Thêm câu hỏi"))
    return item


@transaction.atomic
def checklist_answer(*, item, user, answer, evidence="", question=None, clause=None, seen=None):
    """Record an answer (and edit the copied question). Answers are taken while the audit is in progress.

    ``seen``: the question's values as the person's page showed them (field → value); when given and someone
    saved the question since, the answer is refused rather than written over theirs unread.
    """
    audit = lock_audit(item.audit)
    require_checklist_editable(audit, user)
    return _answer(audit, item, user, answer=answer, evidence=evidence, question=question, clause=clause, seen=seen)


class ChecklistRefused(ValidationError):
    """Questions of a checklist save that were refused (``by_item``: item pk → ValidationError); nothing was saved."""

    def __init__(self, by_item):
        self.by_item = by_item
        super().__init__(
            _("Chưa lưu câu hỏi nào: %(n)s câu hỏi cần sửa (xem bên dưới).") % {"n": len(by_item)}, code="refused"
        )


@transaction.atomic
def checklist_answer_many(*, audit, user, answers):
    """Save several questions at once ("Lưu tất cả"), all or nothing.

    ``answers``: one dict per changed question with ``item`` and checklist_answer's keywords. Every question is
    checked before the error is raised, so the page can show each refusal beside its question.
    """
    audit = lock_audit(audit)
    require_checklist_editable(audit, user)
    refused = {}
    saved = []
    for entry in answers:
        entry = dict(entry)
        item = entry.pop("item")
        if item.audit_id != audit.pk:
            raise PermissionDenied
        try:
            saved.append(_answer(audit, item, user, **entry))
        except ValidationError as exc:
            refused[item.pk] = exc
    if refused:
        raise ChecklistRefused(refused)  # leaving the atomic block undoes those already written
    return saved


def _changed_since_seen(item, seen):
    return any(
        name in seen and clean_text(seen[name]) != getattr(item, name) for name in ("clause", "question", "answer", "evidence")
    )


def _answer(audit, item, user, *, answer, evidence="", question=None, clause=None, seen=None):
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if seen is not None and _changed_since_seen(item, seen):
        raise ValidationError(_(
            "Câu hỏi này vừa được lưu (bởi người khác hoặc ở một trang khác) sau khi bạn mở trang. Nội dung bạn gõ "
            "vẫn còn bên dưới; xem lại kết quả đã lưu ở đầu câu hỏi rồi lưu lần nữa nếu vẫn muốn thay."
        ), code="conflict")
    if answer not in ChecklistItem.Answer.values:
        raise ValidationError({"answer": _("Kết quả không hợp lệ.")})
    if answer and audit.status != Status.IN_PROGRESS:
        raise ValidationError({"answer": _("Chỉ ghi kết quả khi cuộc đánh giá đang diễn ra.")})
    if question is not None:
        question = clean_text(question)
        if not question:
            raise ValidationError({"question": _("Cần nhập câu hỏi.")})
        item.question = question
    if clause is not None:
        item.clause = clean_text(clause)[:20]
    item.answer = answer
    item.evidence = clean_text(evidence)
    item.answered_by = user if answer else None
    item.answered_at = timezone.now() if answer else None
    save_tracked(item, user=user, reason=_("Ghi kết quả câu hỏi"))
    return item


@transaction.atomic
def checklist_attach(*, item, user, upload):
    """Attach evidence to a checklist item. A refused file leaves nothing behind, on disk or in the database."""
    audit = lock_audit(item.audit)
    require(can_work(user, audit))
    check_status(audit, (Status.IN_PROGRESS,), _("Chỉ đính kèm bằng chứng khi cuộc đánh giá đang diễn ra."))
    if upload is None:
        raise ValidationError({"file": _("Chọn một tệp để đính kèm.")})
    # Same rules as NC evidence: type by content, size limit, server-made name (qms/core/uploads.py).
    data, (ctype, ext) = uploads.read_checked(upload)
    attachment = ChecklistAttachment(
        agency=audit.agency,
        item=item,
        original_name=uploads.download_name(getattr(upload, "name", ""), ext),
        content_type=ctype,
        size=len(data),
        sha256=uploads.sha256(data),
        uploaded_by=user,
    )
    uploads.store(attachment.file, data, ext)  # a refused write (read-only or full disk) says so, leaves nothing
    try:
        save_tracked(attachment, user=user, reason=_("Đính kèm bằng chứng"))
    except Exception:
        uploads.remove(attachment.file.storage, attachment.file.name)
        raise
    return attachment


def unanswered_items(audit):
    """The questions still without an answer: issuing the report asks to confirm them."""
    return list(audit.checklist_items.filter(answer=""))


def checklist_progress(audit):
    counts = audit.checklist_items.aggregate(total=Count("pk"), answered=Count("pk", filter=~Q(answer="")))
    total, answered = counts["total"], counts["answered"]
    return {"total": total, "answered": answered, "percent": round(100 * answered / total) if total else 0}
