from qms.core.access import MANAGERS
from qms.core.models import Role


def navigation(request):
    """Menu entries follow the user's roles; each app's pages still check access themselves."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user.role_set
    unread = user.notifications.filter(read_at__isnull=True).count()
    return {
        "nav_roles": roles,
        "nav_is_manager": bool(roles.intersection(MANAGERS)),
        "nav_is_auditor": Role.AUDITOR in roles,
        "nav_is_oversight": Role.OVERSIGHT in roles,
        "nav_unread": unread,
    }
