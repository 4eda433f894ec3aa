"""Permission decisions, in one place.

Every view and download asks here. Two rules hold everywhere:
- an object of another agency is answered with 404 (never its content, never a 403 that
  would confirm it exists);
- a missing role inside one's own agency is answered with 403 (PermissionDenied); ``RoleRequired`` says
  which roles may and what to do instead, and the 403 page (``qms/core/denied.py``) shows it with the names
  of the people of the user's own agency who hold those roles.
"""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from qms.core.models import Role

# Roles that may manage the QMS of their agency (register, distribution, audit programme, NC register).
MANAGERS = (Role.COORDINATOR, Role.MGMT_REP, Role.HEAD)


def agency_of(user):
    """The agency whose data this user may see; None for users outside any agency."""
    if not user.is_authenticated:
        return None
    return user.agency


def require_agency(user):
    agency = agency_of(user)
    if agency is None:
        raise PermissionDenied
    return agency


def has_role(user, *roles):
    return user.is_authenticated and user.has_role(*roles)


class RoleRequired(PermissionDenied):
    """403 for a role the user lacks. ``action``: what the user tried, in words ("thêm tài liệu vào danh mục");
    ``offer``: what they can do instead, a (label, url) pair (the 403 page falls back to My work)."""

    def __init__(self, roles, *, action=None, offer=None):
        super().__init__(str(action or ""))
        self.roles = tuple(roles)
        self.action = action
        self.offer = offer


def require_role(user, *roles, action=None, offer=None):
    if not has_role(user, *roles):
        raise RoleRequired(roles, action=action, offer=offer)


def is_manager(user):
    return has_role(user, *MANAGERS)


def oversight_only(user):
    """A provincial oversight officer and nothing else: their home is the provincial overview, and their menu
    leaves out their own agency's QMS pages, which they do not work in."""
    return user.is_authenticated and user.role_set == {Role.OVERSIGHT}


def scoped(queryset, user, field="agency"):
    """Restrict a queryset to the user's agency; an outsider gets an empty queryset."""
    agency = agency_of(user)
    if agency is None:
        return queryset.none()
    return queryset.filter(**{field: agency})


def get_scoped_or_404(queryset, user, field="agency", **lookup):
    """Fetch one object of the user's agency or answer 404."""
    agency = agency_of(user)
    if agency is None:
        raise Http404
    return get_object_or_404(queryset, **{field: agency}, **lookup)


def role_required(*roles, action=None, offer=None):
    """View decorator: the user must belong to an agency and hold one of the roles (any role if none named).

    ``action`` and ``offer`` go to the 403 page (``RoleRequired``); ``offer`` is called with the request and
    the view's URL arguments, and returns a (label, url) pair or None, only when the user is refused."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_agency(request.user)
            if roles and not has_role(request.user, *roles):
                raise RoleRequired(roles, action=action, offer=offer(request, **kwargs) if offer else None)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def public(view):
    """Mark a view as reachable without logging in (verification pages, citizens' feedback).

    Login is required everywhere else by Django's LoginRequiredMiddleware, so a view that
    forgets to say anything fails closed.
    """
    view = login_not_required(view)
    view.qms_public = True
    return view
