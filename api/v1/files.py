"""One-stop files (hồ sơ một cửa): the register and one file (scope cases:read), receiving a file at the desk,
taking, completing and returning a step, recording and returning the result (scope cases:write), and a file's
public status by its code (anyone, applicant's initials only, limited per address).

No second rulebook: who may do what is cases/files/permissions.py and the page's role checks (the desk's clerks
receive and return, any member takes a step the service lets them take), the filters are the register's own
filterset (cases/files/filters.CaseFilter), every change is a named service of cases.files.services, whose history
names the token's owner. A service's refusal keyed by a field is bad input (422 with field errors); one that is not
(a step another person already took, a file not in the state the action needs) is a conflict with the file's
state (409), with the service's message. The applicant's details appear in one file's answer only for those the
page shows them to, and each such answer is logged in PersonalDataAccess as the page's showing is; the list gives
initials only and searches by code only, so it reveals no personal data.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from api.v1 import auth
from api.v1.pagination import PageParams, paginate
from api.v1.problems import ApiProblem, choice, errors
from cases.files import services as svc
from cases.files.filters import CaseFilter
from cases.files.models import ApplicantKind, Case, CaseStep, Channel, Handover, Outcome, PersonalDataAccess, ReturnMethod
from cases.files.permissions import CLERKS, MEMBERS, sees_applicant
from cases.public import services as public_services
from processes.documents.models import Document, Revision
from qms.core import access, search
from qms.core.models import User
from qms.core.network import client_ip

router = Router()
READ, WRITE = "cases:read", "cases:write"
CASE_STATUS, STEP_STATE = choice(Case.Status), choice(CaseStep.State)
KIND, CHANNEL, METHOD = choice(ApplicantKind), choice(Channel), choice(ReturnMethod)
OUTCOME, HANDOVER_KIND = choice(Outcome), choice(Handover.Kind)
# The service's field names → the API's (the desk form chooses a revision; the API names the procedure).
FIELDS = {"revision": "procedure"}


class FileFilters(Schema):
    q: str | None = None
    procedure: int | None = None
    department: int | None = None
    status: CASE_STATUS | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    late: bool | None = None


class FileItem(Schema):
    id: int
    code: str
    procedure_id: int
    procedure_code: str
    procedure_title: str
    applicant_initials: str
    sets: int
    channel: CHANNEL
    status: CASE_STATUS
    status_label: str
    received_at: datetime.datetime
    appointment_at: datetime.datetime | None
    new_appointment_at: datetime.datetime | None
    result_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    is_late: bool
    current_step_id: int | None


class FilePage(Schema):
    items: list[FileItem]
    next_cursor: str | None


class Applicant(Schema):
    kind: KIND
    name: str
    id_number: str
    address: str
    phone: str
    email: str


class StepOut(Schema):
    id: int
    order: int
    code: str
    description: str
    responsibility: str
    department: str | None
    assignee: str | None
    time_text: str
    state: STEP_STATE
    started_at: datetime.datetime | None
    due_at: datetime.datetime | None
    taken_by: str | None
    taken_at: datetime.datetime | None
    done_at: datetime.datetime | None
    outcome: OUTCOME | None
    note: str
    returned_count: int
    return_reason: str


class HandoverOut(Schema):
    kind: HANDOVER_KIND
    step_id: int | None
    from_user: str
    to_user: str | None
    to_department: str | None
    at: datetime.datetime
    result: OUTCOME | None
    note: str


class Paper(Schema):
    name: str
    received: bool


class FileDetail(FileItem):
    revision_id: int
    procedure_number: str
    applicant: Applicant | None  # only for those who may see it (cases/files/permissions.sees_applicant)
    papers: list[Paper]
    received_by: str
    supplement_request: str
    result_text: str
    return_method: METHOD | None
    outcome: OUTCOME | None
    steps: list[StepOut]
    handovers: list[HandoverOut]


class ReceiveIn(Schema):
    procedure: int = Field(description="The procedure document's id; the file follows its effective revision.")
    applicant_name: str = Field(min_length=1, max_length=255)
    applicant_kind: KIND = ApplicantKind.PERSON
    applicant_id_number: str = Field("", max_length=40)
    applicant_address: str = Field("", max_length=255)
    applicant_phone: str = Field("", max_length=40)
    applicant_email: str = Field("", max_length=254)
    papers: list[str] = Field(default_factory=list, description="The names of the papers handed in, as the "
                                                                "revision's dossier lists them; all are needed.")
    sets: int = Field(1, ge=1, le=99)
    channel: CHANNEL = Channel.DESK


class CompleteIn(Schema):
    note: str = Field("", max_length=2000)
    to_user: int | None = Field(None, description="Hand the next step to this person (else to its department).")


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class ResultIn(Schema):
    result_text: str = Field(min_length=1, max_length=5000)


class ReturnIn(Schema):
    method: METHOD


class StepAnswer(Schema):
    file: FileDetail
    active_step_id: int | None


class PublicStatus(Schema):
    code: str
    agency: str
    procedure: str
    procedure_number: str
    applicant_initials: str
    status: CASE_STATUS
    status_label: str
    received_at: datetime.datetime
    appointment_at: datetime.datetime | None
    new_appointment_at: datetime.datetime | None
    result_at: datetime.datetime | None
    returned_at: datetime.datetime | None


def _name(user):
    return user.display_name if user is not None else None


def _opt(value):
    return value or None  # "" in the model is "none yet" in the API (enums have no empty member)


def _item(case):
    return dict(
        id=case.pk, code=case.code, procedure_id=case.document_id, procedure_code=case.document.code,
        procedure_title=case.document.title, applicant_initials=case.initials, sets=case.sets, channel=case.channel,
        status=case.status, status_label=case.get_status_display(), received_at=case.received_at,
        appointment_at=case.appointment_at, new_appointment_at=case.new_appointment_at, result_at=case.result_at,
        returned_at=case.returned_at, is_late=case.late_at(), current_step_id=case.current_step_id)


def _members(user):
    """The page's rule: any member of an agency (oversight refused with 403 before any file is looked at)."""
    access.require_agency(user)
    access.require_role(user, *MEMBERS)


