"""Internal audits (8.2.2): one named, transactional function per step.

Each function locks the audit it changes, checks the status and the user's right, and raises
``ValidationError`` (field-keyed, Vietnamese) or ``PermissionDenied`` otherwise, leaving nothing
half-done. Notifications go out on commit (``qms.core.notify``).

Independence ("auditors shall not audit their own work"): ``assert_independent`` is called by
every function that can bring an auditor and an audited area together — ``audit_create``
(direct assignment), ``audit_assign`` (lead or team change) and ``audit_update`` (scope change
after assignment). It cannot be a database constraint: it spans three many-to-many relations
(team, scope departments, scope documents) plus the auditors' own department and the documents'
owners, none of which a CHECK or UNIQUE constraint can see.
"""

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core import uploads
from audits.internal.models import (
    Audit,
    AuditProgramme,
    ChecklistAttachment,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
)
from audits.capa.models import Nonconformity
from audits.internal.models import split_clauses
from qms.core.access import MANAGERS, has_role
from qms.core.history import require_reason, save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify

Status = Audit.Status


# ---------------------------------------------------------------------------------------------
# Small helpers


def clean_text(value):
    """NFC-normalised, stripped text; NUL bytes removed (PostgreSQL refuses them)."""
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def _lock(audit):
    return Audit.objects.select_for_update().get(pk=audit.pk)


def is_audit_manager(user, agency):
    """Plans the programme and the audits: the ISO coordinator, the management representative, the head."""
    return user.is_authenticated and user.agency_id == agency.pk and has_role(user, *MANAGERS)


def is_on_audit(user, audit):
    return user.is_authenticated and (user.pk == audit.lead_auditor_id or user.pk in audit.auditor_ids())


def can_work(user, audit):
    """Answers the checklist and records findings: the lead auditor and the team."""
    return user.is_authenticated and user.agency_id == audit.agency_id and is_on_audit(user, audit)


def can_lead(user, audit):
    """Starts the audit, issues the report, reopens: the lead auditor or a QMS manager."""
    return user.is_authenticated and user.agency_id == audit.agency_id and (
        user.pk == audit.lead_auditor_id or has_role(user, *MANAGERS)
    )


def _require(flag):
    if not flag:
        raise PermissionDenied


def _check_status(audit, allowed, message):
    if audit.status not in allowed:
        raise ValidationError(message)


def _same_agency(agency, objects, field, message):
    for obj in objects:
        if obj is not None and obj.agency_id != agency.pk:
            raise ValidationError({field: message})


# ---------------------------------------------------------------------------------------------
# Independence (8.2.2)


def independence_conflicts(*, lead_auditor, team, departments, documents):
    """Every (auditor, audited area) pair that would make someone audit their own work: [(field, message)].

    ``field`` is "lead_auditor" or "team", whichever role the person holds on the audit.
    """
    auditors = []
    for person, field in [(lead_auditor, "lead_auditor")] + [(p, "team") for p in team]:
        if person is not None and person not in [a for a, _f in auditors]:
            auditors.append((person, field))
    conflicts = []
    for person, field in auditors:
        for dept in departments:
            if person.department_id and person.department_id == dept.pk:
                conflicts.append((field, _(
                    "%(person)s thuộc %(dept)s nên không được đánh giá phòng của chính mình (%(dept)s)."
                ) % {"person": person.display_name, "dept": dept.name}))
        for doc in documents:
            if doc.owner_id and doc.owner_id == person.pk:
                conflicts.append((field, _(
                    "%(person)s là người chủ trì quá trình «%(doc)s» nên không được đánh giá quá trình này."
                ) % {"person": person.display_name, "doc": str(doc)}))
            elif person.department_id and doc.department_id == person.department_id:
                conflicts.append((field, _(
                    "%(person)s thuộc %(dept)s, đơn vị chủ trì quá trình «%(doc)s», nên không được đánh giá "
                    "quá trình của phòng mình."
                ) % {"person": person.display_name, "dept": doc.department.name, "doc": str(doc)}))
    return conflicts


