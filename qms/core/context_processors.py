from qms.core import editions
from qms.core.access import MANAGERS, oversight_only
from qms.core.models import Agency, Role


def navigation(request):
    """Menu entries follow the user's roles; each app's pages still check access themselves."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user.role_set
    unread = user.notifications.filter(read_at__isnull=True).count()
    only_oversight = oversight_only(user)
    return {
        "nav_roles": roles,
        "nav_is_manager": bool(roles.intersection(MANAGERS)),
        "nav_is_auditor": Role.AUDITOR in roles,
        "nav_is_oversight": Role.OVERSIGHT in roles,
        # An oversight officer reads the provincial overview only: no My work, none of their agency's QMS pages.
        "nav_oversight_only": only_oversight,
        "nav_agency_work": bool(user.agency_id) and not only_oversight,
        "nav_unread": unread,
    }


def edition(request):
    """The edition of ISO 9001 the user's agency applies, for every page: ``agency_edition`` ("2008", "2015", or
    None where no agency is known: a visitor, the oversight body) and ``agency_standard`` (its name, or both
    editions). Read from the user's agency, which the login backend loads with the user: no query."""
    user = getattr(request, "user", None)
    agency = user.agency if user is not None and user.is_authenticated else None
    if agency is not None and agency.kind != Agency.Kind.SUPERVISED:
        agency = None
    return {"agency_edition": agency.iso_edition if agency is not None else None,
            "agency_standard": editions.standard_label(agency)}
