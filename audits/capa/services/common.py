"""What every step of the nonconformity workflow shares: clean text, the locked row, the status
check, who may act and who is told. Imported by the step modules beside it.
"""

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError

from audits.capa.models import Action, Nonconformity
from qms.core.access import MANAGERS, is_manager
from qms.core.models import User
from qms.core.notify import notify, task_done, task_key  # noqa: F401 (the step modules use them from here)


def clean_text(value):
    """NFC-normalised, stripped text; NUL bytes removed (PostgreSQL refuses them)."""
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def lock_nc(nc):
    """The NC's row, locked for the step's transaction: two people acting at once take turns."""
    return Nonconformity.objects.select_for_update().get(pk=nc.pk)


def check_status(nc, allowed, message):
    if nc.status not in allowed:
        raise ValidationError(message)


def can_handle(user, nc):
    """May record the correction, the cause and plan actions: managers, the person responsible, the department head."""
    if not user.is_authenticated or user.agency_id != nc.agency_id:
        return False
    if is_manager(user):
        return True
    if nc.responsible_id and nc.responsible_id == user.pk:
        return True
    return bool(nc.department_id and nc.department.head_id == user.pk)


def require_handler(user, nc):
    if not can_handle(user, nc):
        raise PermissionDenied


def require_manager(user, nc):
    if user.agency_id != nc.agency_id or not is_manager(user):
        raise PermissionDenied


def action_owner_ids(nc):
    """Owners of the NC's actions that were not cancelled: they cannot verify their own work."""
    return set(nc.actions.exclude(status=Action.Status.CANCELLED).values_list("owner_id", flat=True))


def eligible_verifiers(nc):
    """Who may be named to verify the effectiveness of the NC's actions (8.5.2.f, NC-6): active staff of its
    agency who own none of its live actions. The one rule behind the schedule form's list, the service's check
    and the automatic choice made when the last action is done, so the list never offers someone then refused."""
    return (
        User.objects.in_agency(nc.agency).exclude(pk__in=action_owner_ids(nc))
        .select_related("department").order_by("full_name", "username")
    )


def managers_of(agency):
    return list(User.objects.in_agency(agency).with_role(*MANAGERS))


def tell(users, key, url, agency, *, task, **params):
    """Notify each person (once) of ``key`` (audits/capa/messages.py), filled with ``params``; each reads it in
    their own language. ``task`` as for qms.core.notify.notify (a task_key, or None for information)."""
    return notify(users, key, url, params=params, task=task, agency=agency)
