"""Pages for tokens: a user's own tokens (make, revoke), and the coordinator's service accounts of the agency.

A new token is shown once, on the page that answers the form (never stored, never in a URL, not cached).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api.tokens import services
from api.tokens.forms import ServiceAccountForm, TokenForm
from api.tokens.models import ServiceAccount, Token
from qms.core.access import RoleRequired, require_agency, role_required
from qms.core.models import Role


def _apply(form, error):
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _created(request, token, raw, back):
    response = render(request, "api/tokens/token_created.html", {"token": token, "raw": raw, "back": back})
    response["Cache-Control"] = "no-store"
    return response


def _make(request, form, owner, back):
    if form.is_valid():
        data = form.cleaned_data
        try:
            token, raw = services.create_token(owner=owner, created_by=request.user, name=data["name"],
                                               scopes=data["scopes"], days=data["days"])
        except ValidationError as error:
            _apply(form, error)
        else:
            return _created(request, token, raw, back)
    return None


@role_required()
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        created = _make(request, form, request.user, "api:token_list")
        if created is not None:
            return created
    tokens = Token.objects.filter(owner=request.user).order_by("-created_at", "-id")
    return render(request, "api/tokens/token_list.html", {
        "form": form, "tokens": tokens, "can_manage_accounts": services.can_manage_service_accounts(request.user)})


@require_POST
@role_required()
def token_revoke(request, pk):
    token = get_object_or_404(Token.objects.select_related("owner"), pk=pk)
    if not services.can_revoke(request.user, token):
        raise Http404  # another person's token is not anyone's business
    services.revoke_token(token=token, user=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập %(t)s.") % {"t": token})
    if token.owner_id == request.user.pk:
        return redirect("api:token_list")
    return redirect("api:service_accounts")


def _require_coordinator(user):
    require_agency(user)
    if not services.can_manage_service_accounts(user):
        raise RoleRequired([Role.COORDINATOR], action=_("quản lý tài khoản dịch vụ của cơ quan"))


@role_required()
def service_accounts(request):
    _require_coordinator(request.user)
    form = ServiceAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_service_account(agency=request.user.agency, user=request.user,
                                                      name=form.cleaned_data["name"], roles=form.cleaned_data["roles"])
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                raise
            _apply(form, error)
        else:
            messages.success(request, _("Đã tạo tài khoản dịch vụ %(n)s.") % {"n": account.name})
            return redirect("api:service_account_detail", pk=account.pk)
    accounts = (ServiceAccount.objects.filter(agency=request.user.agency).select_related("user")
                .order_by("name"))
    return render(request, "api/tokens/service_accounts.html", {"form": form, "accounts": accounts})


@role_required()
def service_account_detail(request, pk):
    _require_coordinator(request.user)
    account = get_object_or_404(ServiceAccount.objects.select_related("user"), pk=pk, agency=request.user.agency)
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        created = _make(request, form, account.user, "api:service_accounts")
        if created is not None:
            return created
    tokens = Token.objects.filter(owner=account.user).order_by("-created_at", "-id")
    roles = sorted(account.user.roles.values_list("role", flat=True))
    return render(request, "api/tokens/service_account_detail.html", {
        "account": account, "form": form, "tokens": tokens, "roles": [Role(r).label for r in roles]})
