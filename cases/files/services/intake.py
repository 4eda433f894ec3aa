"""The desk: receiving a file (form 01), asking for supplements (form 02), refusing (form 03), the applicant's
supplements coming in, a withdrawal. Each is one transaction; bad input raises a ValidationError keyed by field
with a Vietnamese message, and nothing is saved."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.files import hooks
from cases.files.models import ApplicantKind, Case, CaseCounter, CaseStep, Channel, Handover
from cases.files.services.common import calendar, clean_text, locked_case, refresh_search, refuse_unless
from cases.files.services.routing import build_steps, start_step
from processes.documents.models import Document, Revision
from qms.core.history import save_tracked
from qms.core.locks import serialise_on
from qms.core.notify import task_done, task_key

_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d+[.)])\s*")


def dossier_papers(revision):
    """The papers the revision's dossier (5.2) lists, one per line, without bullets or numbering."""
    papers = []
    for line in (revision.dossier or "").splitlines():
        name = clean_text(_BULLET.sub("", line), 500)
        if name and name not in papers:
            papers.append(name)
    return papers


def effective_procedures(agency):
    """The procedures the desk may receive files under: effective, not withdrawn, with a processing time."""
    return (Revision.objects.filter(agency=agency, status=Revision.Status.EFFECTIVE,
                                    document__doc_type=Document.Type.PROCEDURE, document__withdrawn_at__isnull=True,
                                    processing_time_days__isnull=False)
            .select_related("document").order_by("document__code"))


@dataclass
class Intake:
    """What the desk typed for a new file (the receive form's cleaned data)."""

    agency: object
    revision: object
    applicant_name: str
    applicant_kind: str = ApplicantKind.PERSON
    applicant_id_number: str = ""
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    papers: list = field(default_factory=list)  # the names ticked
    sets: int = 1
    channel: str = Channel.DESK


def appointment(agency, revision, start):
    """The promised date: the revision's processing time in working days from ``start`` (qms.core.workdays)."""
    return calendar(agency).add(start, days=revision.processing_time_days)


def _check(intake):
    errors = {}
    revision = intake.revision
    if revision is None:
        errors["revision"] = _("Cần chọn thủ tục hành chính.")
    elif (revision.agency_id != intake.agency.pk or revision.status != Revision.Status.EFFECTIVE
          or revision.document.doc_type != Document.Type.PROCEDURE or revision.document.withdrawn_at is not None):
        errors["revision"] = _("Chỉ tiếp nhận hồ sơ theo quy trình đang hiệu lực của cơ quan.")
    elif revision.processing_time_days is None:
        errors["revision"] = _("Quy trình chưa ghi thời gian xử lý (mục 5.4): chưa tính được ngày hẹn trả. "
                               "Đề nghị thư ký ISO bổ sung trong lần ban hành mới.")
    if not clean_text(intake.applicant_name):
        errors["applicant_name"] = _("Cần ghi tên người nộp hồ sơ hoặc tên tổ chức.")
    if intake.applicant_kind not in ApplicantKind.values:
        errors["applicant_kind"] = _("Chọn người nộp là cá nhân hay tổ chức.")
    if intake.channel not in Channel.values:
        errors["channel"] = _("Chọn hình thức nộp hồ sơ.")
    if not isinstance(intake.sets, int) or not 1 <= intake.sets <= 99:
        errors["sets"] = _("Số bộ hồ sơ phải từ 1 đến 99.")
    if errors:
        raise ValidationError(errors)


def papers_of(revision, ticked):
    """Every listed paper with whether it was handed in, and the names missing. A name not in the list
    (a forged form) is refused."""
    listed = dossier_papers(revision)
    ticked = [clean_text(t) for t in ticked or []]
    unknown = [t for t in ticked if t not in listed]
    if unknown:
        raise ValidationError({"papers": _("Thành phần hồ sơ không có trong quy trình: %(names)s.")
                               % {"names": "; ".join(unknown)[:300]}})
    papers = [{"name": name, "received": name in ticked} for name in listed]
    return papers, [p["name"] for p in papers if not p["received"]]