def assert_independent(*, lead_auditor, team, departments, documents, field=None):
    """Refuse any conflict; messages go to the auditor's field, or to ``field`` (the scope being changed)."""
    conflicts = independence_conflicts(
        lead_auditor=lead_auditor, team=list(team), departments=list(departments), documents=list(documents)
    )
    if conflicts:
        errors = {}
        for person_field, message in conflicts:
            errors.setdefault(field or person_field, []).append(message)
        raise ValidationError(errors)


def _check_auditors(agency, lead_auditor, team):
    for person, field in [(lead_auditor, "lead_auditor")] + [(p, "team") for p in team]:
        if person is None:
            continue
        if person.agency_id != agency.pk or not person.is_active:
            raise ValidationError({field: _("%(person)s không thuộc cơ quan.") % {"person": person.display_name}})
        if not person.has_role(Role.AUDITOR):
            raise ValidationError(
                {field: _("%(person)s chưa được phân công làm chuyên gia đánh giá nội bộ.") % {"person": person.display_name}}
            )


# ---------------------------------------------------------------------------------------------
# Programme (AUD-1)


@transaction.atomic
def programme_create(*, agency, user, year, title, objectives=""):
    _require(is_audit_manager(user, agency))
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": _("Cần đặt tên chương trình đánh giá.")})
    programme = AuditProgramme(agency=agency, year=year, title=title, objectives=clean_text(objectives), created_by=user)
    programme.full_clean(exclude=["created_by", "last_audit_number"])
    save_tracked(programme, user=user, reason=_("Lập chương trình đánh giá"))
    return programme


def tidy_clauses(text):
    """ "4.2.3;8.2.2" → "4.2.3, 8.2.2", refused when the tidied list outgrows its column: the form counts
    the characters as typed, and tidying adds a space after each comma (a 500 on PostgreSQL otherwise)."""
    tidy = ", ".join(split_clauses(text))
    limit = Audit._meta.get_field("criteria_clauses").max_length
    if len(tidy) > limit:
        raise ValidationError({"criteria_clauses": _(
            "Danh sách điều khoản quá dài: tối đa %(limit)s ký tự, kể cả dấu phẩy và khoảng trắng (đang có %(n)s)."
        ) % {"limit": limit, "n": len(tidy)}})
    return tidy


def format_audit_code(year, number):
    return f"DG-{year}-{number:02d}"


def _validate_dates(programme, start_date, end_date, planned_month):
    errors = {}
    if planned_month is None or not 1 <= int(planned_month) <= 12:
        errors["planned_month"] = _("Tháng dự kiến từ 1 đến 12.")
    if start_date and end_date and start_date > end_date:
        errors["end_date"] = _("Ngày kết thúc (%(end)s) không được trước ngày bắt đầu (%(start)s).") % {
            "end": end_date.strftime("%d/%m/%Y"), "start": start_date.strftime("%d/%m/%Y"),
        }
    for name, value in (("start_date", start_date), ("end_date", end_date)):
        if value and value.year != programme.year and name not in errors:
            errors[name] = _("Ngày phải nằm trong năm của chương trình (%(year)s).") % {"year": programme.year}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def audit_create(
    *,
    programme,
    user,
    title,
    planned_month,
    audit_type=Audit.Type.INTERNAL,
    start_date=None,
    end_date=None,
    objectives="",
    departments=(),
    documents=(),
    criteria_clauses="",
    criteria_documents=(),
    lead_auditor=None,
    team=(),
    auditees=(),
):
    """Plan an audit in the programme, numbered DG-<year>-<nn> inside this transaction."""
    agency = programme.agency
    _require(is_audit_manager(user, agency))
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": _("Cần đặt tên cuộc đánh giá.")})
    if audit_type not in Audit.Type.values:
        raise ValidationError({"audit_type": _("Loại đánh giá không hợp lệ.")})
    departments, documents, team = list(departments), list(documents), [p for p in team if p != lead_auditor]
    criteria_documents, auditees = list(criteria_documents), list(auditees)
    _validate_dates(programme, start_date, end_date, planned_month)
    criteria_clauses = tidy_clauses(criteria_clauses)
    _same_agency(agency, departments, "departments", _("Phòng này không thuộc cơ quan."))
    _same_agency(agency, documents + criteria_documents, "documents", _("Tài liệu này không thuộc cơ quan."))
    _same_agency(agency, auditees, "auditees", _("Người này không thuộc cơ quan."))
    _check_auditors(agency, lead_auditor, team)
    assert_independent(lead_auditor=lead_auditor, team=team, departments=departments, documents=documents)

    # The programme row is the counter: locked, so two audits planned at once never share a number.
    locked = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    locked.last_audit_number += 1
    locked.save(update_fields=["last_audit_number"])
    number = locked.last_audit_number
    audit = Audit(
        agency=agency,
        programme=programme,
        number=number,
        code=format_audit_code(programme.year, number),
        title=title,
        audit_type=audit_type,
        planned_month=int(planned_month),
        start_date=start_date,
        end_date=end_date,
        objectives=clean_text(objectives),
        criteria_clauses=criteria_clauses,
        lead_auditor=lead_auditor,
        created_by=user,
    )
    save_tracked(audit, user=user, reason=_("Lập kế hoạch cuộc đánh giá"))
    audit.departments.set(departments)
    audit.documents.set(documents)
    audit.criteria_documents.set(criteria_documents)
    audit.team.set(team)
    audit.auditees.set(auditees)
    _announce_assignment(audit, [lead_auditor, *team])
    return audit


