"""PDF copies through the same rules and copy register as the pages (processes/copies): uncontrolled copies of
an issue, controlled copies held by the caller (or, for the agency's managers, any of its controlled copies), a
copy code's verification, and the public list of an agency's procedures (no token needed, like the front door).

A download is a row of the copy register, as from a page. ``If-None-Match`` with the ETag of an earlier
download (the master PDF's checksum and, for a controlled copy, its code) answers 304 and writes nothing: the
caller holds a copy stamped from the same master already.
"""

import datetime
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from api.v1 import auth, etag
from api.v1.pagination import PageParams, paginate
from api.v1.problems import ApiProblem, errors
from processes.copies import permissions as copy_perms
from processes.copies import services as pdfs
from processes.copies.models import Copy, MasterPDF
from processes.documents import permissions as perms
from processes.documents import services as doc_services
from processes.documents.models import Revision
from processes.public import views as front_door
from qms.core import access, downloads, search
from qms.core.models import Agency

router = Router()
S = Revision.Status
K = Copy.Kind
SCOPE = "documents:read"
PDF_ANSWERS = {200: None, 304: None, **errors(401, 403, 404, 409, 429)}


def _pdf(request, revision, tag, make):
    if etag.matches(request, tag):
        return etag.not_modified(tag)
    try:
        download = make()
    except pdfs.MasterNotReady:
        raise ApiProblem(409, _("Bản gốc PDF của lần ban hành này đang được tạo. Vui lòng thử lại sau ít phút."),
                         slug="master-not-ready", headers={"Retry-After": "60"})
    except pdfs.MasterIntegrityError:
        raise ApiProblem(409, _("Tệp bản gốc PDF không khớp với mã kiểm tra đã lưu, nên hệ thống không cấp bản sao "
                                "từ tệp này."), slug="master-integrity")
    response = downloads.file_response(io.BytesIO(download.pdf), filename=download.filename,
                                       content_type="application/pdf")
    response["ETag"] = tag
    response["X-Copy-Code"] = download.copy.code
    return response


def _master_sum(revision):
    return MasterPDF.objects.filter(revision=revision).values_list("sha256", flat=True).first() or ""


@router.get("/revisions/{int:revision_id}/uncontrolled.pdf", response=PDF_ANSWERS, auth=auth.token(SCOPE))
def revision_uncontrolled_pdf(request, revision_id: int):
    """An uncontrolled copy of an issue in force or approved (a new copy in the register per download)."""
    revision = get_object_or_404(access.scoped(Revision.objects.select_related("document"), request.user),
                                 pk=revision_id)
    if not copy_perms.can_download_uncontrolled(request.user, revision):
        if revision.status not in (S.EFFECTIVE, S.APPROVED) or not perms.can_view_revision(request.user, revision):
            raise Http404
        raise PermissionDenied
    tag = etag.make("uncontrolled", revision.pk, _master_sum(revision))
    return _pdf(request, revision, tag, lambda: pdfs.download_reader_copy(revision=revision, user=request.user,
                                                                          kind=K.UNCONTROLLED))


@router.get("/copies/{int:copy_id}/controlled.pdf", response=PDF_ANSWERS, auth=auth.token(SCOPE))
def copy_controlled_pdf(request, copy_id: int):
    """A controlled copy: its holder, or the agency's managers (the download is written in the register)."""
    copy = access.get_scoped_or_404(Copy.objects.select_related("revision", "revision__document", "agency"),
                                    request.user, pk=copy_id)
    if copy.kind != K.CONTROLLED:
        raise Http404
    if not copy_perms.can_download_controlled(request.user, copy):
        raise PermissionDenied
    tag = etag.make("controlled", copy.code, _master_sum(copy.revision))
    return _pdf(request, copy.revision, tag, lambda: pdfs.download_controlled_copy(copy=copy, user=request.user))


class CopyItem(Schema):
    id: int
    code: str
    number: int | None
    revision_id: int
    document_code: str
    issue: str
    holder: str
    department: str
    issued_at: datetime.datetime
    recall_requested_at: datetime.datetime | None
    recalled_at: datetime.datetime | None


class CopyPage(Schema):
    items: list[CopyItem]
    next_cursor: str | None


@router.get("/copies", response={200: CopyPage, **errors(401, 403, 422, 429)}, auth=auth.token(SCOPE))
def copy_list(request, page: Query[PageParams], recalled: bool | None = None):
    """The controlled copies the caller may download: those they hold; every one of the agency for managers.
    ``recalled=false``: only the copies still in use (not returned)."""
    copies = access.scoped(Copy.objects.controlled(), request.user).select_related("revision", "revision__document")
    if recalled is not None:
        copies = copies.filter(recalled_at__isnull=not recalled)
    if not perms.is_doc_manager(request.user):
        copies = copies.filter(holder=request.user)
    rows, cursor = paginate(copies, page.cursor, page.limit)
    return {"items": [dict(id=c.pk, code=c.code, number=c.number, revision_id=c.revision_id,
                           document_code=c.revision.document.code, issue=c.revision.issue_label,
                           holder=c.holder_name, department=c.department_name, issued_at=c.issued_at,
                           recall_requested_at=c.recall_requested_at, recalled_at=c.recalled_at) for c in rows],
            "next_cursor": cursor}


class VerificationOut(Schema):
    code: str
    document_code: str
    document_title: str
    issue: str
    kind: str
    number: str
    status: str
    current_issue: str
    current_since: datetime.date | None
    recalled: bool
    recalled_on: datetime.date | None
    issued_on: datetime.date
    agency_name: str
    agency_code: str


@router.get("/verify/{code}", response={200: VerificationOut, **errors(401, 403, 404, 429)}, auth=auth.public())
def copy_verify(request, code: str):
    """What the public verification page says about a copy code (anyone may ask)."""
    result = pdfs.verify(code[:40])
    if result is None:
        raise ApiProblem(404, _("Không tìm thấy bản sao có mã này."))
    return {name: getattr(result, name) for name in VerificationOut.model_fields}


class PublicItem(Schema):
    document_id: int
    code: str
    title: str
    doc_type: str
    revision_id: int
    issue_number: int
    effective_date: datetime.date | None


class PublicPage(Schema):
    agency: str
    items: list[PublicItem]
    next_cursor: str | None


@router.get("/public/agencies/{code}/procedures", response={200: PublicPage, **errors(401, 403, 404, 422, 429)},
            auth=auth.public())
def public_procedures(request, code: str, page: Query[PageParams], q: str | None = None):
    """An agency's published documents and their issue in force, as its public page lists them."""
    agency = Agency.objects.supervised().filter(code=code[:60]).first()
    if agency is None:
        raise ApiProblem(404, _("Không tìm thấy cơ quan này."))
    doc_services.ensure_current(agency=agency)  # an issue due today is listed as it is, as on the public page
    revisions = front_door.published_revisions(agency)
    if q:
        revisions = search.apply(revisions, q, "document__search_folded")
    rows, cursor = paginate(revisions, page.cursor, page.limit)
    return {"agency": agency.name, "next_cursor": cursor, "items": [
        dict(document_id=r.document_id, code=r.document.code, title=r.document.title, doc_type=r.document.doc_type,
             revision_id=r.pk, issue_number=r.issue_number, effective_date=r.effective_date) for r in rows]}
