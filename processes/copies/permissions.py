"""Who may do what with copies: views, services and the links in notifications all ask here (built on
processes/documents/permissions.py). Another agency's copies are never anyone's business (the views answer 404).
"""

from processes.documents import permissions as perms
from processes.copies.models import Copy
from processes.documents.models import Revision
from qms.core.models import Role

S = Revision.Status


def can_download_uncontrolled(user, revision):
    return perms.can_view_revision(user, revision) and revision.status in (S.EFFECTIVE, S.APPROVED)


def can_download_obsolete(user, revision):
    return (perms.same_agency(user, revision) and revision.status in (S.SUPERSEDED, S.OBSOLETE)
            and perms.can_see_history(user))


def can_download_controlled(user, copy):
    return perms.same_agency(user, copy) and (copy.holder_id == user.pk or perms.is_doc_manager(user))


def can_manage_copies(user, obj):
    return perms.same_agency(user, obj) and perms.is_doc_manager(user)


def can_see_register(user, obj):
    return perms.same_agency(user, obj) and (perms.is_doc_manager(user) or user.has_role(Role.AUDITOR))


def can_open_recall(user, copy):
    """The recall page of a controlled copy asked back, with its superseded issue shown read-only for reference:
    the copy's holder (who may not open superseded issues otherwise) and the agency's managers. The page, the
    links in notifications and My work, and the redirect from the superseded issue's own page all ask here."""
    return (perms.same_agency(user, copy) and copy.kind == Copy.Kind.CONTROLLED
            and copy.recall_requested_at is not None and (copy.holder_id == user.pk or perms.is_doc_manager(user)))
