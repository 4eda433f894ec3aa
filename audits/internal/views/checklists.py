"""Checklist pages (AUD-3): the audit's questions and answers (saved one by one or all at once),
adding questions (from a template or one by one), attached evidence, and the question templates.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from audits.internal import services as svc
from audits.internal.forms import (
    ApplyTemplateForm,
    AttachForm,
    ChecklistAddForm,
    ChecklistAnswerForm,
    TemplateForm,
)
from audits.internal.models import Audit, ChecklistAttachment, ChecklistItem, ChecklistTemplate
from audits.internal.views.common import apply_errors, can_view, flash_errors, get_audit, readers_only
from qms.core import downloads
from qms.core.access import MANAGERS, get_scoped_or_404, has_role, require_agency, require_role
from qms.core.models import Role
from qms.core.templatetags.form_tags import field_anchor


# ---------------------------------------------------------------------------------------------
# Checklist (AUD-3)
#
# The page is one form holding every question. "Lưu câu hỏi N" saves that question: with htmx in place (the
# answer is the question alone, its progress and a status line; the rest of the page, and whatever is typed
# there, stays as it is), without script as a plain post that comes back with every other typed answer kept.
# "Lưu tất cả" saves every changed question in one post, all or nothing. Answers are never lost to a reload:
# either they are saved, or they come back on the page marked unsaved, and the page warns before leaving.


def _items(audit):
    return list(
        audit.checklist_items.select_related("answered_by").prefetch_related("attachments").order_by("order", "pk")
    )


def _page(request, audit, items, *, forms=None, unsaved=(), saved=(), summary=None):
    forms = forms or {}
    rows = [
        {"item": item, "form": forms.get(item.pk) or ChecklistAnswerForm.for_item(item),
         "unsaved": item.pk in unsaved, "saved": item.pk in saved}
        for item in items
    ]
    return render(request, "audits/internal/checklist_page.html", {
        **_row_context(request, audit), "rows": rows, "summary": summary or [],
        "template_form": ApplyTemplateForm(agency=audit.agency), "add_form": ChecklistAddForm(),
    })


def _row_context(request, audit):
    editable = audit.status in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS) and (
        svc.can_work(request.user, audit) or svc.can_lead(request.user, audit)
    )
    return {
        "audit": audit, "progress": svc.checklist_progress(audit), "editable": editable,
        "can_attach": audit.status == Audit.Status.IN_PROGRESS and svc.can_work(request.user, audit),
    }


def checklist(request, pk):
    audit = get_audit(request, pk)
    return _page(request, audit, _items(audit))


def _quiet(form):
    """Keep what was typed in a question that was not being saved, without showing its errors: nobody asked
    for it to be checked yet."""
    form._errors = ErrorDict()
    return form


def _refused(form, item, exc):
    apply_errors(form, exc)
    if getattr(exc, "code", None) == "conflict":
        form.see(ChecklistItem.objects.get(pk=item.pk))


@require_POST
def checklist_save(request, pk):
    audit = get_audit(request, pk)
    try:
        svc.require_checklist_editable(audit, request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("audits:checklist", pk=audit.pk)
    items = _items(audit)
    sent = {}
    for item in items:
        form = ChecklistAnswerForm.for_item(item, request.POST)
        if form.was_sent():
            sent[item.pk] = form
    target = request.POST.get("save", "all")
    if target == "all":
        return _save_all(request, audit, items, sent)
    item = next((i for i in items if str(i.pk) == target), None)
    if item is None:
        messages.error(request, _("Không tìm thấy câu hỏi này trong danh mục."))
        return redirect("audits:checklist", pk=audit.pk)
    return _save_one(request, audit, item, sent)


def _save_one(request, audit, item, sent):
    form = sent.get(item.pk) or ChecklistAnswerForm.for_item(item, request.POST)
    saved = False
    if form.is_valid():
        try:
            if form.has_changed():  # nothing typed: nothing to write (and no history row)
                svc.checklist_answer(item=item, user=request.user, seen=form.seen(), **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, item, exc)
        else:
            saved = True
    done = _("Đã lưu câu hỏi %(n)s.") % {"n": item.order}
    if request.htmx:
        fresh = ChecklistItem.objects.prefetch_related("attachments").select_related("answered_by").get(pk=item.pk)
        row = {"item": fresh, "form": ChecklistAnswerForm.for_item(fresh) if saved else form,
               "unsaved": not saved, "saved": saved}
        status = done if saved else _("Chưa lưu câu hỏi %(n)s: xem lỗi ở câu hỏi.") % {"n": item.order}
        return render(request, "audits/internal/_checklist_row_saved.html",
                      {**_row_context(request, audit), "row": row, "status": status})
    others = {pk for pk, other in sent.items() if pk != item.pk and other.has_changed()}
    if saved:
        messages.success(request, done)
        if not others:
            return redirect(reverse("audits:checklist", kwargs={"pk": audit.pk}) + f"#item-{item.pk}")
        messages.warning(request, _("Các câu hỏi được đánh dấu «Chưa lưu» vẫn giữ nội dung bạn gõ; bấm «Lưu tất cả» "
                                    "để lưu chúng."))
    else:
        messages.error(request, _("Chưa lưu câu hỏi %(n)s: xem lỗi ở câu hỏi.") % {"n": item.order})
    forms = {pk: _quiet(sent[pk]) for pk in others}
    if not saved:
        forms[item.pk] = form
    return _page(request, audit, _items(audit), forms=forms, unsaved=others | ({item.pk} if not saved else set()),
                 saved={item.pk} if saved else ())


def _save_all(request, audit, items, sent):
    by_pk = {item.pk: item for item in items}
    refused = {pk for pk, form in sent.items() if not form.is_valid()}
    if not refused:
        changed = [(by_pk[pk], form) for pk, form in sent.items() if form.has_changed()]
        try:
            svc.checklist_answer_many(audit=audit, user=request.user, answers=[
                {"item": item, "seen": form.seen(), **form.cleaned_data} for item, form in changed
            ])
        except svc.ChecklistRefused as exc:
            for pk, error in exc.by_item.items():
                _refused(sent[pk], by_pk[pk], error)
            refused = set(exc.by_item)
        except ValidationError as exc:  # the checklist closed meanwhile (the report was issued)
            flash_errors(request, exc)
            refused = set()
        else:
            if changed:
                messages.success(request, ngettext("Đã lưu %(n)s câu hỏi.", "Đã lưu %(n)s câu hỏi.", len(changed))
                                 % {"n": len(changed)})
            else:
                messages.success(request, _("Không có câu hỏi nào thay đổi: không cần lưu gì."))
            return redirect("audits:checklist", pk=audit.pk)
    if refused:
        messages.error(request, _("Chưa lưu câu hỏi nào: %(n)s câu hỏi cần sửa (xem bên dưới).") % {"n": len(refused)})
    dirty = {pk for pk, form in sent.items() if pk in refused or form.has_changed()}
    forms = {pk: sent[pk] if pk in refused else _quiet(sent[pk]) for pk in dirty}
    summary = []
    for item in items:
        if item.pk in refused:
            summary.extend(_summary_lines(item, sent[item.pk]))
    return _page(request, audit, items, forms=forms, unsaved=dirty, summary=summary)


def _summary_lines(item, form):
    """The page's error summary: each refused question's errors, linking to the field (or to the question)."""
    lines = [{"text": _("Câu hỏi %(n)s: %(e)s") % {"n": item.order, "e": e}, "anchor": f"item-{item.pk}"}
             for e in form.non_field_errors()]
    for field in form:
        for e in field.errors:
            lines.append({"text": _("Câu hỏi %(n)s – %(f)s: %(e)s") % {"n": item.order, "f": field.label, "e": e},
                          "anchor": field_anchor(field)})
    return lines


def _checklist_closed(audit, user):
    """Why the checklist cannot be changed now (the report is out), or None; PermissionDenied for those who may
    never change it. For the invalid-form branches, which do not reach the service: its ValidationError was
    raised there uncaught, a 500 for any invalid submit once the report was issued."""
    try:
        svc.require_checklist_editable(audit, user)
    except ValidationError as exc:
        return exc
    return None


@require_POST
def checklist_apply_template(request, pk):
    audit = get_audit(request, pk)
    form = ApplyTemplateForm(request.POST, agency=audit.agency)
    if not form.is_valid():
        closed = _checklist_closed(audit, request.user)
        if closed:
            flash_errors(request, closed)
        else:
            messages.error(request, _("Chọn một bộ câu hỏi mẫu."))
    else:
        try:
            items = svc.checklist_apply_template(audit=audit, user=request.user, template=form.cleaned_data["template"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Đã thêm %(n)s câu hỏi.") % {"n": len(items)})
    return redirect("audits:checklist", pk=audit.pk)


@require_POST
def checklist_item_add(request, pk):
    audit = get_audit(request, pk)
    form = ChecklistAddForm(request.POST)
    if not form.is_valid():
        closed = _checklist_closed(audit, request.user)
        if closed:
            flash_errors(request, closed)
        else:
            # Each field's own reason: a clause too long was refused as "Cần nhập câu hỏi." (type a question).
            for name, errors in form.errors.items():
                for error in errors:
                    messages.error(request, f"{form.fields[name].label}: {error}" if name in form.fields else error)
    else:
        try:
            svc.checklist_add_item(audit=audit, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Đã thêm câu hỏi."))
    return redirect("audits:checklist", pk=audit.pk)


def _get_item(request, pk):
    require_agency(request.user)
    item = get_scoped_or_404(ChecklistItem.objects.select_related("audit"), request.user, pk=pk)
    if not can_view(request.user, item.audit):
        raise PermissionDenied
    return item


def checklist_item_edit(request, pk):
    """Answer one question (and edit its wording). GET shows the form alone."""
    item = _get_item(request, pk)
    audit = item.audit
    form = ChecklistAnswerForm.for_item(item, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.checklist_answer(item=item, user=request.user, seen=form.seen(), **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu câu hỏi %(n)s.") % {"n": item.order})
                return redirect(reverse("audits:checklist", kwargs={"pk": audit.pk}) + f"#item-{item.pk}")
        else:
            closed = _checklist_closed(audit, request.user)
            if closed:
                apply_errors(form, closed)
    return render(request, "audits/internal/checklist_item.html", {"audit": audit, "item": item, "form": form})


@require_POST
def checklist_attach(request, pk):
    item = _get_item(request, pk)
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        if not svc.can_work(request.user, item.audit):
            raise PermissionDenied
        messages.error(request, _("Chọn một tệp để đính kèm."))
    else:
        try:
            svc.checklist_attach(item=item, user=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Đã đính kèm bằng chứng."))
    return redirect(reverse("audits:checklist", kwargs={"pk": item.audit_id}) + f"#item-{item.pk}")


def checklist_attachment(request, pk):
    require_agency(request.user)
    attachment = get_scoped_or_404(ChecklistAttachment.objects.select_related("item__audit"), request.user, pk=pk)
    if not can_view(request.user, attachment.item.audit):
        raise PermissionDenied
    return downloads.stored_file_response(attachment.file, name=attachment.original_name,
                                          content_type=attachment.content_type)


# ---------------------------------------------------------------------------------------------
# Checklist templates


def checklist_template_list(request):
    readers_only(request.user)
    templates = ChecklistTemplate.objects.filter(agency=request.user.agency).select_related("document").order_by("clause", "title")
    return render(request, "audits/internal/checklist_template_list.html", {
        "templates": templates, "can_edit": has_role(request.user, *MANAGERS, Role.AUDITOR),
    })


def checklist_template_edit(request, pk=None):
    require_agency(request.user)
    require_role(request.user, *MANAGERS, Role.AUDITOR)
    agency = request.user.agency
    template = get_scoped_or_404(ChecklistTemplate.objects.all(), request.user, pk=pk) if pk else None
    initial = {"is_active": True}
    if template:
        initial = {"title": template.title, "clause": template.clause, "document": template.document,
                   "questions": template.questions, "is_active": template.is_active}
    form = TemplateForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.template_save(agency=agency, user=request.user, template=template, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bộ câu hỏi mẫu."))
            return redirect("audits:checklist_template_list")
    return render(request, "audits/internal/checklist_template_form.html", {"form": form, "template_obj": template})