def _clerk(user):
    access.require_agency(user)
    access.require_role(user, *CLERKS, action=_("tiếp nhận và trả kết quả tại Bộ phận một cửa"))


def _files(user):
    return access.scoped(Case.objects.select_related("document"), user)


@router.get("/files", response={200: FilePage, **errors(401, 403, 422, 429)}, auth=auth.token(READ))
def file_list(request, filters: Query[FileFilters], page: Query[PageParams]):
    """The agency's register of one-stop files (form 06), filtered as on its page; applicants by initials only,
    search by the file's code."""
    _members(request.user)
    data = {k: str(v) for k, v in filters.dict().items() if v is not None and k not in ("q", "procedure", "late")}
    if filters.procedure is not None:
        data["document"] = str(filters.procedure)
    if filters.late is not None:
        data["late"] = "yes" if filters.late else "no"
    filterset = CaseFilter(data, queryset=_files(request.user), agency=request.user.agency)
    if not filterset.is_valid():
        raise ApiProblem(422, _("Bộ lọc không hợp lệ."),
                         errors={FIELDS.get(k, "procedure" if k == "document" else k): v
                                 for k, v in filterset.errors.items()})
    queryset = search.apply(filterset.qs, search.parse(filters.q), "search_code")
    rows, cursor = paginate(queryset, page.cursor, page.limit)
    return {"items": [_item(case) for case in rows], "next_cursor": cursor}


def _detail(request, case):
    """One file as its page shows it; the applicant's details for those who may see them, the showing logged."""
    steps = list(case.steps.select_related("department", "assignee", "taken_by").order_by("order"))
    handovers = case.handovers.select_related("from_user", "to_user", "to_department").order_by("at", "pk")
    applicant = None
    if sees_applicant(request.user, case, steps) and case.personal_data_erased_at is None:
        PersonalDataAccess.objects.create(case=case, agency=case.agency, user=request.user, what="api_detail")
        applicant = dict(kind=case.applicant_kind, name=case.applicant_name, id_number=case.applicant_id_number,
                         address=case.applicant_address, phone=case.applicant_phone, email=case.applicant_email)
    return dict(
        _item(case), revision_id=case.revision_id, procedure_number=case.document.procedure_code or "",
        applicant=applicant, papers=[{"name": str(p.get("name", "")), "received": bool(p.get("received"))}
                                     for p in case.papers if isinstance(p, dict)],
        received_by=case.received_by.display_name, supplement_request=case.supplement_request,
        result_text=case.result_text, return_method=_opt(case.return_method), outcome=_opt(case.outcome),
        steps=[dict(id=s.pk, order=s.order, code=s.code, description=s.description, responsibility=s.responsibility,
                    department=s.department.name if s.department_id else None, assignee=_name(s.assignee),
                    time_text=s.time_text, state=s.state, started_at=s.started_at, due_at=s.due_at,
                    taken_by=_name(s.taken_by), taken_at=s.taken_at, done_at=s.done_at, outcome=_opt(s.outcome),
                    note=s.note, returned_count=s.returned_count, return_reason=s.return_reason) for s in steps],
        handovers=[dict(kind=h.kind, step_id=h.step_id, from_user=h.from_user.display_name, to_user=_name(h.to_user),
                        to_department=h.to_department.name if h.to_department_id else None, at=h.at,
                        result=_opt(h.result), note=h.note) for h in handovers])