def _announce_assignment(audit, people):
    notify(
        [p for p in people if p is not None],
        _("%(code)s: bạn được phân công đánh giá «%(title)s»") % {"code": audit.code, "title": audit.title},
        audit.get_absolute_url(),
        agency=audit.agency,
    )


EDITABLE_FIELDS = {
    "title", "audit_type", "planned_month", "start_date", "end_date", "objectives", "criteria_clauses",
    "departments", "documents", "criteria_documents", "auditees",
}


@transaction.atomic
def audit_update(*, audit, user, **fields):
    """Change an audit's plan: title, type, dates, scope, criteria, auditees (not after the report)."""
    audit = _lock(audit)
    _require(is_audit_manager(user, audit.agency))
    _check_status(audit, (Status.PLANNED, Status.IN_PROGRESS), _("Không thể sửa kế hoạch sau khi đã phát hành báo cáo."))
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"audit_update() got unexpected arguments {sorted(unknown)}")
    agency = audit.agency
    departments = list(fields.pop("departments", audit.departments.all()))
    documents = list(fields.pop("documents", audit.documents.all()))
    criteria_documents = list(fields.pop("criteria_documents", audit.criteria_documents.all()))
    auditees = list(fields.pop("auditees", audit.auditees.all()))
    for name, value in fields.items():
        if isinstance(value, str):
            value = clean_text(value)
        setattr(audit, name, value)
    if not audit.title:
        raise ValidationError({"title": _("Cần đặt tên cuộc đánh giá.")})
    audit.criteria_clauses = tidy_clauses(audit.criteria_clauses)
    _validate_dates(audit.programme, audit.start_date, audit.end_date, audit.planned_month)
    if audit.status != Status.PLANNED and not (audit.start_date and audit.end_date):
        raise ValidationError({"start_date": _("Cuộc đánh giá đang diễn ra cần có ngày bắt đầu và kết thúc.")})
    _same_agency(agency, departments, "departments", _("Phòng này không thuộc cơ quan."))
    _same_agency(agency, documents + criteria_documents, "documents", _("Tài liệu này không thuộc cơ quan."))
    _same_agency(agency, auditees, "auditees", _("Người này không thuộc cơ quan."))
    # Scope change after assignment: the team already named must stay independent of the new scope.
    team = list(audit.team.all())
    assert_independent(lead_auditor=audit.lead_auditor, team=team, departments=departments, documents=[],
                       field="departments")
    assert_independent(lead_auditor=audit.lead_auditor, team=team, departments=[], documents=documents,
                       field="documents")
    save_tracked(audit, user=user, reason=_("Sửa kế hoạch cuộc đánh giá"))
    audit.departments.set(departments)
    audit.documents.set(documents)
    audit.criteria_documents.set(criteria_documents)
    audit.auditees.set(auditees)
    return audit


