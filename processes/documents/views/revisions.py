"""A revision's pages and workflow (DOC-2…5, DOC-10): detail, edit, submit, sign, reject, comment, cancel,
acknowledge; comparing two issues. (Filling a draft from Word, DOC-4: imports.py.)"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from processes.documents import compare as comparing
from processes.documents import hooks
from processes.documents import forms as f
from processes.documents import permissions as perms
from processes.documents import services
from processes.documents.content import FORM_KEYS, RECORD_KEYS, STEP_KEYS
from processes.documents.models import ReviewAssignment, ReviewComment, Revision, Signature
from processes.documents.views.common import _apply_errors, _document, _messages_from, _revision, propose_change
from qms.core import access, lockout
from qms.core.history import history_entries

S = Revision.Status


@require_POST
@access.role_required()
def revision_create(request, pk):
    document = _document(request, pk)
    if not perms.can_start_revision(request.user, document):
        raise access.RoleRequired(perms.START_ROLES, action=_("soạn lần ban hành mới của tài liệu"),
                                  offer=propose_change(request, pk=document.pk))
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
    can_comment = revision.status == S.IN_REVIEW and perms.can_comment(user, revision)
    return {
        "reviewers_pending": reviewers_pending,
        "revision": revision, "document": revision.document, "assignments": round_assignments,
        # Returning is offered to a signer of this round who has not signed yet (services.revision_reject).
        "signatures": signatures, "can_sign": can_sign, "can_reject": can_sign is not None,
        "can_edit": revision.status == S.DRAFT and perms.can_edit(user, revision),
        "can_comment": can_comment,
        **comment_sections(revision, user, can_comment=can_comment),
    }


def comment_sections(revision, user, *, can_comment=False):
    """The review comments by section, for the revision page and the editor: {"comment_sections": {key: {...}}}, the
    open count, and whether this user may comment and resolve. Nothing for those who may not see them."""
    if not perms.can_see_comments(user, revision):
        return {"comment_sections": None, "comments_open": 0, "comments_total": 0}
    sections = {key: {"key": key, "label": label, "comments": [], "open": 0}
                for key, label in ReviewComment.Section.choices}
    comments = list(revision.comments.select_related("user", "resolved_by"))
    for comment in comments:
        sections[comment.section]["comments"].append(comment)
        sections[comment.section]["open"] += not comment.is_resolved
    return {
        "comment_sections": sections, "comments_total": len(comments),
        "comments_open": sum(s["open"] for s in sections.values()),
        # The column beside the sections, when there is something to show or to write in it.
        "comment_panel": bool(comments) or can_comment, "can_comment": can_comment,
        "can_resolve": revision.status in Revision.OPEN and perms.can_resolve_comment(user, revision),
    }


def _instead_of_hidden(request, pk):
    """A page about a revision of the user's agency that they may not view (hooks.py: a holder asked to return a
    copy of a superseded issue is sent to that copy's recall page), or None: the 404 stands."""
    hidden = Revision.objects.filter(pk=pk, agency=access.require_agency(request.user)).first()
    return hidden and hooks.page_instead_of_hidden_revision(user=request.user, revision=hidden)


@access.role_required()
def revision_detail(request, pk):
    try:
        revision = _revision(request, pk)
    except Http404:
        instead = _instead_of_hidden(request, pk)
        if instead:
            return redirect(instead)
        raise
    services.ensure_current(document=revision.document)
    revision.refresh_from_db()
    context = _revision_context(revision, request.user)
    ack = services.acknowledgement_rate(revision) if revision.status == S.EFFECTIVE else (0, 0)
    current = revision if revision.status == S.EFFECTIVE else revision.document.revisions.filter(status=S.EFFECTIVE).first()
    context.update({
        "ack_done": ack[0], "ack_asked": ack[1], "current": current,
        "my_ack": revision.acknowledgements.filter(user=request.user, acknowledged_at__isnull=False).first(),
        "forms_list": revision.document.forms.all().order_by("code"),
        "history": history_entries(revision) if perms.is_doc_manager(request.user) else None,
        "readers": (revision.acknowledgements.select_related("user", "user__department").order_by("user__full_name")
                    if perms.is_doc_manager(request.user) and revision.status == S.EFFECTIVE else None),
    })
    return render(request, "processes/documents/revision_detail.html", context)


def _not_editor(request, revision):
    """The refusal of a draft's pages to someone who is neither its author nor a manager."""
    return access.RoleRequired(access.MANAGERS, action=_("sửa dự thảo này (chỉ người soạn thảo của dự thảo và người quản lý "
                                                         "tài liệu được sửa)"),
                               offer=propose_change(request, pk=revision.document_id))


@access.role_required()
def revision_edit(request, pk):
    revision = _revision(request, pk)
    if not perms.can_edit(request.user, revision):
        raise _not_editor(request, revision)
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
        **comment_sections(revision, request.user),
    })


@access.role_required()
def revision_submit(request, pk):
    revision = _revision(request, pk)
    if not perms.can_edit(request.user, revision):
        raise _not_editor(request, revision)
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
    # Said before anyone types a password; the service refuses the signature itself.
    blocked = perms.SIGNER_WROTE_ROUND if request.user.pk in perms.round_writers(revision) else None
    form = f.SignForm(request.POST or None, approving=approving)
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_sign(revision=revision, user=request.user, password=form.cleaned_data["password"],
                                   meaning=meaning, effective_date=form.cleaned_data.get("effective_date"),
                                   request=request)
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
    context.update({"form": form, "meaning": meaning, "approving": approving, "blocked": blocked,
                    "locked": lockout.lock_message(request, request.user)})
    return render(request, "processes/documents/revision_sign.html", context)


@access.role_required()
def revision_reject(request, pk):
    revision = _revision(request, pk)
    context = _revision_context(revision, request.user)
    if not context["can_reject"]:
        if revision.status != S.IN_REVIEW:
            messages.error(request, _("Chỉ trả lại được tài liệu đang xem xét."))
            return redirect("processes:revision_detail", pk=revision.pk)
        if perms.has_signed_round(revision, request.user):
            messages.error(request, perms.RETURN_AFTER_SIGNING)
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
    section = request.POST.get("section", "")
    if form.is_valid():
        try:
            services.comment_add(revision=revision, user=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi ý kiến. Người soạn thảo đã được thông báo."))
        except ValidationError as error:
            _messages_from(request, error)
    else:
        _messages_from(request, ValidationError(form.errors))
    anchor = f"#comments-{section}" if section in ReviewComment.Section.values else "#comments"
    return redirect(reverse("processes:revision_detail", kwargs={"pk": revision.pk}) + anchor)


@require_POST
@access.role_required()
def comment_resolve(request, pk):
    """The author says how a review comment was resolved (on the revision page, beside the section)."""
    comment = access.get_scoped_or_404(ReviewComment.objects.all(), request.user, pk=pk)
    revision = _revision(request, comment.revision_id)
    if not perms.can_resolve_comment(request.user, revision):
        raise PermissionDenied
    form = f.ResolveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.comment_resolve(comment=comment, user=request.user, resolution=form.cleaned_data["resolution"])
        messages.success(request, _("Đã ghi cách giải quyết ý kiến. Người góp ý đã được thông báo."))
    except ValidationError as error:
        _messages_from(request, error)
    return redirect(reverse("processes:revision_detail", kwargs={"pk": revision.pk}) + f"#comment-{comment.pk}")


@require_POST
@access.role_required()
def revision_cancel(request, pk):
    revision = _revision(request, pk)
    if not perms.can_edit(request.user, revision):
        raise _not_editor(request, revision)
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
