"""Document control pages: register, document, revision, workflow, master list, compare, import."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from processes.documents import compare as comparing
from processes.documents import forms as f
from processes.documents import permissions as perms
from processes.documents import services
from processes.documents.content import FORM_KEYS, RECORD_KEYS, STEP_KEYS
from processes.documents.filters import DocumentFilter
from processes.documents.models import (
    ChangeRequest,
    DistributionEntry,
    Document,
    ReviewAssignment,
    Revision,
    Signature,
)
from qms.core import access, exports
from qms.core.history import history_entries

S = Revision.Status
PAGE_SIZE = 50


def _messages_from(request, error):
    if hasattr(error, "message_dict"):
        for errors in error.message_dict.values():
            for message in errors:
                messages.error(request, message)
    else:
        for message in error.messages:
            messages.error(request, message)


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _document(request, pk):
    return access.get_scoped_or_404(
        Document.objects.select_related("department", "owner", "parent", "agency"), request.user, pk=pk
    )


def _revision(request, pk, *, for_update=False):
    revision = access.get_scoped_or_404(
        Revision.objects.select_related("document", "document__department", "document__agency", "author"),
        request.user, pk=pk,
    )
    if not perms.can_view_revision(request.user, revision):
        raise Http404
    return revision


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
    if valid and filterset.form.cleaned_data.get("q"):
        # A search reads the agency's effective bodies (2–20 pages each): read them once, for the ids in
        # rank order, instead of once for the count and again for the page.
        page = Paginator(list(queryset.values_list("pk", flat=True)), PAGE_SIZE).get_page(request.GET.get("page"))
        found = _register_queryset(request.user).filter(pk__in=page.object_list).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
    else:
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _decorate(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "processes/documents/register.html", {
        "filter": filterset, "page": page, "query": request.GET.get("q", ""), "params": params.urlencode(),
        "can_manage": perms.is_doc_manager(request.user), "today": timezone.localdate(),
    })


@access.role_required(*access.MANAGERS)
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


@access.role_required(*access.MANAGERS)
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
    visible = [r for r in revisions if perms.can_view_revision(user, r, assigned=r.author_id == user.pk)]
    current = next((r for r in revisions if r.status == S.EFFECTIVE), None)
    pending = next((r for r in revisions if r.status in (S.DRAFT, S.IN_REVIEW, S.APPROVED)), None)
    if not visible and not perms.can_see_drafts(user):
        raise Http404
    amendments = [r for r in sorted(revisions, key=lambda r: r.issue_number)
                  if r.status in (S.EFFECTIVE, S.SUPERSEDED, S.OBSOLETE)]
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
    if not document.external_file:
        raise Http404
    return FileResponse(document.external_file.open("rb"), as_attachment=True,
                        filename=document.external_file.name.rsplit("/", 1)[-1])


@access.role_required(*access.MANAGERS)
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


# --- revisions --------------------------------------------------------------------------------------------


@require_POST
@access.role_required()
def revision_create(request, pk):
    document = _document(request, pk)
    try:
        draft = services.revision_create_draft(document=document, user=request.user)
    except ValidationError as error:
        _messages_from(request, error)
        return redirect("processes:document_detail", pk=document.pk)
    messages.success(request, _("Đã tạo dự thảo lần ban hành %(n)s.") % {"n": draft.issue_label})
    return redirect("processes:revision_edit", pk=draft.pk)


def _revision_context(revision, user):
    round_assignments = list(revision.assignments.filter(round=revision.review_round).select_related("user"))
    signatures = list(revision.signatures.filter(round=revision.review_round).select_related("user"))
    signed = {(s.user_id, s.meaning) for s in signatures}
    mine = [a for a in round_assignments if a.user_id == user.pk]
    can_sign = None
    if revision.status == S.IN_REVIEW:
        for a in mine:
            meaning = Signature.Meaning.APPROVED if a.kind == ReviewAssignment.Kind.APPROVE else Signature.Meaning.REVIEWED
            if (user.pk, meaning) not in signed:
                can_sign = meaning
    reviewers_pending = [a.user for a in round_assignments if a.kind == ReviewAssignment.Kind.REVIEW
                         and (a.user_id, Signature.Meaning.REVIEWED) not in signed]
    return {
        "reviewers_pending": reviewers_pending,
        "revision": revision, "document": revision.document, "assignments": round_assignments,
        "signatures": signatures, "can_sign": can_sign, "can_reject": revision.status == S.IN_REVIEW and bool(mine),
        "can_edit": revision.status == S.DRAFT and perms.can_edit(user, revision),
        "can_comment": revision.status == S.IN_REVIEW and perms.can_comment(user, revision),
        "comments": revision.comments.select_related("user"),
    }


@access.role_required()
def revision_detail(request, pk):
    revision = _revision(request, pk)
    services.ensure_current(document=revision.document)
    revision.refresh_from_db()
    context = _revision_context(revision, request.user)
    ack = services.acknowledgement_rate(revision) if revision.status == S.EFFECTIVE else (0, 0)
    current = revision if revision.status == S.EFFECTIVE else revision.document.revisions.filter(status=S.EFFECTIVE).first()
    context.update({
        "ack_done": ack[0], "ack_asked": ack[1], "current": current,
        "my_ack": revision.acknowledgements.filter(user=request.user, acknowledged_at__isnull=False).first(),
        "forms_list": revision.document.forms.all().order_by("code"),
        "comment_form": f.CommentForm() if context["can_comment"] else None,
        "history": history_entries(revision) if perms.is_doc_manager(request.user) else None,
        "readers": (revision.acknowledgements.select_related("user", "user__department").order_by("user__full_name")
                    if perms.is_doc_manager(request.user) and revision.status == S.EFFECTIVE else None),
    })
    return render(request, "processes/documents/revision_detail.html", context)


@access.role_required()
def revision_edit(request, pk):
    revision = _revision(request, pk)
    if not perms.can_edit(request.user, revision):
        raise PermissionDenied
    if revision.status != S.DRAFT:
        messages.error(request, _("Chỉ sửa được dự thảo. Lần ban hành này đang ở trạng thái “%(s)s”; "
                                  "nội dung không thay đổi.") % {"s": revision.get_status_display()})
        return redirect("processes:revision_detail", pk=revision.pk)
    initial = {name: getattr(revision, name) for name in f.RevisionContentForm.base_fields}
    form = f.RevisionContentForm(request.POST or None, initial=initial)
    steps, records, forms_rows = revision.steps, revision.records, revision.forms
    if request.method == "POST":
        try:
            steps = form.table("steps", STEP_KEYS)
            records = form.table("records", RECORD_KEYS)
            forms_rows = form.table("forms", FORM_KEYS)
        except ValidationError as error:
            form.add_error(None, error)
        if form.is_valid():
            data = dict(form.cleaned_data, steps=steps, records=records, forms=forms_rows)
            try:
                services.revision_update_content(revision=revision, user=request.user, data=data)
            except ValidationError as error:
                _messages_from(request, error)
                return redirect("processes:revision_detail", pk=revision.pk)
            messages.success(request, _("Đã lưu dự thảo."))
            if request.POST.get("next") == "submit":
                return redirect("processes:revision_submit", pk=revision.pk)
            return redirect("processes:revision_edit", pk=revision.pk)
    return render(request, "processes/documents/revision_edit.html", {
        "revision": revision, "document": revision.document, "form": form,
        "steps": steps or [{}], "records": records or [{}], "forms_rows": forms_rows or [{}],
        "comments": revision.comments.select_related("user"),
    })


@access.role_required()
def revision_submit(request, pk):
    revision = _revision(request, pk)
    if not perms.can_edit(request.user, revision):
        raise PermissionDenied
    form = f.SubmitForm(request.POST or None, revision=revision)
    if revision.status != S.DRAFT:
        messages.error(request, _("Chỉ trình được dự thảo."))
        return redirect("processes:revision_detail", pk=revision.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_submit(
                revision=revision, user=request.user, reviewers=list(form.cleaned_data["reviewers"]),
                approver=form.cleaned_data["approver"], change_summary=form.cleaned_data["change_summary"],
                change_location=form.cleaned_data["change_location"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã trình xem xét. Người xem xét đã được thông báo."))
            return redirect("processes:revision_detail", pk=revision.pk)
    return render(request, "processes/documents/revision_submit.html", {"revision": revision, "document": revision.document,
                                                              "form": form})


@access.role_required()
def revision_sign(request, pk):
    revision = _revision(request, pk)
    context = _revision_context(revision, request.user)
    meaning = context["can_sign"]
    if meaning is None:
        if revision.status != S.IN_REVIEW:
            messages.error(request, _("Lần ban hành này không còn chờ ký (hiện: %(s)s).") % {"s": revision.get_status_display()})
            return redirect("processes:revision_detail", pk=revision.pk)
        raise PermissionDenied
    approving = meaning == Signature.Meaning.APPROVED
    form = f.SignForm(request.POST or None, approving=approving)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_sign(revision=revision, user=request.user, password=form.cleaned_data["password"],
                                   meaning=meaning, effective_date=form.cleaned_data.get("effective_date"))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            revision.refresh_from_db()
            if approving:
                messages.success(request, _("Đã phê duyệt. Ngày hiệu lực: %(d)s.")
                                 % {"d": revision.effective_date.strftime("%d/%m/%Y")})
            else:
                messages.success(request, _("Đã ký xem xét."))
            return redirect("processes:revision_detail", pk=revision.pk)
    context.update({"form": form, "meaning": meaning, "approving": approving})
    return render(request, "processes/documents/revision_sign.html", context)


@access.role_required()
def revision_reject(request, pk):
    revision = _revision(request, pk)
    context = _revision_context(revision, request.user)
    if not context["can_reject"]:
        if revision.status != S.IN_REVIEW:
            messages.error(request, _("Chỉ trả lại được tài liệu đang xem xét."))
            return redirect("processes:revision_detail", pk=revision.pk)
        raise PermissionDenied
    form = f.RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_reject(revision=revision, user=request.user, comment=form.cleaned_data["comment"],
                                     section=form.cleaned_data["section"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã trả lại dự thảo cho người soạn thảo."))
            return redirect("processes:revision_detail", pk=revision.pk)
    context["form"] = form
    return render(request, "processes/documents/revision_reject.html", context)


@require_POST
@access.role_required()
def revision_comment(request, pk):
    revision = _revision(request, pk)
    if not perms.can_comment(request.user, revision):
        raise PermissionDenied
    form = f.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.revision_comment(revision=revision, user=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi ý kiến."))
        except ValidationError as error:
            _messages_from(request, error)
    else:
        messages.error(request, _("Nhập nội dung ý kiến."))
    return redirect("processes:revision_detail", pk=revision.pk)


@require_POST
@access.role_required()
def revision_cancel(request, pk):
    revision = _revision(request, pk)
    if not perms.can_edit(request.user, revision):
        raise PermissionDenied
    try:
        services.revision_cancel(revision=revision, user=request.user)
        messages.success(request, _("Đã hủy dự thảo."))
    except ValidationError as error:
        _messages_from(request, error)
    return redirect("processes:document_detail", pk=revision.document_id)


@require_POST
@access.role_required()
def revision_acknowledge(request, pk):
    revision = _revision(request, pk)
    try:
        services.acknowledge(revision=revision, user=request.user)
        messages.success(request, _("Đã xác nhận: đã đọc và hiểu lần ban hành %(n)s.") % {"n": revision.issue_label})
    except ValidationError as error:
        _messages_from(request, error)
    return redirect("processes:revision_detail", pk=revision.pk)


@access.role_required()
def revision_import(request, pk):
    """Fill a draft from a Word .docx (DOC-4): opens the next draft if none is open."""
    document = _document(request, pk)
    if not perms.can_start_revision(request.user, document):
        raise PermissionDenied
    # Bound on every POST: a POST without a file (or one whose name the parser drops) says "choose a file".
    posted = request.method == "POST"
    form = f.ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        from processes.documents.docx_import import DocxImportError, import_docx

        try:
            sections = import_docx(form.cleaned_data["file"])
            # One transaction: a failed content update leaves no empty draft behind.
            with transaction.atomic():
                draft = document.revisions.filter(status=S.DRAFT).first()
                if draft is not None and not perms.can_edit(request.user, draft):
                    raise ValidationError(_("Đang có dự thảo lần ban hành %(n)s của người khác; chỉ người soạn hoặc "
                                            "Thư ký ISO được nhập nội dung vào đó.") % {"n": draft.issue_label})
                draft = draft or services.revision_create_draft(document=document, user=request.user)
                services.revision_update_content(revision=draft, user=request.user, data=sections)
        except DocxImportError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã nhập nội dung từ tệp Word vào dự thảo lần ban hành %(n)s. Hãy kiểm tra lại.")
                             % {"n": draft.issue_label})
            return redirect("processes:revision_edit", pk=draft.pk)
    return render(request, "processes/documents/revision_import.html", {"document": document, "form": form})


@access.role_required()
def compare(request, pk):
    document = _document(request, pk)
    assigned = set(document.revisions.filter(assignments__user=request.user).values_list("pk", flat=True))
    revisions = [r for r in document.revisions.order_by("-issue_number")
                 if perms.can_view_revision(request.user, r, assigned=r.pk in assigned)]
    by_id = {str(r.pk): r for r in revisions}
    old = by_id.get(request.GET.get("a", ""))
    new = by_id.get(request.GET.get("b", ""))
    if (old is None or new is None) and len(revisions) >= 2:
        new, old = new or revisions[0], old or revisions[1]
    sections = comparing.compare_revisions(old, new) if old and new else []
    return render(request, "processes/documents/compare.html", {"document": document, "revisions": revisions, "old": old,
                                                      "new": new, "sections": sections})


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
        yield [n, r.document.code, r.document.title, r.document.get_doc_type_display(), r.issue_label,
               r.effective_date.strftime("%d/%m/%Y") if r.effective_date else "",
               str(r.document.department or "")]


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
        widths=[6, 14, 60, 22, 12, 14, 36],
    )


# --- change requests and periodic review -------------------------------------------------------------------


@access.role_required()
def change_request_create(request, pk):
    document = _document(request, pk)
    form = f.ChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_create(document=document, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị sửa đổi. Thư ký ISO sẽ xem xét."))
            return redirect("processes:document_detail", pk=document.pk)
    return render(request, "processes/documents/change_request_form.html", {"document": document, "form": form})


@access.role_required(*access.MANAGERS)
def change_request_list(request):
    requests_ = ChangeRequest.objects.filter(agency=request.user.agency).select_related("document", "requested_by")
    return render(request, "processes/documents/change_request_list.html", {"change_requests": requests_[:200]})


@access.role_required(*access.MANAGERS)
def change_request_decide(request, pk):
    cr = access.get_scoped_or_404(ChangeRequest.objects.select_related("document", "requested_by"), request.user, pk=pk)
    form = f.DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                _cr, draft = services.change_request_accept(change_request=cr, user=request.user)
                messages.success(request, _("Đã chấp nhận; dự thảo lần ban hành %(n)s đã mở.") % {"n": draft.issue_label})
                return redirect("processes:revision_edit", pk=draft.pk)
            services.change_request_decline(change_request=cr, user=request.user,
                                            reason=form.cleaned_data["decision_reason"])
            messages.success(request, _("Đã từ chối đề nghị."))
            return redirect("processes:change_request_list")
        except ValidationError as error:
            _apply_errors(form, error)
    return render(request, "processes/documents/change_request_decide.html", {"cr": cr, "form": form})


@access.role_required(*access.MANAGERS)
def periodic_review(request, pk):
    document = _document(request, pk)
    form = f.PeriodicReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record, draft = services.periodic_review_record(document=document, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết quả xem xét định kỳ: %(o)s.") % {"o": record.get_outcome_display()})
            if draft is not None:
                return redirect("processes:revision_edit", pk=draft.pk)
            return redirect("processes:document_detail", pk=document.pk)
    return render(request, "processes/documents/periodic_review.html", {
        "document": document, "form": form, "reviews": document.periodic_reviews.select_related("reviewed_by")[:50],
        "today": timezone.localdate(),
    })
