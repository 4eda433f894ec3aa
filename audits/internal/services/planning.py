"""Planning (AUD-1, AUD-2): the year's programme, each audit's plan and numbering, its team, and
who may be chosen as an auditor.

Independence ("auditors shall not audit their own work"): ``assert_independent`` is called by
every function that can bring an auditor and an audited area together — ``audit_create``
(direct assignment), ``audit_assign`` (lead or team change) and ``audit_update`` (scope change
after assignment). It cannot be a database constraint: it spans three many-to-many relations
(team, scope departments, scope documents) plus the auditors' own department and the documents'
owners, none of which a CHECK or UNIQUE constraint can see.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audits.capa.services import clean_text
from audits.internal.models import Audit, AuditProgramme, split_clauses
from audits.internal.services.common import check_status, is_audit_manager, lock_audit, require
from qms.core import search
from qms.core.history import save_tracked
from qms.core.models import Role, User
from qms.core.notify import notify, task_done, task_key

Status = Audit.Status


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
    require(is_audit_manager(user, agency))
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
    require(is_audit_manager(user, agency))
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
    search.refresh(audit)
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
        "internal.assigned",
        audit.get_absolute_url(),
        params={"code": audit.code, "title": audit.title},
        task=task_key(audit, "conduct"),
        agency=audit.agency,
    )


EDITABLE_FIELDS = {
    "title", "audit_type", "planned_month", "start_date", "end_date", "objectives", "criteria_clauses",
    "departments", "documents", "criteria_documents", "auditees",
}


@transaction.atomic
def audit_update(*, audit, user, **fields):
    """Change an audit's plan: title, type, dates, scope, criteria, auditees (not after the report)."""
    audit = lock_audit(audit)
    require(is_audit_manager(user, audit.agency))
    check_status(audit, (Status.PLANNED, Status.IN_PROGRESS), _("Không thể sửa kế hoạch sau khi đã phát hành báo cáo."))
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
    search.refresh(audit)
    save_tracked(audit, user=user, reason=_("Sửa kế hoạch cuộc đánh giá"))
    audit.departments.set(departments)
    audit.documents.set(documents)
    audit.criteria_documents.set(criteria_documents)
    audit.auditees.set(auditees)
    return audit


@transaction.atomic
def audit_assign(*, audit, user, lead_auditor, team=()):
    """Name the lead auditor and the team (direct assignment or a team change)."""
    audit = lock_audit(audit)
    require(is_audit_manager(user, audit.agency))
    check_status(audit, (Status.PLANNED, Status.IN_PROGRESS), _("Không thể đổi đoàn đánh giá sau khi đã phát hành báo cáo."))
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
    task_done(task_key(audit, "conduct"), users=before - audit.auditor_ids())  # taken off the audit
    _announce_assignment(audit, [p for p in [lead_auditor, *team] if p is not None and p.pk not in before])
    return audit


def auditor_choices(agency):
    return User.objects.in_agency(agency).with_role(Role.AUDITOR).select_related("department").order_by("full_name")
