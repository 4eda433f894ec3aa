"""Pages of late files: the coordinator's list of late files (open an NC in one step; the automatic choice is
shown, and made on the one-stop settings page), the apology slip form (form 04), and the actions on a file's page for a late file or a dissatisfied rating.

Who (cases/late/permissions.py): the list and its NC buttons, the coordinator; the apology, the file's handler or
the coordinator; a rating turned into feedback or an NC, the desk's clerks or the coordinator. Another agency's
file: 404; oversight and other roles: 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.files import register
from cases.files.models import ApologySlip, Case, OneStopSettings, Rating
from cases.files.permissions import MEMBERS
from cases.files.services.common import calendar
from cases.late import services
from cases.late.forms import ApologyForm
from cases.late.permissions import COORDINATORS, RATING_ROLES, may_issue_apology, may_turn_rating
from qms.core.access import get_scoped_or_404, role_required, scoped

PAGE_SIZE = 50


def _case(request, pk):
    return get_scoped_or_404(Case.objects.select_related("document", "agency", "current_step", "nc", "feedback"),
                             request.user, pk=pk)


def _messages(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@role_required(*COORDINATORS, action=_("xem danh sách hồ sơ trễ hạn"))
def late_list(request):
    agency = request.user.agency
    now = timezone.now()
    queryset = (scoped(Case.objects.late(now), request.user)
                .select_related("document", "nc", "current_step__department")
                .only("pk", "code", "status", "received_at", "appointment_at", "new_appointment_at", "result_at",
                      "returned_at", "is_late", "document__code", "document__title", "document__procedure_code",
                      "nc__reference", "current_step__code", "current_step__department__name")
                .order_by("appointment_at", "pk"))
    without_nc = request.GET.get("nc") == "0"
    if without_nc:
        queryset = queryset.filter(nc__isnull=True)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    cal = calendar(agency)
    # Each row's links and dates made here, the patterns reversed and the date format read once: as tags and
    # filters in the template's loop they were most of the page's time (cases/files/register.py).
    when, detail, open_nc = register.formatter("SHORT_DATETIME_FORMAT"), register.url_of(), register.url_of(
        "cases:late_open_nc")
    for case in page.object_list:
        case.late_days = services.late_days(case, cal, now)
        case.url, case.open_nc_url = detail(case.pk), open_nc(case.pk)
        case.appointment_text, case.new_appointment_text = when(case.appointment_at), when(case.new_appointment_at)
    # The choice itself is made on the one-stop settings page (cases/privacy), the one place for it; shown here.
    settings = OneStopSettings.objects.filter(agency=agency).only("auto_open_late_nc").first()
    return render(request, "cases/late/late_list.html", {
        "page": page, "without_nc": without_nc, "query": "nc=0" if without_nc else "",
        "auto_open_late_nc": bool(settings and settings.auto_open_late_nc),
    })


@require_POST
@role_required(*COORDINATORS, action=_("mở sự không phù hợp cho hồ sơ trễ hạn"))
def late_open_nc(request, pk):
    case = _case(request, pk)
    try:
        nc = services.late_case_open_nc(case=case, user=request.user)
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(request, _("Đã mở phiếu không phù hợp %(ref)s cho hồ sơ %(code)s.")
                         % {"ref": nc.reference, "code": case.code})
    back = request.POST.get("next")
    return redirect(back if back == reverse("cases:late_list") else case.get_absolute_url())


@role_required(*MEMBERS)
def apology_issue(request, pk):
    case = _case(request, pk)
    if not may_issue_apology(request.user, case):
        raise PermissionDenied
    form = ApologyForm(request.POST or None, agency=case.agency)
    if request.method == "POST" and form.is_valid():
        try:
            slip = services.apology_issue(case=case, user=request.user, new_appointment_at=form.new_appointment_at(),
                                          reason=form.cleaned_data["reason"], signed_by=form.cleaned_data["signed_by"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    field = {"new_appointment_at": "new_date"}.get(name, name)
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error.messages[0])
            else:
                for message in exc.messages:
                    form.add_error(None, message)
        else:
            messages.success(request, _("Đã lập phiếu xin lỗi và hẹn lại lần %(n)s; hẹn trả mới %(at)s.")
                             % {"n": slip.number, "at": services.when(slip.new_appointment_at)})
            return redirect(case)
    passed = case.due_at is None or case.due_at <= timezone.now()
    slips = list(ApologySlip.objects.filter(case=case).select_related("signed_by", "issued_by").order_by("number"))
    return render(request, "cases/late/apology.html", {"case": case, "form": form, "passed": passed, "slips": slips,
                                                        "running": case.status in services.RUNNING})


def _rating_action(request, pk, run, success):
    case = _case(request, pk)
    try:
        result = run(case)
    except ValidationError as exc:
        _messages(request, exc)
    else:
        messages.success(request, success(result))
    return redirect(case)


@require_POST
@role_required(*RATING_ROLES, action=_("chuyển đánh giá không hài lòng thành phản ánh hoặc sự không phù hợp"))
def rating_feedback(request, pk):
    return _rating_action(request, pk, lambda case: services.rating_to_feedback(case=case, user=request.user),
                          lambda fb: _("Đã chuyển đánh giá thành phản ánh %(code)s.") % {"code": fb.tracking_code})


@require_POST
@role_required(*RATING_ROLES, action=_("chuyển đánh giá không hài lòng thành phản ánh hoặc sự không phù hợp"))
def rating_nc(request, pk):
    return _rating_action(request, pk, lambda case: services.rating_to_nc(case=case, user=request.user),
                          lambda nc: _("Đã mở phiếu không phù hợp %(ref)s từ đánh giá.") % {"ref": nc.reference})


def file_panel(request, case, context):
    """What the file's page shows of late files to this user (cases/files/hooks.py): apology slips issued, the
    apology link for its handler or the coordinator, the NC button for the coordinator, the rating's actions."""
    user = request.user
    now = context.get("now") or timezone.now()
    slips = list(ApologySlip.objects.filter(case=case).select_related("signed_by").order_by("number"))
    late = services.is_late(case, now)
    coordinator = user.has_role(*COORDINATORS)
    panel = {
        "template": "cases/late/panel.html", "slips": slips, "late": late,
        "can_apologise": case.status in services.RUNNING and case.due_at is not None and case.due_at > now
        and may_issue_apology(user, case),
        "can_open_nc": coordinator and late and not case.nc_id,
        "can_turn_rating": case.rating == Rating.NOT_SATISFIED and may_turn_rating(user, case),
    }
    if not (slips or late or case.nc_id or case.feedback_id or panel["can_apologise"] or panel["can_turn_rating"]):
        return None
    return panel
