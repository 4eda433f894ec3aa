from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import access, exports, overview, subjects
from qms.core.history import history_entries
from qms.core.models import Department, Role, User
from qms.core.mywork import sections_of, work_for


def province_overview(request):
    """Provincial oversight: every agency's QMS status figures, never their drafts or records."""
    access.require_role(request.user, Role.OVERSIGHT)
    rows = overview.province_overview()
    return render(
        request, "core/overview.html", {"rows": rows, "mandatory_clauses": overview.MANDATORY_CLAUSES}
    )


def province_overview_xlsx(request):
    """The same rows as the overview page, as a spreadsheet the oversight body files and sorts."""
    access.require_role(request.user, Role.OVERSIGHT)
    today = timezone.localdate()
    return exports.xlsx_response(
        f"tong-quan-tinh-{today:%Y-%m-%d}.xlsx", overview.export_headers(),
        overview.export_rows(overview.province_overview(today)), sheet_title=_("Tổng quan toàn tỉnh"),
        title_lines=[request.user.agency.name,
                     _("TÌNH HÌNH ÁP DỤNG HTQLCL CỦA CÁC CƠ QUAN") + " – " + today.strftime("%d/%m/%Y")],
    )


def home(request):
    if access.oversight_only(request.user):
        return redirect("core:province_overview")
    return redirect("core:my_work")


def my_work(request):
    items = work_for(request.user)
    notifications = list(request.user.notifications.filter(read_at__isnull=True)[:50])
    return render(
        request,
        "core/my_work.html",
        {"sections": sections_of(items), "item_count": len(items), "notifications": notifications},
    )


def notification_open(request, pk):
    """Follow a notification's link. Information is read once opened; a task stays new until it is done
    (notify.task_done), however often it is looked at. Someone else's notification answers 404."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    if not notification.task and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("core:my_work")
    return redirect(target)


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


def _history_scopes(user):
    """Which objects' history this user may read, per model: (queryset, managers only?).

    Deny by default: a model appears here only with the same visibility as its own pages, so
    the history page never shows what the object's page would refuse (checklist evidence,
    citizens' feedback, drafts' signatures…). Those are shown inside their own pages instead.
    Each subject registers its models' scopes (``qms.core.subjects.register_history_scopes``).
    """
    agency = user.agency
    return {
        "core.department": (Department.objects.filter(agency=agency), True),
        "core.user": (User.objects.filter(agency=agency), True),
        **subjects.history_scopes(user),
    }


def object_history(request, model, pk):
    """Field-level history (who, when, before → after, why) of one object of the user's agency."""
    access.require_agency(request.user)
    scope = _history_scopes(request.user).get(model.lower())
    if scope is None:
        raise Http404
    queryset, managers_only = scope
    obj = get_object_or_404(queryset, pk=pk)
    if managers_only and not access.is_manager(request.user) and obj != request.user:
        raise PermissionDenied
    model_class = type(obj)
    return render(
        request,
        "core/history.html",
        {"object": obj, "entries": history_entries(obj), "verbose_name": model_class._meta.verbose_name},
    )
