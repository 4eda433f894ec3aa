"""What the internal audit pages share. Access: every object is fetched through
``get_scoped_or_404`` (another agency → 404); reading an audit needs a QMS role (manager, auditor,
department head) or a part in the audit (→ 403 otherwise); each change is allowed or refused by
the service function it calls.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from audits.internal import services as svc
from audits.internal.models import Audit, AuditProgramme
from qms.core.access import MANAGERS, get_scoped_or_404, has_role, require_agency, require_role
from qms.core.models import Role

READERS = (*MANAGERS, Role.AUDITOR, Role.REVIEWER)


def readers_only(user):
    require_agency(user)
    require_role(user, *READERS)


def can_view(user, audit):
    return user.agency_id == audit.agency_id and (has_role(user, *READERS) or svc.is_on_audit(user, audit) or (
        audit.auditees.filter(pk=user.pk).exists()
    ))


def get_audit(request, pk, queryset=None):
    require_agency(request.user)
    audit = get_scoped_or_404(queryset if queryset is not None else Audit.objects.select_related("programme", "lead_auditor"), request.user, pk=pk)
    if not can_view(request.user, audit):
        raise PermissionDenied
    return audit


def apply_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def flash_errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def get_programme(request, pk):
    require_agency(request.user)
    programme = get_scoped_or_404(AuditProgramme.objects.all(), request.user, pk=pk)  # another agency's → 404
    require_role(request.user, *READERS)
    return programme