@transaction.atomic
def audit_assign(*, audit, user, lead_auditor, team=()):
    """Name the lead auditor and the team (direct assignment or a team change)."""
    audit = _lock(audit)
    _require(is_audit_manager(user, audit.agency))
    _check_status(audit, (Status.PLANNED, Status.IN_PROGRESS), _("Không thể đổi đoàn đánh giá sau khi đã phát hành báo cáo."))
    team = [p for p in team if p != lead_auditor]
    if audit.status != Status.PLANNED and lead_auditor is None:
        raise ValidationError({"lead_auditor": _("Cuộc đánh giá đang diễn ra cần có trưởng đoàn.")})
    _check_auditors(audit.agency, lead_auditor, team)
    assert_independent(
        lead_auditor=lead_auditor, team=team, departments=audit.departments.all(), documents=audit.documents.all()
    )
    before = audit.auditor_ids()
    audit.lead_auditor = lead_auditor
    save_tracked(audit, user=user, reason=_("Phân công đoàn đánh giá"))
    audit.team.set(team)
    _announce_assignment(audit, [p for p in [lead_auditor, *team] if p is not None and p.pk not in before])
    return audit


# ---------------------------------------------------------------------------------------------
# Transitions


@transaction.atomic
def audit_start(*, audit, user):
    audit = _lock(audit)
    _require(can_lead(user, audit))
    _check_status(audit, (Status.PLANNED,), _("Chỉ bắt đầu được cuộc đánh giá đang ở trạng thái kế hoạch."))
    errors = {}
    if not (audit.start_date and audit.end_date):
        errors["start_date"] = _("Cần có ngày bắt đầu và ngày kết thúc trước khi bắt đầu đánh giá.")
    if audit.lead_auditor_id is None:
        errors["lead_auditor"] = _("Cần phân công trưởng đoàn đánh giá trước khi bắt đầu.")
    if errors:
        raise ValidationError(errors)
    audit.status = Status.IN_PROGRESS
    save_tracked(audit, user=user, reason=_("Bắt đầu đánh giá"))
    return audit


def unanswered_items(audit):
    return list(audit.checklist_items.filter(answer=""))


class UnansweredItems(ValidationError):
    """The report was asked for while checklist items are unanswered; ``items`` lists them."""

    def __init__(self, items):
        self.items = items
        super().__init__(
            _("Còn %(n)s câu hỏi chưa trả lời. Xác nhận để vẫn phát hành báo cáo.") % {"n": len(items)},
            code="unanswered",
        )


def report_recipients(audit):
    """Heads of the audited departments and of the auditees' departments."""
    heads = {d.head for d in audit.departments.select_related("head") if d.head_id}
    for person in audit.auditees.select_related("department__head"):
        if person.department_id and person.department.head_id:
            heads.add(person.department.head)
    return sorted(heads, key=lambda u: u.pk)


@transaction.atomic
def audit_issue_report(*, audit, user, summary, conclusion, confirm_unanswered=False):
    """in_progress → reported. Unanswered checklist items need ``confirm_unanswered`` (a warning lists them)."""
    audit = _lock(audit)
    _require(can_lead(user, audit))
    _check_status(audit, (Status.IN_PROGRESS,), _("Chỉ phát hành báo cáo khi cuộc đánh giá đang diễn ra."))
    summary, conclusion = clean_text(summary), clean_text(conclusion)
    errors = {}
    if not summary:
        errors["summary"] = _("Cần tóm tắt kết quả đánh giá.")
    if not conclusion:
        errors["conclusion"] = _("Cần kết luận của đoàn đánh giá.")
    if errors:
        raise ValidationError(errors)
    missing = unanswered_items(audit)
    if missing and not confirm_unanswered:
        raise UnansweredItems(missing)
    audit.summary, audit.conclusion = summary, conclusion
    audit.status = Status.REPORTED
    audit.reported_at = timezone.now()
    audit.reported_by = user
    reason = _("Phát hành báo cáo đánh giá")
    if missing:
        reason += _(" (còn %(n)s câu hỏi chưa trả lời, đã xác nhận)") % {"n": len(missing)}
    save_tracked(audit, user=user, reason=reason)
    notify(
        report_recipients(audit),
        _("%(code)s: đã phát hành báo cáo đánh giá «%(title)s»") % {"code": audit.code, "title": audit.title},
        audit.get_absolute_url(),
        agency=audit.agency,
    )
    return audit


