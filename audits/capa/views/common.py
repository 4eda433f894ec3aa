"""What the nonconformity pages share: the access helpers that fetch an NC or an action for the
user (another agency's → 404), a service's errors shown on a form, the step page and its refusal.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import Action, Nonconformity
from qms.core.access import get_scoped_or_404

PAGE_SIZE = 50


def apply_errors(form, exc):
    """Show a service's ValidationError on the form, on its field where the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages[0] if hasattr(error, "messages") else error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def get_nc(request, pk):
    queryset = Nonconformity.objects.select_related(
        "agency", "department", "department__head", "document", "detected_by", "responsible", "correction_by", "cause_by",
        "closed_by", "created_by",
    )
    return get_scoped_or_404(queryset, request.user, pk=pk)


def get_action(request, pk):
    queryset = Action.objects.select_related("nc", "nc__department", "owner", "agency")
    return get_scoped_or_404(queryset, request.user, pk=pk)


def step_page(request, nc, form, title, intro="", template="audits/capa/nc_step.html", extra=None):
    context = {"nc": nc, "form": form, "title": title, "intro": intro, "next_step": svc.next_step(nc),
               "today": timezone.localdate()}
    context.update(extra or {})
    return render(request, template, context)


def refuse_step(request, nc, exc):
    for message in exc.messages:
        messages.error(request, message)
    return redirect(nc)


def post_step(request, nc, call, success):
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(nc)
