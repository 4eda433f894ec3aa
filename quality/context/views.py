"""The agency's context page (4.1, 4.2): issues and interested parties, and the pages that change one.

Every member of the agency reads it; the QMS managers (head, coordinator, management representative) record and
change; the provincial oversight reads none; another agency's issue or party is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qms.core.access import MANAGERS, get_scoped_or_404, is_manager, require_role, role_required, scoped
from qms.core.models import Role
from quality.context import services
from quality.context.forms import IssueForm, PartyForm
from quality.context.models import ContextIssue, InterestedParty

MEMBERS = tuple(r for r in Role.values if r != Role.OVERSIGHT)


def _apply_errors(form, exc):
    for name, errors in exc.error_dict.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error.messages[0])


def _page(request, issue_form=None, party_form=None, status=200):
    manager = is_manager(request.user)
    return render(request, "quality/context/context.html", {
        "issues": scoped(ContextIssue.objects.all(), request.user).order_by("-is_active", "kind", "pk"),
        "parties": scoped(InterestedParty.objects.all(), request.user).order_by("-is_active", "name"),
        "issue_form": issue_form or (IssueForm() if manager else None),
        "party_form": party_form or (PartyForm() if manager else None),
        "agency": request.user.agency,
    }, status=status)


@role_required(*MEMBERS)
def context_page(request):
    return _page(request)


@role_required(*MANAGERS, action=_("ghi vấn đề nội bộ, bên ngoài"))
def issue_add(request):
    if request.method != "POST":
        return redirect("quality:context")
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.issue_save(agency=request.user.agency, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi vấn đề."))
            return redirect("quality:context")
    return _page(request, issue_form=form, status=400)


@role_required(*MANAGERS, action=_("ghi bên quan tâm"))
def party_add(request):
    if request.method != "POST":
        return redirect("quality:context")
    form = PartyForm(request.POST)
    if form.is_valid():
        try:
            services.party_save(agency=request.user.agency, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi bên quan tâm."))
            return redirect("quality:context")
    return _page(request, party_form=form, status=400)


@role_required(*MEMBERS)
def issue_edit(request, pk):
    issue = get_scoped_or_404(ContextIssue.objects.all(), request.user, pk=pk)
    require_role(request.user, *MANAGERS, action=_("sửa vấn đề nội bộ, bên ngoài"))
    initial = {"kind": issue.kind, "description": issue.description, "effect": issue.effect, "is_active": issue.is_active}
    form = IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_save(agency=request.user.agency, user=request.user, issue=issue, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("quality:context")
    return render(request, "quality/context/edit.html", {
        "form": form, "object": issue, "title": _("Sửa vấn đề nội bộ, bên ngoài"), "history_model": "quality.contextissue",
    }, status=400 if request.method == "POST" else 200)


@role_required(*MEMBERS)
def party_edit(request, pk):
    party = get_scoped_or_404(InterestedParty.objects.all(), request.user, pk=pk)
    require_role(request.user, *MANAGERS, action=_("sửa bên quan tâm"))
    initial = {"name": party.name, "requirements": party.requirements, "monitoring": party.monitoring,
               "is_active": party.is_active}
    form = PartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_save(agency=request.user.agency, user=request.user, party=party, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("quality:context")
    return render(request, "quality/context/edit.html", {
        "form": form, "object": party, "title": _("Sửa bên quan tâm"), "history_model": "quality.interestedparty",
    }, status=400 if request.method == "POST" else 200)
