"""Nonconformity workflow: one named, transactional function per step (8.3, 8.5.2, 8.5.3).

Every function locks the NC row it changes, checks that the step follows the previous one and
that the user may take it, and raises ``ValidationError`` (field-keyed, Vietnamese) or
``PermissionDenied`` otherwise, leaving nothing half-done. Notifications go out on commit.

Entry point for other parts of the app (internal audit findings, management review)::

    nc_open(*, agency, source, user, description, severity, department=None, clause="", detected_on=None, **extra)

The steps live by what they do: ``lifecycle`` (opening, correction, root cause, rejecting,
reopening), ``actions`` (actions and their evidence), ``effectiveness`` (the check and closing),
and ``common`` what they share. Callers use this package (``from audits.capa import services as
svc``); the modules inside it import each other by their own path, never through this file, which
would make an import cycle (tests/test_layout.py).
"""

from audits.capa.services.actions import (  # noqa: F401
    action_add,
    action_cancel,
    action_change,
    action_complete,
    action_evidence_add,
    nc_plan_actions,
)
from audits.capa.services.common import (  # noqa: F401
    action_owner_ids,
    can_handle,
    clean_text,
    eligible_verifiers,
    managers_of,
    tell,
)
from audits.capa.services.effectiveness import check_schedule, close_blockers, may_verify, nc_close, nc_verify  # noqa: F401
from audits.capa.services.lifecycle import (  # noqa: F401
    MAX_WHYS,
    format_reference,
    nc_analyse_cause,
    nc_open,
    nc_record_correction,
    nc_reject,
    nc_reopen,
    nc_update,
    next_step,
)
