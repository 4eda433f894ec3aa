"""Filling a draft from a Word file (DOC-4) in two steps: the upload shows a preview of what goes where
(nothing saved), the confirmation writes it. Between the two the result travels as a signed token
(the docx_import package says why a token, not the session or a temporary file)."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from processes.documents import forms as f
from processes.documents import permissions as perms
from processes.documents import services
from processes.documents.content import HOURS_PER_DAY, parse_days, step_days_total, time_mismatch
from processes.documents.models import Revision
from processes.documents.views.common import _apply_errors, _document, propose_change
from qms.core import access

S = Revision.Status
# The draft's fields in the order of the procedure template; the preview lists them so.
ORDER = ["purpose", "scope", "references", "definitions", "legal_basis", "dossier", "dossier_count",
         "processing_time_days", "submit_place", "fee", "procedure_html", "steps", "forms", "records"]


@dataclass
class Preview:
    """What the preview page shows: each field the file fills, with the headings it came from; the fields
    it leaves as they are; the step times against the processing time the draft will have."""

    result: object
    file_name: str
    draft: object  # the open draft it goes into, or None: a new draft is opened
    base: object  # what the draft starts from: the open draft, else the effective revision (copied), else None
    placed: list = field(default_factory=list)  # [(name, label, [headings], value)]
    kept: list = field(default_factory=list)  # [label]
    steps: list = field(default_factory=list)  # [(row, its time in working days or None)]
    steps_from_file: bool = True
    days: int | None = None
    total: float | None = None
    mismatch: bool = False


def _label(name):
    return Revision._meta.get_field(name).verbose_name


def build_preview(result, *, document, draft, file_name):
    base = draft or document.revisions.filter(status=S.EFFECTIVE).first()
    data = result.data
    preview = Preview(result=result, file_name=file_name, draft=draft, base=base)
    for name in ORDER:
        if name in data:
            preview.placed.append((name, _label(name), result.sources.get(name, []), data[name]))
        else:
            preview.kept.append(_label(name))
    # The check runs on the draft as it will be: a file without 5.4 keeps the draft's processing time.
    steps = data.get("steps", base.steps if base else [])
    preview.steps = [(row, parse_days(row.get("time"))) for row in steps]
    preview.steps_from_file = "steps" in data
    preview.days = data.get("processing_time_days", base.processing_time_days if base else None)
    preview.total = step_days_total(steps)
    preview.mismatch = time_mismatch(steps, preview.days)
    return preview


def _context(document, form, **extra):
    return {"document": document, "form": form, "hours_per_day": HOURS_PER_DAY, **extra}


@access.role_required()
def revision_import(request, pk):
    """Upload a Word .docx and see where its sections would go; nothing is saved."""
    document = _document(request, pk)
    if not perms.can_start_revision(request.user, document):
        raise access.RoleRequired(perms.START_ROLES, action=_("nhập nội dung từ tệp Word vào dự thảo"),
                                  offer=propose_change(request, pk=document.pk))
    # Bound on every POST: a POST without a file (or one whose name the parser drops) says "choose a file".
    posted = request.method == "POST"
    form = f.ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        from processes.documents.docx_import import DocxImportError, dump_token, import_docx

        upload = form.cleaned_data["file"]
        try:
            draft = services.import_target(document=document, user=request.user)
            result = import_docx(upload)
            token = dump_token(result.data, document=document, user=request.user)
        except DocxImportError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            preview = build_preview(result, document=document, draft=draft, file_name=upload.name)
            return render(request, "processes/documents/revision_import_preview.html",
                          _context(document, form, preview=preview, token=token))
    return render(request, "processes/documents/revision_import.html", _context(document, form))


@require_POST
@access.role_required()
def revision_import_confirm(request, pk):
    """Write what the preview showed into the draft (the open one, or a new one)."""
    document = _document(request, pk)
    if not perms.can_start_revision(request.user, document):
        raise access.RoleRequired(perms.START_ROLES, action=_("nhập nội dung từ tệp Word vào dự thảo"),
                                  offer=propose_change(request, pk=document.pk))
    from processes.documents.docx_import import DocxImportError, load_token

    try:
        data = load_token(request.POST.get("token", ""), document=document, user=request.user)
        draft = services.revision_import(document=document, user=request.user, data=data)
    except (DocxImportError, ValidationError) as error:
        # Back to the upload page, saying why; nothing was written (one transaction in the service).
        for message in getattr(error, "messages", None) or [str(error)]:
            messages.error(request, message)
        return redirect("processes:revision_import", pk=document.pk)
    messages.success(request, _("Đã nhập nội dung từ tệp Word vào dự thảo lần ban hành %(n)s. Hãy kiểm tra lại.")
                     % {"n": draft.issue_label})
    return redirect("processes:revision_edit", pk=draft.pk)
