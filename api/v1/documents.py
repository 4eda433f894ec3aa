"""Documents and revisions (scope documents:read): the agency's current documents, one document with the issues
the caller may see, one revision with its content sections and step table. The same rules as the pages:
another agency's, or one the caller may not see, is 404 (processes/documents/permissions.py)."""

import datetime

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from api.v1 import auth, etag
from api.v1.pagination import PageParams, paginate
from api.v1.problems import choice, errors
from processes.documents import permissions as perms
from processes.documents import services as doc_services
from processes.documents.models import SIGNED_FIELDS, Document, Revision
from qms.core import access, search

router = Router()
DOC_TYPE = choice(Document.Type)
S = Revision.Status
SCOPE = "documents:read"


class RevisionBrief(Schema):
    id: int
    issue_number: int
    issue: str
    status: str
    title: str
    effective_date: datetime.date | None


class DocumentItem(Schema):
    id: int
    code: str
    title: str
    doc_type: str
    department: str | None
    is_public: bool
    current: RevisionBrief | None


class DocumentPage(Schema):
    items: list[DocumentItem]
    next_cursor: str | None


class DocumentDetail(DocumentItem):
    clauses: str
    next_review_due: datetime.date | None
    withdrawn_at: datetime.datetime | None
    revisions: list[RevisionBrief]


class Step(Schema):
    step: str = ""
    responsibility: str = ""
    description: str = ""
    time: str = ""
    forms: str = ""


class RevisionDetail(RevisionBrief):
    document_id: int
    document_code: str
    approved_at: datetime.datetime | None
    change_summary: str
    content_hash: str
    sections: dict[str, str | int | None]
    steps: list[Step]
    forms: list[dict[str, str]]
    records: list[dict[str, str]]


class DocumentFilters(Schema):
    q: str | None = None
    doc_type: DOC_TYPE | None = None
    department: int | None = None
    is_public: bool | None = None


def brief(revision):
    if revision is None:
        return None
    return RevisionBrief(id=revision.pk, issue_number=revision.issue_number, issue=revision.issue_label,
                         status=revision.status, title=revision.title, effective_date=revision.effective_date)


def _item(document, **extra):
    current = next(iter(getattr(document, "effective", [])), None)
    return dict(id=document.pk, code=document.code, title=document.title, doc_type=document.doc_type,
                department=document.department.name if document.department_id else None,
                is_public=document.is_public, current=brief(current), **extra)


def _effective():
    return Prefetch("revisions", queryset=Revision.objects.effective().defer(*Revision.BODY_FIELDS),
                    to_attr="effective")


@router.get("/documents", response={200: DocumentPage, **errors(401, 403, 422, 429)}, auth=auth.token(SCOPE))
def document_list(request, filters: Query[DocumentFilters], page: Query[PageParams]):
    """The agency's current documents (those with an issue in force), as the register lists them."""
    user = request.user
    documents = perms.visible_documents(user, access.scoped(Document.objects.current(), user)).distinct()
    if filters.doc_type:
        documents = documents.filter(doc_type=filters.doc_type)
    if filters.department is not None:
        documents = documents.filter(department_id=filters.department)
    if filters.is_public is not None:
        documents = documents.filter(is_public=filters.is_public)
    if filters.q:
        documents = search.apply(documents, filters.q, "search_folded")
    documents = documents.select_related("department").prefetch_related(_effective())
    rows, cursor = paginate(documents, page.cursor, page.limit)
    return {"items": [_item(d) for d in rows], "next_cursor": cursor}


def _document(request, pk):
    document = access.get_scoped_or_404(Document.objects.select_related("department"), request.user, pk=pk)
    if not perms.can_view_document(request.user, document):
        if not (doc_services.ensure_current(document=document) and perms.can_view_document(request.user, document)):
            raise Http404
    return document


@router.get("/documents/{int:document_id}", response={200: DocumentDetail, 304: None, **errors(401, 403, 404, 429)},
            auth=auth.token(SCOPE))
def document_detail(request, response: HttpResponse, document_id: int):
    """One document and the issues the caller may see (drafts and history by role, as on its page)."""
    document = _document(request, document_id)
    revisions = list(perms.visible_revisions(request.user, document.revisions.all())
                     .defer(*Revision.BODY_FIELDS).order_by("issue_number", "pk"))
    document.effective = [r for r in revisions if r.status == S.EFFECTIVE]
    tag = etag.make("document", document.pk, document.code, document.title, document.is_public, document.withdrawn_at,
                    *[(r.pk, r.status, r.content_hash) for r in revisions])
    if etag.matches(request, tag):
        return etag.not_modified(tag)
    response["ETag"] = tag
    return _item(document, clauses=document.clauses, next_review_due=document.next_review_due,
                 withdrawn_at=document.withdrawn_at, revisions=[brief(r) for r in revisions])


SECTIONS = ["purpose", "scope", "references", "definitions", "legal_basis", "dossier", "dossier_count",
            "processing_time_days", "submit_place", "fee", "procedure_html"]


def _rows(value, keys):
    return [{k: str(row.get(k, "")) for k in keys} for row in (value or []) if isinstance(row, dict)]


@router.get("/revisions/{int:revision_id}", response={200: RevisionDetail, 304: None, **errors(401, 403, 404, 429)},
            auth=auth.token(SCOPE))
def revision_detail(request, response: HttpResponse, revision_id: int):
    """One issue: metadata, content sections (1–5), the step table (5.7), forms (6) and records (7)."""
    from processes.documents.content import FORM_KEYS, RECORD_KEYS, STEP_KEYS

    revision = get_object_or_404(access.scoped(Revision.objects.select_related("document"), request.user),
                                 pk=revision_id)
    if not perms.can_view_revision(request.user, revision):
        raise Http404
    tag = etag.make("revision", revision.pk, revision.status, revision.effective_date, revision.approved_at,
                    revision.change_summary, *[getattr(revision, name) for name in SIGNED_FIELDS])
    if etag.matches(request, tag):
        return etag.not_modified(tag)
    response["ETag"] = tag
    return dict(
        brief(revision).dict(), document_id=revision.document_id, document_code=revision.document.code,
        approved_at=revision.approved_at, change_summary=revision.change_summary, content_hash=revision.content_hash,
        sections={name: getattr(revision, name) for name in SECTIONS},
        steps=_rows(revision.steps, STEP_KEYS), forms=_rows(revision.forms, FORM_KEYS),
        records=_rows(revision.records, RECORD_KEYS),
    )
