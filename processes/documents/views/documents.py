"""Document control pages: the register (DOC-1, DOC-12), a document's page and register entry, its distribution
list, the master list of documents in force (DOC-11) and its exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from processes.documents import forms as f
from processes.documents import matches
from processes.documents import permissions as perms
from processes.documents import services
from processes.documents.amendments import amendment_rows
from processes.documents.filters import DocumentFilter
from processes.documents.models import DistributionEntry, Document, Revision
from processes.documents.views.common import _apply_errors, _document, propose_change
from qms.core import access, denied, downloads, exports, search
from qms.core.models import Role

S = Revision.Status
PAGE_SIZE = 50


# --- register ---------------------------------------------------------------------------------------------


def _register_queryset(user):
    live = [S.EFFECTIVE, S.APPROVED, S.DRAFT, S.IN_REVIEW] if perms.can_see_drafts(user) else [S.EFFECTIVE]
    queryset = (
        Document.objects.for_agency(user.agency)
        .select_related("department", "owner")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=Revision.objects.filter(status__in=live).only(
                    "id", "document_id", "issue_number", "status", "effective_date"
                ).order_by("-issue_number"),
                to_attr="live_revisions",
            )
        )
        .order_by("code")
    )
    if not perms.can_see_drafts(user):
        queryset = queryset.filter(revisions__status=S.EFFECTIVE)
    if not perms.can_see_history(user):
        queryset = queryset.filter(withdrawn_at__isnull=True)
    return queryset


def _decorate(documents):
    for doc in documents:
        revisions = getattr(doc, "live_revisions", [])
        doc.current = next((r for r in revisions if r.status == S.EFFECTIVE), None)
        doc.pending = next((r for r in revisions if r.status != S.EFFECTIVE), None)
    return documents


@access.role_required()
def register(request):
    """The document register with filters and search (DOC-1, DOC-12)."""
    services.ensure_current(agency=request.user.agency)
    filterset = DocumentFilter(request.GET or None, queryset=_register_queryset(request.user), user=request.user)
    valid = filterset.is_bound and filterset.is_valid()
    queryset = filterset.qs if valid else filterset.queryset
    query = search.parse(filterset.form.cleaned_data.get("q") if valid else "")
    if query:
        # A search reads the agency's effective bodies (2–20 pages each): read them once, for the ids in
        # rank order, instead of once for the count and again for the page.
        page = Paginator(list(queryset.values_list("pk", flat=True)), PAGE_SIZE).get_page(request.GET.get("page"))
        found = _register_queryset(request.user).filter(pk__in=page.object_list).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        matches.describe(page.object_list, query)  # where each matched: code, title or a section
    else:
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "processes/documents/register.html", {
        "filter": filterset, "page": page, "search": query, "params": params.urlencode(),
        "can_manage": perms.is_doc_manager(request.user), "today": timezone.localdate(),
        # Whom the others ask for a new document ("Thêm tài liệu" is the coordinators' button).
        "registrars": [] if perms.is_doc_manager(request.user) else denied.holders(request.user.agency, [Role.COORDINATOR]),
    })


@access.role_required(*access.MANAGERS, action=_lazy("thêm tài liệu vào danh mục"), offer=propose_change)
def document_create(request):
    form = f.DocumentForm(request.POST or None, request.FILES or None, agency=request.user.agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = form.save(commit=False)
            services.document_save(document=document, user=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã thêm tài liệu %(c)s vào danh mục.") % {"c": document.code})
            return redirect("processes:document_detail", pk=document.pk)
    return render(request, "processes/documents/document_form.html", {"form": form})


@access.role_required(*access.MANAGERS, action=_lazy("sửa thông tin tài liệu trong danh mục"), offer=propose_change)
def document_edit(request, pk):
    document = _document(request, pk)
    form = f.DocumentForm(request.POST or None, request.FILES or None, instance=document, agency=request.user.agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = form.save(commit=False)
            services.document_save(document=document, user=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin tài liệu."))
            return redirect("processes:document_detail", pk=document.pk)
    return render(request, "processes/documents/document_form.html", {"form": form, "document": document})


@access.role_required()
def document_detail(request, pk):
    document = _document(request, pk)
    services.ensure_current(document=document)
    user = request.user
    revisions = list(document.revisions.select_related("author").order_by("-issue_number"))
    assigned = set() if perms.can_see_drafts(user) else set(
        document.revisions.filter(assignments__user=user).values_list("pk", flat=True))
    visible = [r for r in revisions if perms.can_view_revision(user, r, assigned=r.pk in assigned)]
    current = next((r for r in revisions if r.status == S.EFFECTIVE), None)
    pending = next((r for r in revisions if r.status in (S.DRAFT, S.IN_REVIEW, S.APPROVED)), None)
    if not visible and not perms.can_see_drafts(user):
        raise Http404
    amendments = amendment_rows(revisions)
    ack = services.acknowledgement_rate(current) if current else (0, 0)
    my_ack = current.acknowledgements.filter(user=user, acknowledged_at__isnull=False).first() if current else None
    return render(request, "processes/documents/document_detail.html", {
        "document": document, "revisions": visible, "current": current, "pending": pending,
        "amendments": amendments, "ack_done": ack[0], "ack_asked": ack[1], "my_ack": my_ack,
        "forms_list": document.forms.all().order_by("code"),
        "distribution": document.distribution.select_related("department", "user"),
        "can_manage": perms.is_doc_manager(user) and perms.same_agency(user, document),
        "can_start": perms.can_start_revision(user, document) and pending is None and not document.withdrawn_at,
        "can_see_drafts": perms.can_see_drafts(user),
        "change_requests": document.change_requests.select_related("requested_by")[:20] if perms.is_doc_manager(user) else [],
    })


@access.role_required()
def external_file(request, pk):
    document = _document(request, pk)
    # The document page's rule: staff see a document once something of it is in force (document_detail).
    if not perms.can_see_drafts(request.user) and not perms.visible_revisions(request.user, document.revisions).exists():
        raise Http404
    return downloads.stored_file_response(document.external_file, content_type=document.external_file_type,
                                          name=document.external_file_name or document.external_file.name)


@access.role_required(*access.MANAGERS, action=_lazy("quản lý danh sách phân phối tài liệu"))
def distribution(request, pk):
    document = _document(request, pk)
    form = f.DistributionForm(request.POST or None, agency=request.user.agency)
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if remove:
            entry = None
            if remove.isascii() and remove.isdecimal():
                entry = DistributionEntry.objects.filter(document=document, pk=int(remove)).first()
            if entry:
                entry._history_user = request.user
                entry.delete()
                messages.success(request, _("Đã xóa khỏi danh sách phân phối."))
            return redirect("processes:distribution", pk=document.pk)
        if form.is_valid():
            try:
                with transaction.atomic():
                    entry, created = DistributionEntry.objects.get_or_create(
                        document=document, agency=document.agency, department=form.cleaned_data["department"],
                        user=form.cleaned_data["user"], defaults={"copies": form.cleaned_data["copies"]},
                    )
            except IntegrityError:  # the same entry added by someone else at the same moment
                created = False
            messages.success(request, _("Đã thêm vào danh sách phân phối.") if created else _("Đã có trong danh sách."))
            return redirect("processes:distribution", pk=document.pk)
    return render(request, "processes/documents/distribution.html", {
        "document": document, "form": form, "entries": document.distribution.select_related("department", "user"),
    })


# --- master list ------------------------------------------------------------------------------------------


def _master_rows(user, lazy=False):
    services.ensure_current(agency=user.agency)
    rows = (
        Revision.objects.for_agency(user.agency).effective()
        .select_related("document", "document__department")
        # The list shows codes, titles and dates: leave the bodies (2–20 pages each) in the database.
        .defer(*MASTER_DEFERRED)
        .order_by("document__doc_type", "document__code", "pk")
    )
    return rows if lazy else list(rows)


MASTER_DEFERRED = [*Revision.BODY_FIELDS, "change_summary", "document__search_folded", "document__search_exact"]


MASTER_HEADER = [_("STT"), _("Mã hiệu"), _("Tên tài liệu"), _("Loại"), _("Lần ban hành"), _("Ngày hiệu lực"),
                 _("Đơn vị chủ trì")]


def _master_values(rows):
    for n, r in enumerate(rows, 1):
        yield [n, r.document.code, r.title, r.document.get_doc_type_display(), r.issue_label,
               r.effective_date, str(r.document.department or "")]


@access.role_required()
def master_list(request):
    # Paged like the register (about 500 documents per agency at province scale); the whole list, numbered
    # the same way, is one click away as PDF, XLSX or CSV for printing and filing.
    page = Paginator(_master_rows(request.user, lazy=True), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "processes/documents/master_list.html", {"page": page, "today": timezone.localdate()})


@access.role_required()
def master_list_csv(request):
    return exports.csv_response("danh-muc-tai-lieu.csv", MASTER_HEADER, _master_values(_master_rows(request.user)))


@access.role_required()
def master_list_xlsx(request):
    return exports.xlsx_response(
        "danh-muc-tai-lieu.xlsx",
        MASTER_HEADER,
        _master_values(_master_rows(request.user)),
        sheet_title=_("Danh mục"),
        title_lines=[request.user.agency.name,
                     _("DANH MỤC TÀI LIỆU HIỆN HÀNH") + " – " + timezone.localdate().strftime("%d/%m/%Y")],
    )
