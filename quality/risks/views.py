"""The register of risks and opportunities (6.1) and the pages that add, review and act on an entry.

Every member of the agency reads; the QMS managers add, review and plan actions; an action's owner or a manager
records it done; a manager evaluates its effectiveness. Oversight is refused; another agency's entry is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core.access import MANAGERS, get_scoped_or_404, is_manager, require_role, role_required, scoped
from qms.core.models import Role
from quality.risks import services
from quality.risks.forms import ActionForm, EvaluateForm, ReviewForm, RiskForm
from quality.risks.models import Risk, RiskAction

MEMBERS = tuple(r for r in Role.values if r != Role.OVERSIGHT)


def _apply_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error.messages[0])
    else:
        for message in exc.messages:
            form.add_error(None, message)


@role_required(*MEMBERS)
def risk_list(request):
    risks = scoped(Risk.objects.all(), request.user).annotate(
        open_actions=Count("actions", filter=Q(actions__status=RiskAction.Status.PLANNED)),
        actions_total=Count("actions"),
    ).order_by("next_review_on", "pk")[:500]
    form = RiskForm(request.POST or None) if is_manager(request.user) else None
    if request.method == "POST":
        require_role(request.user, *MANAGERS, action=_("ghi rủi ro, cơ hội"))
        if form.is_valid():
            try:
                risk = services.risk_add(agency=request.user.agency, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi vào sổ rủi ro, cơ hội."))
                return redirect("quality:risk_detail", pk=risk.pk)
    return render(request, "quality/risks/risk_list.html", {
        "risks": risks, "form": form, "today": timezone.localdate(),
    }, status=400 if request.method == "POST" else 200)


def _risk(request, pk):
    return get_scoped_or_404(Risk.objects.all(), request.user, pk=pk)


def _detail(request, risk, *, review_form=None, action_form=None, status=200):
    manager = is_manager(request.user)
    agency = request.user.agency
    return render(request, "quality/risks/risk_detail.html", {
        "risk": risk,
        "actions": risk.actions.select_related("owner").order_by("due_date", "pk"),
        "review_form": review_form or (ReviewForm(initial={"likelihood": risk.likelihood, "impact": risk.impact})
                                       if manager else None),
        "action_form": action_form or (ActionForm(agency=agency) if manager else None),
        "manager": manager, "today": timezone.localdate(),
    }, status=status)


@role_required(*MEMBERS)
def risk_detail(request, pk):
    return _detail(request, _risk(request, pk))


@role_required(*MEMBERS)
@require_POST
def risk_review(request, pk):
    risk = _risk(request, pk)
    require_role(request.user, *MANAGERS, action=_("xem xét rủi ro, cơ hội"))
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.risk_review(risk=risk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả xem xét."))
            return redirect("quality:risk_detail", pk=risk.pk)
    return _detail(request, risk, review_form=form, status=400)


@role_required(*MEMBERS)
@require_POST
def action_add(request, pk):
    risk = _risk(request, pk)
    require_role(request.user, *MANAGERS, action=_("giao hành động giải quyết rủi ro, cơ hội"))
    form = ActionForm(request.POST, agency=request.user.agency)
    if form.is_valid():
        try:
            services.action_add(risk=risk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã giao hành động."))
            return redirect("quality:risk_detail", pk=risk.pk)
    return _detail(request, risk, action_form=form, status=400)


def _action(request, pk):
    return get_scoped_or_404(RiskAction.objects.select_related("risk"), request.user, pk=pk)


@role_required(*MEMBERS)
@require_POST
def action_done(request, pk):
    action = _action(request, pk)
    if action.owner_id != request.user.pk and not is_manager(request.user):
        raise PermissionDenied
    try:
        services.action_done(action=action, user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Đã ghi hoàn thành."))
    return redirect("quality:risk_detail", pk=action.risk_id)


@role_required(*MEMBERS)
def action_evaluate(request, pk):
    action = _action(request, pk)
    require_role(request.user, *MANAGERS, action=_("đánh giá hiệu lực hành động"))
    form = EvaluateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_evaluate(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi đánh giá hiệu lực."))
            return redirect("quality:risk_detail", pk=action.risk_id)
    return render(request, "quality/risks/action_evaluate.html", {"action": action, "form": form},
                  status=400 if request.method == "POST" else 200)
