from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import access, overview
from qms.core.history import history_entries
from qms.core.models import Role
from qms.core.mywork import work_for


def province_overview(request):
    """Provincial oversight: every agency's QMS status figures, never their drafts or records."""
    access.require_role(request.user, Role.OVERSIGHT)
    rows = overview.province_overview()
    return render(
        request, "core/overview.html", {"rows": rows, "mandatory_clauses": overview.MANDATORY_CLAUSES}
    )


def home(request):
    if request.user.has_role(Role.OVERSIGHT) and request.user.role_set == {Role.OVERSIGHT}:
        return redirect("core:province_overview")
    return redirect("core:my_work")


def my_work(request):
    items = work_for(request.user)
    notifications = list(request.user.notifications.filter(read_at__isnull=True)[:50])
    sections = {}
    for item in items:
        sections.setdefault(item.section, []).append(item)
    return render(
        request,
        "core/my_work.html",
        {"sections": sections, "item_count": len(items), "notifications": notifications},
    )


@require_POST
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("core:my_work")


@access.public
@require_POST
def set_language(request):
    """Switch language: remembered on the user's profile, or in a cookie for anonymous visitors."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        code = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        request.user.language = code
        request.user._change_reason = "language"
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


def object_history(request, model, pk):
    """Field-level history of any tracked object of the user's agency.

    A model opts in by having ``history`` (django-simple-history) and says how it reaches its
    agency with ``history_agency_path`` (default "agency"). Models may narrow further with a
    ``visible_to(user)`` queryset method (drafts, for instance).
    """
    access.require_agency(request.user)
    try:
        model_class = apps.get_model(model)
    except (LookupError, ValueError):
        raise Http404 from None
    if not hasattr(model_class, "history") or getattr(model_class, "history_hidden", False):
        raise Http404
    path = getattr(model_class, "history_agency_path", "agency")
    queryset = model_class._default_manager.all()
    if hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(request.user)
    if model_class._meta.label == "core.Agency":
        if str(request.user.agency_id) != str(pk):
            raise Http404
        obj = request.user.agency
    else:
        obj = access.get_scoped_or_404(queryset, request.user, field=path, pk=pk)
    if model_class._meta.label in {"core.User", "core.UserRole", "core.Department", "core.Agency"}:
        if not access.is_manager(request.user) and obj != request.user:
            raise PermissionDenied
    return render(
        request,
        "core/history.html",
        {"object": obj, "entries": history_entries(obj), "verbose_name": model_class._meta.verbose_name},
    )
