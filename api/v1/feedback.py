"""Citizens' feedback: submit to an agency and read its status (public, with the public pages' rules and
per-address limit: audits/feedback/services.feedback_submit), and the agency's inbox for its managers
(scope feedback:read). A token that submits must hold feedback:write; the history then names its owner."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from api.v1 import auth
from api.v1.pagination import PageParams, paginate
from api.v1.problems import ApiProblem, choice, errors
from audits.feedback import services as fsvc
from audits.feedback.models import Feedback
from audits.feedback.views import CODE_SHAPE
from qms.core import access
from qms.core.models import Agency
from qms.core.network import client_ip

router = Router()
FEEDBACK_STATUS = choice(Feedback.Status)


class FeedbackIn(Schema):
    content: str = Field(min_length=1)
    name: str = ""
    contact: str = ""
    procedure: str = ""


class FeedbackStatus(Schema):
    tracking_code: str
    agency: str
    created_at: datetime.datetime
    procedure: str
    status: FEEDBACK_STATUS
    status_label: str
    answer: str | None
    answered_at: datetime.datetime | None


def _status(feedback):
    answered = feedback.status == Feedback.Status.ANSWERED
    return dict(tracking_code=feedback.tracking_code, agency=feedback.agency.name, created_at=feedback.created_at,
                procedure=feedback.procedure, status=feedback.status, status_label=feedback.get_status_display(),
                answer=feedback.answer if answered else None, answered_at=feedback.answered_at if answered else None)


@router.post("/public/agencies/{code}/feedback", response={201: FeedbackStatus, **errors(400, 401, 403, 404, 422, 429)},
             auth=auth.public("feedback:write"))
def feedback_submit(request, code: str, payload: FeedbackIn):
    """Send a citizen's feedback to an agency; the answer gives the tracking code for its status."""
    agency = get_object_or_404(Agency, code=code[:60], is_active=True)
    try:
        feedback = fsvc.feedback_submit(agency=agency, content=payload.content, name=payload.name,
                                        contact=payload.contact, procedure=payload.procedure, ip=client_ip(request))
    except fsvc.FeedbackRefused as refused:
        raise ApiProblem(429, refused.message, slug="feedback-limit")
    return Status(201, _status(feedback))


@router.get("/public/feedback/{code}", response={200: FeedbackStatus, **errors(401, 403, 404, 422, 429)},
            auth=auth.public("feedback:read"))
def feedback_status(request, code: str):
    """What the public status page shows for a tracking code: the status and the agency's answer."""
    code = code.strip().upper()
    feedback = (Feedback.objects.select_related("agency").filter(tracking_code=code).first()
                if CODE_SHAPE.fullmatch(code) else None)
    if feedback is None:
        raise ApiProblem(404, _("Không tìm thấy phản ánh với mã này."))
    return _status(feedback)


class FeedbackItem(FeedbackStatus):
    id: int
    content: str
    name: str
    contact: str
    nc_id: int | None


class FeedbackPage(Schema):
    items: list[FeedbackItem]
    next_cursor: str | None


@router.get("/feedback", response={200: FeedbackPage, **errors(401, 403, 422, 429)}, auth=auth.token("feedback:read"))
def feedback_list(request, page: Query[PageParams], status: FEEDBACK_STATUS | None = None):
    """The agency's feedback inbox, for the managers who answer it (as the inbox page)."""
    access.require_agency(request.user)
    access.require_role(request.user, *access.MANAGERS)
    items = access.scoped(Feedback.objects.select_related("agency"), request.user)
    if status:
        items = items.filter(status=status)
    rows, cursor = paginate(items, page.cursor, page.limit)
    return {"items": [dict(_status(f), id=f.pk, content=f.content, name=f.name, contact=f.contact, nc_id=f.nc_id)
                      for f in rows], "next_cursor": cursor}