@transaction.atomic
def audit_reopen(*, audit, user, reason):
    """reported → in_progress, with a reason (a finding was missed, the report needs correcting)."""
    audit = _lock(audit)
    _require(can_lead(user, audit))
    _check_status(audit, (Status.REPORTED,), _("Chỉ mở lại được cuộc đánh giá đã phát hành báo cáo."))
    reason = require_reason(reason)
    audit.status = Status.IN_PROGRESS
    audit.reopen_reason = clean_text(reason)
    save_tracked(audit, user=user, reason=_("Mở lại: %(reason)s") % {"reason": audit.reopen_reason})
    return audit


def close_blockers(audit):
    """References of the NCs this audit raised whose effectiveness is not yet verified."""
    return list(
        Nonconformity.objects.filter(finding__audit=audit).not_verified_effective().order_by("reference")
        .values_list("reference", flat=True)
    )


@transaction.atomic
def audit_close(*, audit, user):
    """reported → closed, only when every NC raised is verified effective (8.2.2 follow-up)."""
    audit = _lock(audit)
    _require(can_lead(user, audit))
    _check_status(audit, (Status.REPORTED,), _("Chỉ kết thúc được cuộc đánh giá đã phát hành báo cáo."))
    blockers = close_blockers(audit)
    if blockers:
        raise ValidationError(
            _("Chưa thể kết thúc: các phiếu sự không phù hợp sau chưa được kiểm tra hiệu lực: %(refs)s.")
            % {"refs": ", ".join(blockers)}
        )
    audit.status = Status.CLOSED
    audit.closed_at = timezone.now()
    audit.closed_by = user
    save_tracked(audit, user=user, reason=_("Kết thúc cuộc đánh giá"))
    return audit


# ---------------------------------------------------------------------------------------------
# Checklists (AUD-3)


@transaction.atomic
def template_save(*, agency, user, title, questions, clause="", document=None, is_active=True, template=None):
    _require(user.agency_id == agency.pk and has_role(user, *MANAGERS, Role.AUDITOR))
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


def _require_checklist_editable(audit, user):
    _require(can_work(user, audit) or can_lead(user, audit))
    _check_status(
        audit, (Status.PLANNED, Status.IN_PROGRESS), _("Danh mục câu hỏi không sửa được sau khi đã phát hành báo cáo.")
    )


@transaction.atomic
def checklist_apply_template(*, audit, user, template):
    """Copy a template's questions into the audit's checklist (they can then be edited)."""
    audit = _lock(audit)
    _require_checklist_editable(audit, user)
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
    audit = _lock(audit)
    _require_checklist_editable(audit, user)
    question = clean_text(question)
    if not question:
        raise ValidationError({"question": _("Cần nhập câu hỏi.")})
    item = ChecklistItem(
        agency=audit.agency, audit=audit, order=_next_order(audit), clause=clean_text(clause)[:20], question=question
    )
    save_tracked(item, user=user, reason=_("Thêm câu hỏi"))
    return item


@transaction.atomic
def checklist_answer(*, item, user, answer, evidence="", question=None, clause=None):
    """Record an answer (and edit the copied question). Answers are taken while the audit is in progress."""
    audit = _lock(item.audit)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    _require_checklist_editable(audit, user)
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
    audit = _lock(item.audit)
    _require(can_work(user, audit))
    _check_status(audit, (Status.IN_PROGRESS,), _("Chỉ đính kèm bằng chứng khi cuộc đánh giá đang diễn ra."))
    if upload is None:
        raise ValidationError({"file": _("Chọn một tệp để đính kèm.")})
    # Same rules as NC evidence: type by content, size limit, server-made name (audits/uploads.py).
    data, (ctype, ext) = uploads.read_checked(upload)
    attachment = ChecklistAttachment(
        agency=audit.agency,
        item=item,
        original_name=clean_text(getattr(upload, "name", ""))[:255] or f"bang-chung.{ext}",
        content_type=ctype,
        size=len(data),
        sha256=uploads.sha256(data),
        uploaded_by=user,
    )
    attachment.file.save(uploads.storage_name(ext), ContentFile(data), save=False)
    stored = attachment.file.name
    try:
        save_tracked(attachment, user=user, reason=_("Đính kèm bằng chứng"))
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