def _case(request, file_id):
    return access.get_scoped_or_404(Case.objects.select_related("document", "received_by"), request.user,
                                    pk=file_id)


@router.get("/files/{int:file_id}", response={200: FileDetail, **errors(401, 403, 404, 429)}, auth=auth.token(READ))
def file_detail(request, file_id: int):
    """One file: its procedure, dates, steps with their due times and outcomes, hand-overs; the applicant's
    details only for the desk, the coordinator and the file's handlers (each such read logged)."""
    _members(request.user)
    return _detail(request, _case(request, file_id))


def _run(service, **kwargs):
    """A service's refusal: by field → 422 with field errors; otherwise a conflict with the file's state → 409."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            fields = {FIELDS.get(k, k): v for k, v in exc.message_dict.items()}
            raise ApiProblem(422, " ".join(exc.messages), errors=fields)
        raise ApiProblem(409, " ".join(exc.messages))


class Receivable(Schema):
    procedure: int
    code: str
    title: str
    procedure_number: str
    revision_id: int
    processing_time_days: int
    papers: list[str]


class ReceivablePage(Schema):
    items: list[Receivable]


@router.get("/files/procedures", response={200: ReceivablePage, **errors(401, 403, 429)}, auth=auth.token(READ))
def file_procedures(request):
    """What the desk may receive files under (the receive page's choice): each effective procedure with its
    processing time and the names of its dossier's papers, exactly as ``papers`` of a new file must give them."""
    _members(request.user)
    revisions = svc.effective_procedures(request.user.agency).only(
        "id", "agency_id", "dossier", "processing_time_days", "document__id", "document__code", "document__title",
        "document__procedure_code")
    return {"items": [dict(procedure=r.document_id, code=r.document.code, title=r.document.title,
                           procedure_number=r.document.procedure_code or "", revision_id=r.pk,
                           processing_time_days=r.processing_time_days, papers=svc.dossier_papers(r))
                      for r in revisions]}


def _revision(agency, procedure_id):
    """The revision the desk would receive under: the effective one of that procedure if any, else its latest
    (which the service then refuses, saying why). Not a procedure of the caller's agency: a field error."""
    document = Document.objects.filter(pk=procedure_id, agency=agency, doc_type=Document.Type.PROCEDURE).first()
    if document is None:
        raise ApiProblem(422, _("Không có thủ tục hành chính này trong cơ quan."),
                         errors={"procedure": [_("Không có thủ tục hành chính này trong cơ quan.")]})
    revisions = Revision.objects.filter(document=document).select_related("document")
    revision = revisions.filter(status=Revision.Status.EFFECTIVE).first() or revisions.order_by("-pk").first()
    if revision is None:  # a procedure registered with no issue yet
        message = _("Chỉ tiếp nhận hồ sơ theo quy trình đang hiệu lực của cơ quan.")
        raise ApiProblem(422, message, errors={"procedure": [message]})
    return revision


@router.post("/files", response={201: FileDetail, **errors(400, 401, 403, 422, 429)}, auth=auth.token(WRITE))
def file_receive(request, payload: ReceiveIn):
    """Receive a complete file at the desk (form 01): code, appointment from the working-day calendar, the steps
    of the procedure's effective revision, the first one started; the history names the token's owner."""
    _clerk(request.user)
    agency = request.user.agency
    revision = _revision(agency, payload.procedure)
    if payload.applicant_email.strip():
        try:
            validate_email(payload.applicant_email.strip())
        except ValidationError:
            raise ApiProblem(422, _("Thư điện tử không hợp lệ."),
                             errors={"applicant_email": [_("Thư điện tử không hợp lệ.")]})
    intake = svc.Intake(
        agency=agency, revision=revision, applicant_kind=payload.applicant_kind, applicant_name=payload.applicant_name,
        applicant_id_number=payload.applicant_id_number, applicant_address=payload.applicant_address,
        applicant_phone=payload.applicant_phone, applicant_email=payload.applicant_email.strip(),
        papers=payload.papers, sets=payload.sets, channel=payload.channel)
    case = _run(svc.case_receive, user=request.user, intake=intake)
    return Status(201, _detail(request, _case(request, case.pk)))


def _step(request, step_id):
    _members(request.user)
    return access.get_scoped_or_404(CaseStep.objects.select_related("case"), request.user, pk=step_id)


def _after(request, step, active):
    return {"file": _detail(request, _case(request, step.case_id)), "active_step_id": active.pk if active else None}


STEP_ANSWERS = {200: StepAnswer, **errors(400, 401, 403, 404, 409, 422, 429)}


@router.post("/steps/{int:step_id}/take", response=STEP_ANSWERS, auth=auth.token(WRITE))
def file_step_take(request, step_id: int):
    """Take the file's active step (its assignee, else its department, else anyone of the agency). A step someone
    else took first: 409, saying who and when."""
    step = _step(request, step_id)
    taken = _run(svc.step_take, step=step, user=request.user)
    return _after(request, step, taken)


@router.post("/steps/{int:step_id}/complete", response=STEP_ANSWERS, auth=auth.token(WRITE))
def file_step_complete(request, step_id: int, payload: CompleteIn):
    """Complete the step one holds: its outcome against its due time is kept and the file handed to the next step
    (to ``to_user`` if named); after the last one the result is ready for the desk."""
    step = _step(request, step_id)
    to_user = None
    if payload.to_user is not None:
        to_user = User.objects.filter(pk=payload.to_user, agency_id=step.agency_id, is_active=True).first()
        if to_user is None:
            raise ApiProblem(422, _("Không có người này trong cơ quan."),
                             errors={"to_user": [_("Không có người này trong cơ quan.")]})
    following = _run(svc.step_complete, step=step, user=request.user, note=payload.note, to_user=to_user)
    return _after(request, step, following)


@router.post("/steps/{int:step_id}/return", response=STEP_ANSWERS, auth=auth.token(WRITE))
def file_step_return(request, step_id: int, payload: ReasonIn):
    """Send the file back to the previous step for more information (the reason is required)."""
    step = _step(request, step_id)
    previous = _run(svc.step_return_for_information, step=step, user=request.user, reason=payload.reason)
    return _after(request, step, previous)


FILE_ANSWERS = {200: FileDetail, **errors(400, 401, 403, 404, 409, 422, 429)}


@router.post("/files/{int:file_id}/result", response=FILE_ANSWERS, auth=auth.token(WRITE))
def file_result(request, file_id: int, payload: ResultIn):
    """Record what the result is (the licence's number…), once the last step is done."""
    _clerk(request.user)
    case = _case(request, file_id)
    _run(svc.case_record_result, case=case, user=request.user, result_text=payload.result_text)
    return _detail(request, _case(request, file_id))


@router.post("/files/{int:file_id}/return", response=FILE_ANSWERS, auth=auth.token(WRITE))
def file_return(request, file_id: int, payload: ReturnIn):
    """The result handed to the applicant (in person, by post, online)."""
    _clerk(request.user)
    case = _case(request, file_id)
    _run(svc.case_return, case=case, user=request.user, method=payload.method)
    return _detail(request, _case(request, file_id))


@router.get("/public/files/{code}", response={200: PublicStatus, **errors(401, 403, 404, 429)},
            auth=auth.public(READ))
def file_status(request, code: str):
    """A file's status by its code, for the applicant: procedure, dates, status; the applicant by initials only.

    Codes follow each other (<AGENCY>-<yymmdd>-<nnnn>), so anyone could walk them: anonymous lookups go through the
    status page's limiter (cases.public.services, QMS_CASE_LOOKUPS_PER_HOUR per address, a keyed hash kept a day),
    counted together with the page's, and are refused past it. A caller with a token is known and logged on every
    use, and is not limited."""
    try:
        case = (public_services.by_code(code) if request.api_token is not None
                else public_services.find_by_code(code=code, ip=client_ip(request)))
    except public_services.TooManyLookups:
        raise ApiProblem(429, _("Tra cứu quá nhiều hồ sơ từ địa chỉ này. Vui lòng thử lại sau một giờ."),
                         slug="lookup-limit", headers={"Retry-After": "3600"}) from None
    if case is None:
        raise ApiProblem(404, _("Không tìm thấy hồ sơ với mã này."))
    return dict(code=case.code, agency=case.agency.name, procedure=case.document.title,
                procedure_number=case.document.procedure_code or "", applicant_initials=case.initials,
                status=case.status, status_label=case.get_status_display(), received_at=case.received_at,
                appointment_at=case.appointment_at, new_appointment_at=case.new_appointment_at,
                result_at=case.result_at, returned_at=case.returned_at)
