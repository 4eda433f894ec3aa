"""The agency's edition of TCVN ISO 9001 ("Phiên bản tiêu chuẩn", issue 18): what it applies, since when, and the
history of its changes. Every member reads it; only the agency's coordinator changes it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core import access, editions
from qms.core.forms import IsoEditionForm
from qms.core.models import Role


def _changes(agency):
    """The history rows where the edition changed, newest first (one query)."""
    rows = list(agency.history.order_by("history_date", "history_id").select_related("history_user")
                .only("iso_edition", "iso_edition_since", "history_date", "history_user", "history_change_reason"))
    changes, previous = [], None
    for row in rows:
        if previous is not None and row.iso_edition != previous:
            changes.append(row)
        previous = row.iso_edition
    return changes[::-1]


def iso_edition(request):
    agency = access.require_agency(request.user)
    can_change = access.has_role(request.user, Role.COORDINATOR)
    other = "2008" if agency.iso_edition == "2015" else "2015"
    form = None
    if can_change:
        form = IsoEditionForm(request.POST or None, initial={"edition": other, "since": timezone.localdate()})
    if request.method == "POST":
        if not can_change:
            raise access.RoleRequired((Role.COORDINATOR,), action=_("đổi phiên bản tiêu chuẩn áp dụng"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                editions.set_edition(agency=agency, edition=data["edition"], since=data["since"],
                                     reason=data["reason"], by=request.user)
            except ValidationError as exc:
                for name, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(name if name in form.fields else None, error.messages[0])
            else:
                messages.success(request, _("Cơ quan áp dụng %(standard)s từ ngày %(day)s.") % {
                    "standard": editions.standard_name(agency.iso_edition),
                    "day": agency.iso_edition_since.strftime("%d/%m/%Y")})
                return redirect("core:iso_edition")
    return render(request, "core/iso_edition.html", {
        "agency": agency, "form": form, "changes": _changes(agency),
        "standard": editions.standard_name(agency.iso_edition),
    }, status=400 if request.method == "POST" else 200)