# ---------------------------------------------------------------------------------------------
# Findings (AUD-4) and the NC they open


def _open_nc(**kwargs):
    """Open a nonconformity through the NC workflow's own entry point (imported late: it imports this app's models)."""
    from audits.capa.services import nc_open

    return nc_open(**kwargs)


@transaction.atomic
def finding_add(
    *, audit, user, kind, clause, description, department=None, requirement="", evidence="", checklist_item=None
):
    """Record a finding; a major or minor NC opens a nonconformity (source internal audit) in the same transaction."""
    audit = _lock(audit)
    _require(can_work(user, audit))
    if audit.status == Status.CLOSED:
        raise ValidationError(_("Cuộc đánh giá đã kết thúc: không thể ghi thêm phát hiện."))
    if audit.status == Status.REPORTED:
        raise ValidationError(_("Báo cáo đã phát hành: mở lại cuộc đánh giá (nêu lý do) để ghi thêm phát hiện."))
    _check_status(audit, (Status.IN_PROGRESS,), _("Cuộc đánh giá chưa bắt đầu: chưa thể ghi phát hiện."))
    errors = {}
    clause, description = clean_text(clause), clean_text(description)
    if kind not in Finding.Kind.values:
        errors["kind"] = _("Loại phát hiện không hợp lệ.")
    if not clause:
        errors["clause"] = _("Cần ghi điều khoản (ví dụ 4.2.3.d).")
    elif len(clause) > 20:
        errors["clause"] = _("Điều khoản tối đa 20 ký tự.")
    if not description:
        errors["description"] = _("Cần mô tả phát hiện.")
    if kind in Finding.NC_KINDS and not clean_text(evidence):
        errors["evidence"] = _("Sự không phù hợp cần có bằng chứng khách quan.")
    if department is not None and department.agency_id != audit.agency_id:
        errors["department"] = _("Phòng này không thuộc cơ quan.")
    if checklist_item is not None and checklist_item.audit_id != audit.pk:
        errors["checklist_item"] = _("Câu hỏi không thuộc cuộc đánh giá này.")
    if errors:
        raise ValidationError(errors)
    number = (audit.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = Finding(
        agency=audit.agency,
        audit=audit,
        number=number,
        kind=kind,
        clause=clause,
        department=department,
        requirement=clean_text(requirement),
        description=description,
        evidence=clean_text(evidence),
        checklist_item=checklist_item,
        created_by=user,
    )
    if kind in Finding.NC_KINDS:
        scope_documents = list(audit.documents.all())
        finding.nonconformity = _open_nc(
            agency=audit.agency,
            source=Nonconformity.Source.INTERNAL_AUDIT,
            user=user,
            description=_("%(desc)s\nBằng chứng: %(evidence)s") % {"desc": description, "evidence": finding.evidence},
            department=department,
            clause=clause,
            severity=Nonconformity.Severity.MAJOR if kind == Finding.Kind.MAJOR_NC else Nonconformity.Severity.MINOR,
            source_ref=audit.code,
            # The register document when the audit's scope names exactly one process; the codes otherwise.
            document=scope_documents[0] if len(scope_documents) == 1 else None,
            process_ref="" if len(scope_documents) == 1 else ", ".join(d.code for d in scope_documents),
            detected_by=user,
        )
    save_tracked(finding, user=user, reason=_("Ghi nhận phát hiện đánh giá"))
    return finding


# ---------------------------------------------------------------------------------------------
# Read helpers


def checklist_progress(audit):
    counts = audit.checklist_items.aggregate(total=Count("pk"), answered=Count("pk", filter=~Q(answer="")))
    total, answered = counts["total"], counts["answered"]
    return {"total": total, "answered": answered, "percent": round(100 * answered / total) if total else 0}


def auditor_choices(agency):
    return User.objects.in_agency(agency).with_role(Role.AUDITOR).select_related("department").order_by("full_name")
