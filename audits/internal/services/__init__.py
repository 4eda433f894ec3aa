"""Internal audits (8.2.2): one named, transactional function per step.

Each function locks the audit it changes, checks the status and the user's right, and raises
``ValidationError`` (field-keyed, Vietnamese) or ``PermissionDenied`` otherwise, leaving nothing
half-done. Notifications go out on commit (``qms.core.notify``).

The steps live by what they do: ``planning`` (programme, audit plans, team and independence),
``checklists`` (templates, questions, answers, evidence), ``conduct`` (start, findings, report,
reopen, close), and ``common`` who may act. Callers use this package (``from audits.internal
import services as svc``); the modules inside it import each other by their own path, never
through this file, which would make an import cycle (tests/test_layout.py).
"""

from audits.internal.services.checklists import (  # noqa: F401
    ChecklistRefused,
    checklist_add_item,
    checklist_answer,
    checklist_answer_many,
    checklist_apply_template,
    checklist_attach,
    checklist_progress,
    require_checklist_editable,
    template_save,
    unanswered_items,
)
from audits.internal.services.common import can_lead, can_work, is_audit_manager, is_on_audit  # noqa: F401
from audits.internal.services.conduct import (  # noqa: F401
    UnansweredItems,
    audit_close,
    audit_issue_report,
    audit_reopen,
    audit_start,
    close_blockers,
    finding_add,
    report_recipients,
)
from audits.internal.services.planning import (  # noqa: F401
    EDITABLE_FIELDS,
    assert_independent,
    audit_assign,
    audit_create,
    audit_update,
    auditor_choices,
    format_audit_code,
    independence_conflicts,
    programme_create,
    tidy_clauses,
)
