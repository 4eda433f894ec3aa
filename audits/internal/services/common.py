"""Who may do what on an internal audit, the locked row and the status check: shared by the
services beside this module (and read by the pages, through the package).
"""

from django.core.exceptions import PermissionDenied, ValidationError

from audits.internal.models import Audit
from qms.core.access import MANAGERS, has_role


def lock_audit(audit):
    """The audit's row, locked for the step's transaction: two people acting at once take turns."""
    return Audit.objects.select_for_update().get(pk=audit.pk)


def is_audit_manager(user, agency):
    """Plans the programme and the audits: the ISO coordinator, the management representative, the head."""
    return user.is_authenticated and user.agency_id == agency.pk and has_role(user, *MANAGERS)


def is_on_audit(user, audit):
    return user.is_authenticated and (user.pk == audit.lead_auditor_id or user.pk in audit.auditor_ids())


def can_work(user, audit):
    """Answers the checklist and records findings: the lead auditor and the team."""
    return user.is_authenticated and user.agency_id == audit.agency_id and is_on_audit(user, audit)


def can_lead(user, audit):
    """Starts the audit, issues the report, reopens: the lead auditor or a QMS manager."""
    return user.is_authenticated and user.agency_id == audit.agency_id and (
        user.pk == audit.lead_auditor_id or has_role(user, *MANAGERS)
    )


def require(flag):
    if not flag:
        raise PermissionDenied


def check_status(audit, allowed, message):
    if audit.status not in allowed:
        raise ValidationError(message)
