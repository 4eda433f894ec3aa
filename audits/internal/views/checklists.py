"""Checklist pages (AUD-3): the audit's questions and answers, adding questions (from a template
or one by one), attached evidence, and the question templates.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
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


# ---------------------------------------------------------------------------------------------
# Checklist (AUD-3)


def checklist(request, pk):
    audit = get_audit(request, pk)
    items = list(
        audit.checklist_items.select_related("answered_by").prefetch_related("attachments").order_by("order", "pk")
    )
    editable = audit.status in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS) and (
        svc.can_work(request.user, audit) or svc.can_lead(request.user, audit)
    )
    rows = [
        {
            "item": item,
            "form": ChecklistAnswerForm(
                prefix=f"i{item.pk}",
                initial={"clause": item.clause, "question": item.question, "answer": item.answer, "evidence": item.evidence},
            ),
        }
        for item in items
    ]
    return render(request, "audits/internal/checklist_page.html", {
        "audit": audit, "rows": rows, "progress": svc.checklist_progress(audit), "editable": editable,
        "can_attach": audit.status == Audit.Status.IN_PROGRESS and svc.can_work(request.user, audit),
        "template_form": ApplyTemplateForm(agency=audit.agency), "add_form": ChecklistAddForm(),
        "attach_form": AttachForm(),
    })


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
    form = ChecklistAnswerForm(
        request.POST or None, prefix=f"i{item.pk}",
        initial={"clause": item.clause, "question": item.question, "answer": item.answer, "evidence": item.evidence},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.checklist_answer(item=item, user=request.user, **form.cleaned_data)
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
