from qms.core.access import MANAGERS, oversight_only
from qms.core.models import Role


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
