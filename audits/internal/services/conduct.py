"""Carrying out the audit (AUD-4, AUD-5): starting it, findings (a nonconformity finding opens
an NC through the NC workflow's own entry point, ``nc_open``), issuing the report, reopening it,
and closing once every NC raised is verified effective (8.2.2 follow-up).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.capa.models import Nonconformity
from audits.capa.services import clean_text, nc_open
from audits.internal.models import Audit, Finding
from audits.internal.services.checklists import unanswered_items
from audits.internal.services.common import can_lead, can_work, check_status, lock_audit, require
from qms.core.history import require_reason, save_tracked
from qms.core.notify import notify, task_done, task_key

Status = Audit.Status


@transaction.atomic
def audit_start(*, audit, user):
    audit = lock_audit(audit)
    require(can_lead(user, audit))
    check_status(audit, (Status.PLANNED,), _("Chỉ bắt đầu được cuộc đánh giá đang ở trạng thái kế hoạch."))
    errors = {}
    if not (audit.start_date and audit.end_date):
        errors["start_date"] = _("Cần có ngày bắt đầu và ngày kết thúc trước khi bắt đầu đánh giá.")
    if audit.lead_auditor_id is None:
        errors["lead_auditor"] = _("Cần phân công trưởng đoàn đánh giá trước khi bắt đầu.")
    if errors:
        raise ValidationError(errors)
    audit.status = Status.IN_PROGRESS
    save_tracked(audit, user=user, reason=_("Bắt đầu đánh giá"))


# ---------------------------------------------------------------------------------------------
# Findings (AUD-4) and the NC they open


@transaction.atomic
def finding_add(
    *, audit, user, kind, clause, description, department=None, requirement="", evidence="", checklist_item=None
):
    """Record a finding; a major or minor NC opens a nonconformity (source internal audit) in the same transaction."""
    audit = lock_audit(audit)
    require(can_work(user, audit))
    if audit.status == Status.CLOSED:
        raise ValidationError(_("Cuộc đánh giá đã kết thúc: không thể ghi thêm phát hiện."))
    if audit.status == Status.REPORTED:
        raise ValidationError(_("Báo cáo đã phát hành: mở lại cuộc đánh giá (nêu lý do) để ghi thêm phát hiện."))
    check_status(audit, (Status.IN_PROGRESS,), _("Cuộc đánh giá chưa bắt đầu: chưa thể ghi phát hiện."))
    errors = {}
    clause, description = clean_text(clause), clean_text(description)
    if not kind:
        errors["kind"] = Finding.KIND_MISSING
    elif kind not in Finding.Kind.values:
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
        finding.nonconformity = nc_open(
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
# Report (AUD-5), reopening and closing


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
    audit = lock_audit(audit)
    require(can_lead(user, audit))
    check_status(audit, (Status.IN_PROGRESS,), _("Chỉ phát hành báo cáo khi cuộc đánh giá đang diễn ra."))
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
    task_done(task_key(audit, "conduct"))  # the audit is done; what follows it is in My work
    notify(
        report_recipients(audit),
        "internal.report_issued",
        audit.get_absolute_url(),
        params={"code": audit.code, "title": audit.title},
        task=None,
        agency=audit.agency,
    )
    return audit


@transaction.atomic
def audit_reopen(*, audit, user, reason):
    """reported → in_progress, with a reason (a finding was missed, the report needs correcting)."""
    audit = lock_audit(audit)
    require(can_lead(user, audit))
    check_status(audit, (Status.REPORTED,), _("Chỉ mở lại được cuộc đánh giá đã phát hành báo cáo."))
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
    audit = lock_audit(audit)
    require(can_lead(user, audit))
    check_status(audit, (Status.REPORTED,), _("Chỉ kết thúc được cuộc đánh giá đã phát hành báo cáo."))
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
