"""The working-day calendar page ("Lịch làm việc"): the year's public holidays and the days changed on top of them.

Every member of an agency reads it (their agency's calendar: province-wide changes and its own); the agency's
coordinator enters and removes the agency's own days; the provincial oversight account enters and removes the
province-wide ones and sees only those. Another agency's change answers 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.core import access, workdays
from qms.core.forms import CalendarChangeForm
from qms.core.models import Agency, CalendarChange, Role


def _calendar_agency(user):
    """The agency whose calendar the user sees: None (province-wide alone) for the oversight body's people."""
    agency = access.require_agency(user)
    return None if agency.kind == Agency.Kind.OVERSIGHT or access.has_role(user, Role.OVERSIGHT) else agency


def _visible(user):
    agency = _calendar_agency(user)
    scope = Q(agency__isnull=True) if agency is None else Q(agency__isnull=True) | Q(agency=agency)
    return CalendarChange.objects.filter(scope), agency


def _may_manage(user, change_agency_id):
    """Province-wide rows are the oversight's; an agency's rows its coordinator's."""
    if change_agency_id is None:
        return access.has_role(user, Role.OVERSIGHT)
    return access.has_role(user, Role.COORDINATOR) and user.agency_id == change_agency_id


def _year(request):
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def workday_calendar(request):
    changes, agency = _visible(request.user)
    target_agency_id = agency.pk if agency else None
    can_manage = _may_manage(request.user, target_agency_id)
    year = _year(request)
    form = CalendarChangeForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise access.RoleRequired((Role.COORDINATOR, Role.OVERSIGHT), action=_("nhập ngày nghỉ, ngày làm bù"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = workdays.add_change(agency=agency, day=data["date"], kind=data["kind"],
                                             reason=data["reason"], by=request.user)
            except ValidationError as exc:
                for name, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error.messages[0])
            else:
                messages.success(request, _("Đã thêm %(change)s vào lịch làm việc.") % {"change": change})
                return redirect(reverse("core:workday_calendar") + f"?nam={change.date.year}")
    calendar = workdays.WorkCalendar.for_agency(agency)
    holidays = [(day, workdays.holiday_name(name)) for day, name in calendar.holidays_of(year)]
    rows = list(changes.filter(date__year=year).select_related("agency", "created_by"))
    today = timezone.localdate()
    for row in rows:
        row.removable = row.date > today and _may_manage(request.user, row.agency_id)
    return render(request, "core/workday_calendar.html", {
        "year": year, "years": [year - 1, year, year + 1], "holidays": holidays, "changes": rows,
        "form": form, "agency": agency, "today": today, "province_wide": agency is None,
        "office_hours": (workdays.MORNING, workdays.AFTERNOON),
    }, status=200)


@require_POST
def workday_change_remove(request, pk):
    changes, _agency = _visible(request.user)
    change = get_object_or_404(changes, pk=pk)
    if not _may_manage(request.user, change.agency_id):
        raise access.RoleRequired((Role.COORDINATOR, Role.OVERSIGHT), action=_("xóa ngày nghỉ, ngày làm bù"))
    try:
        workdays.remove_change(change=change, reason=request.POST.get("reason", "")[:255], by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xóa %(change)s khỏi lịch làm việc.") % {"change": change})
    return redirect(reverse("core:workday_calendar") + f"?nam={change.date.year}")

