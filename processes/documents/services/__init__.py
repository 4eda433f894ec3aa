"""State changes of controlled documents, one named function each (DOC-1, 2, 5, 6, 8, 9, 10).

Every function is keyword-only and transactional; rows that can race are locked with
select_for_update (SQLite serialises writers with IMMEDIATE transactions). Notifications and
e-mails go out on commit, so a rolled-back change never announces itself.

One module per part of the work:
- register.py: the register entry (create, edit);
- revisions.py: a revision's life: drafts, review and signatures, approval, the effective date;
- comments.py: reviewers' comments on sections and their resolution;
- distribution.py: who receives a document, acknowledgements ("đã đọc và hiểu");
- changes.py: periodic reviews (keep, revise, withdraw) and change requests;
- search.py: the folded search columns written on save.

Callers import from here (``from processes.documents import services``). The modules import each
other by their own path, never through this package, which would make an import cycle.
"""

# Re-exported: the public names of the modules below.

from processes.documents.services.changes import (  # noqa: F401
    change_request_accept,
    change_request_create,
    change_request_decline,
    periodic_review_record,
)
from processes.documents.services.comments import comment_add, comment_resolve  # noqa: F401
from processes.documents.services.distribution import (  # noqa: F401
    acknowledge,
    acknowledgement_rate,
    distribution_users,
    request_acknowledgements,
)
from processes.documents.services.register import document_save  # noqa: F401
from processes.documents.services.revisions import (  # noqa: F401
    activate_document,
    activate_due_revisions,
    add_months,
    ensure_current,
    import_target,
    pending_signers,
    retry_on_lock,
    revision_approve,
    revision_cancel,
    revision_create_draft,
    revision_import,
    revision_reject,
    revision_sign,
    revision_submit,
    revision_update_content,
)
from processes.documents.services.search import refresh_document_search, refresh_revision_search  # noqa: F401