def allocate_code(agency, when):
    """The next file code of the agency in the year of ``when``: <AGENCY>-<yymmdd>-<nnnn>. The counter row is
    locked (advisory lock on PostgreSQL first, so two first files of a year do not both create it)."""
    local = timezone.localtime(when)
    serialise_on(f"cases.counter:{agency.pk}:{local.year}")
    CaseCounter.objects.get_or_create(agency=agency, year=local.year)
    counter = CaseCounter.objects.select_for_update().get(agency=agency, year=local.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{agency.code.upper()}-{local:%y%m%d}-{counter.last_number:04d}", local.year, counter.last_number


def _new_case(intake, user, now, status, papers):
    code, year, number = allocate_code(intake.agency, now)
    case = Case(
        agency=intake.agency, document=intake.revision.document, revision=intake.revision, code=code, year=year,
        number=number, applicant_kind=intake.applicant_kind, applicant_name=clean_text(intake.applicant_name, 255),
        applicant_id_number=clean_text(intake.applicant_id_number, 40),
        applicant_address=clean_text(intake.applicant_address, 255),
        applicant_phone=clean_text(intake.applicant_phone, 40), applicant_email=clean_text(intake.applicant_email, 254),
        papers=papers, sets=intake.sets, channel=intake.channel, received_at=now, received_by=user, status=status,
        created_at=now)
    return refresh_search(case)


def _start_handling(case, user, now):
    """The first step starts now (its due time from the calendar) and the hand-over is recorded."""
    first = case.steps.order_by("order").first()
    if first is None:
        return None
    start_step(case, first, user=user, now=now, kind=Handover.Kind.RECEIPT)
    return first


@transaction.atomic
def case_receive(*, user, intake, now=None):
    """Receive a complete file under the effective revision of a procedure: code allocated, appointment computed
    (processing time in working days), steps copied from the revision's table, the first one started."""
    now = now or timezone.now()
    _check(intake)
    papers, missing = papers_of(intake.revision, intake.papers)
    if missing:
        raise ValidationError({"papers": _("Hồ sơ chưa đủ thành phần (%(n)s giấy tờ chưa có). Lập phiếu yêu cầu bổ "
                                           "sung, hoàn thiện hồ sơ thay vì tiếp nhận.") % {"n": len(missing)}})
    case = _new_case(intake, user, now, Case.Status.RECEIVED, papers)
    case.appointment_at = appointment(intake.agency, intake.revision, now)
    save_tracked(case, user=user, reason=_("Tiếp nhận hồ sơ"))
    build_steps(case)
    _start_handling(case, user, now)
    hooks.counted(case, hooks.RECEIVED)
    return case


@transaction.atomic
def case_request_supplement(*, user, text, case=None, intake=None, now=None):
    """Form 02: what must be added or corrected, once and completely. At the desk (``intake``) the file is
    recorded with its code and nothing runs; during handling (``case``) the clock stops until it comes back."""
    now = now or timezone.now()
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Cần ghi rõ giấy tờ cần bổ sung, hoàn thiện và lý do.")})
    if (case is None) == (intake is None):
        raise ValueError("case_request_supplement: give exactly one of case and intake")
    if intake is not None:
        _check(intake)
        papers, _missing = papers_of(intake.revision, intake.papers)
        case = _new_case(intake, user, now, Case.Status.SUPPLEMENT, papers)
    else:
        case = locked_case(case)
        refuse_unless(case, Case.Status.RECEIVED, Case.Status.IN_PROGRESS)
        case.status = Case.Status.SUPPLEMENT
    case.supplement_request, case.supplement_requested_at, case.supplement_requested_by = text, now, user
    save_tracked(case, user=user, reason=_("Yêu cầu bổ sung, hoàn thiện hồ sơ"))
    if intake is not None:
        build_steps(case)
        hooks.counted(case, hooks.RECEIVED)
    return case


@transaction.atomic
def case_supplements_received(*, case, user, papers, now=None):
    """The applicant brought what was asked: the time limit runs again in full from now (Decree 61, art. 18)."""
    now = now or timezone.now()
    case = locked_case(case)
    refuse_unless(case, Case.Status.SUPPLEMENT)
    listed, missing = papers_of(case.revision, papers)
    if missing:
        raise ValidationError({"papers": _("Vẫn còn %(n)s giấy tờ chưa có: chưa tiếp tục giải quyết được.")
                               % {"n": len(missing)}})
    case.papers = listed
    case.appointment_at = appointment(case.agency, case.revision, now)
    active = case.steps.filter(state=CaseStep.State.ACTIVE).first()
    taken = case.steps.filter(taken_by__isnull=False).exists()
    case.status = Case.Status.IN_PROGRESS if taken else Case.Status.RECEIVED
    save_tracked(case, user=user, reason=_("Đã nhận đủ hồ sơ bổ sung"))
    if active is None:
        _start_handling(case, user, now)
    else:
        active.due_at = calendar(case.agency).add(now, days=active.planned_days, hours=active.planned_hours)
        save_tracked(active, user=user, reason=_("Đã nhận đủ hồ sơ bổ sung"))
    return case


def _stop_handling(case, user, reason):
    """A refused or withdrawn file leaves every queue: its active step goes back to pending, tasks are done."""
    for step in case.steps.filter(state=CaseStep.State.ACTIVE):
        step.state = CaseStep.State.PENDING
        save_tracked(step, user=user, reason=reason)
        task_done(task_key(step))
    case.current_step = None


@transaction.atomic
def case_refuse(*, user, reasons, legal_basis, case=None, intake=None, now=None):
    """Form 03: refusal to accept or to decide the file, with reasons and their legal basis."""
    now = now or timezone.now()
    reasons, legal_basis = clean_text(reasons), clean_text(legal_basis)
    errors = {}
    if not reasons:
        errors["reasons"] = _("Cần ghi lý do từ chối.")
    if not legal_basis:
        errors["legal_basis"] = _("Cần ghi căn cứ pháp lý của việc từ chối.")
    if errors:
        raise ValidationError(errors)
    if (case is None) == (intake is None):
        raise ValueError("case_refuse: give exactly one of case and intake")
    if intake is not None:
        _check(intake)
        papers, _missing = papers_of(intake.revision, intake.papers)
        case = _new_case(intake, user, now, Case.Status.REFUSED, papers)
    else:
        case = locked_case(case)
        refuse_unless(case, *Case.OPEN)
        _stop_handling(case, user, _("Từ chối giải quyết hồ sơ"))
        case.status = Case.Status.REFUSED
    case.refusal_reasons, case.refusal_legal_basis, case.refused_at, case.refused_by = reasons, legal_basis, now, user
    save_tracked(case, user=user, reason=_("Từ chối tiếp nhận, giải quyết hồ sơ"))
    if intake is not None:  # refused at the desk: received and refused at once (a file refused later was counted)
        hooks.counted(case, hooks.RECEIVED)
    return case


@transaction.atomic
def case_withdraw(*, case, user, reason, now=None):
    """The applicant withdraws an open file (their written request, kept as the reason)."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do, theo đơn rút hồ sơ của người nộp.")})
    case = locked_case(case)
    refuse_unless(case, *Case.OPEN)
    _stop_handling(case, user, _("Công dân rút hồ sơ"))
    case.status, case.withdrawn_at, case.withdrawal_reason = Case.Status.WITHDRAWN, now or timezone.now(), reason
    save_tracked(case, user=user, reason=_("Công dân rút hồ sơ"))
    return case


