"""The 403 page: what the user tried, who may do it, and what they can do instead (handler403).

A refusal for a missing role (``access.RoleRequired``) names the roles and the people of the user's own
agency who hold them, so a drafter refused "Thêm tài liệu" knows whom to ask; the names come from the user's
agency only (another agency's people are never shown). Any other refusal gets the same page without names.
The next step is the one the view offered (a change request for a document), else My work.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from qms.core import access
from qms.core.models import Role, User

# A long list helps nobody: the first few holders of each role, then "…".
HOLDERS_SHOWN = 5


def holders(agency, roles):
    """[(role label, [names], more?)] for each role, in the order given; people of ``agency`` only."""
    if agency is None:
        return []
    people = {}
    rows = (User.objects.in_agency(agency).filter(roles__role__in=roles)
            .values_list("roles__role", "full_name", "first_name", "last_name", "username")
            .order_by("full_name", "username"))
    for role, full_name, first, last, username in rows:
        people.setdefault(role, []).append(full_name or f"{first} {last}".strip() or username)
    return [(Role(role).label, people.get(role, [])[:HOLDERS_SHOWN], len(people.get(role, [])) > HOLDERS_SHOWN)
            for role in roles]


def permission_denied(request, exception=None):
    roles = getattr(exception, "roles", ())
    user = request.user
    agency = user.agency if user.is_authenticated else None
    offer = getattr(exception, "offer", None)
    if offer is None:
        # An oversight officer's home is the provincial overview (they have no My work in their menu).
        if user.is_authenticated and not access.oversight_only(user):
            offer = (_("Về Việc của tôi"), reverse("core:my_work"))
        else:
            offer = (_("Về trang chủ"), reverse("core:home"))
    return render(request, "403.html", {
        "action": getattr(exception, "action", None),
        "holders": holders(agency, roles),
        "offer": offer,
    }, status=403)
