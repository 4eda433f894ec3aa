"""Who may do what with controlled documents. Views and services both ask here.

- Managers (Thư ký ISO, Đại diện lãnh đạo, Lãnh đạo cơ quan): the register, distribution, periodic
  review, change-request decisions, any draft.
- Authors (Người soạn thảo) may start and edit drafts; the revision's own author may edit it.
- Drafts and revisions in review are seen by managers, authors, reviewers and anyone named on them.
- Superseded and obsolete revisions are seen by managers, authors, reviewers and internal auditors
  (audit evidence); always marked as such.
- Every member of the agency sees effective revisions and may acknowledge them and request changes.
- Review comments: made by the round's reviewers and approver (and managers) while in review; resolved by
  whoever may edit the draft; seen by those who may see drafts and by the people named on the revision.
- Separation of duties: nobody who wrote or changed the content of a review round signs it, as reviewer
  or as approver (``round_writers``).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from processes.documents.models import SIGNED_FIELDS, ReviewAssignment, Revision, Signature
from qms.core.access import MANAGERS, has_role
from qms.core.models import Role

DRAFT_ROLES = (*MANAGERS, Role.AUTHOR, Role.REVIEWER)
HISTORY_ROLES = (*MANAGERS, Role.AUTHOR, Role.REVIEWER, Role.AUDITOR)
START_ROLES = (*MANAGERS, Role.AUTHOR)  # may open a new issue's draft of a document


def same_agency(user, obj):
    return user.is_authenticated and user.agency_id is not None and user.agency_id == obj.agency_id


def is_doc_manager(user):
    return has_role(user, *MANAGERS)


def can_see_drafts(user):
    return has_role(user, *DRAFT_ROLES)


def can_see_history(user):
    return has_role(user, *HISTORY_ROLES)


def can_start_revision(user, document):
    return same_agency(user, document) and has_role(user, *START_ROLES)


def can_edit(user, revision):
    return same_agency(user, revision) and (revision.author_id == user.pk or is_doc_manager(user))


def can_comment(user, revision):
    if not same_agency(user, revision):
        return False
    return is_doc_manager(user) or revision.assignments.filter(user=user, round=revision.review_round).exists()


def can_resolve_comment(user, revision):
    """Resolving a review comment is part of reworking the draft: whoever may edit it."""
    return can_edit(user, revision)


def can_see_comments(user, revision, assigned=None):
    """Review comments are the review's working record: those who may see drafts, the revision's author and
    whoever was named on it; not every reader of the issue in force."""
    if not same_agency(user, revision):
        return False
    if can_see_drafts(user) or revision.author_id == user.pk:
        return True
    if assigned is None:
        assigned = revision.assignments.filter(user=user).exists()
    return bool(assigned)


def visible_statuses(user):
    S = Revision.Status
    statuses = [S.EFFECTIVE]
    if can_see_drafts(user):
        statuses += [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.CANCELLED]
    if can_see_history(user):
        statuses += [S.SUPERSEDED, S.OBSOLETE]
    return statuses


def can_view_revision(user, revision, assigned=None):
    if not same_agency(user, revision):
        return False
    if revision.status in visible_statuses(user):
        return True
    if assigned is None:
        assigned = revision.assignments.filter(user=user).exists()
    return bool(assigned) or revision.author_id == user.pk


def visible_revisions(user, revisions):
    """can_view_revision for a queryset: effective for everyone; drafts and history by role; and whatever the
    user wrote or was named on. (Here, not on the model's QuerySet: the models do not import permissions.)"""
    return revisions.filter(Q(status__in=visible_statuses(user)) | Q(author=user) | Q(assignments__user=user)).distinct()


def can_view_document(user, document):
    """A document's page, and every page beside it (views.common._document; history.py for its history).

    Those who may see drafts see every document of their agency; anyone else sees a document while they may
    see one of its revisions (in force, or by role superseded/obsolete, or one they wrote or were named on):
    a document with nothing in force yet, or withdrawn, answers 404 to staff.
    """
    if not same_agency(user, document):
        return False
    return can_see_drafts(user) or visible_revisions(user, document.revisions.all()).exists()


def visible_documents(user, documents):
    """can_view_document for a queryset of the user's agency's documents."""
    if can_see_drafts(user):
        return documents
    return documents.filter(pk__in=visible_revisions(user, Revision.objects.filter(agency_id=user.agency_id))
                            .values("document_id"))


# Said by the service that refuses the signature and by the sign page before anyone types a password.
SIGNER_WROTE_ROUND = _("Anh/chị đã soạn thảo hoặc sửa nội dung của lần trình này nên không được ký xem xét hay "
                       "phê duyệt. Người ký phải là người khác.")


def round_writers(revision):
    """Ids of the people who wrote or changed the content of the revision's current round: its author, and
    everyone whose save changed a signed field since the draft was created or last returned for changes.

    Read from the revision's history (one row per save, with its user): a save that changed nothing, a
    status change (submit, return) and a comment do not make a writer.
    """
    writers = {revision.author_id}
    previous = None
    rows = revision.history.order_by("history_id").values("history_type", "history_user_id", "status", *SIGNED_FIELDS)
    for row in rows:
        returned = previous is not None and previous["status"] == Revision.Status.IN_REVIEW \
            and row["status"] == Revision.Status.DRAFT
        if row["history_type"] == "+" or returned:
            # A round starts when the draft is created or returned for changes.
            writers = {revision.author_id, row["history_user_id"]} if row["history_type"] == "+" else {revision.author_id}
        elif previous is not None and any(row[name] != previous[name] for name in SIGNED_FIELDS
                                          # '': a row written before revisions had a title (migration 0009)
                                          if name != "title" or previous[name]):
            writers.add(row["history_user_id"])
        previous = row
    writers.discard(None)
    return writers


# Said by the service that refuses a return and by the page that would offer it: a signature is final for its round.
RETURN_AFTER_SIGNING = _("Anh/chị đã ký lần trình này nên không còn trả lại được. Nếu còn điều cần sửa, hãy ghi ý "
                         "kiến vào mục liên quan để người soạn thảo xem xét.")


def has_signed_round(revision, user):
    """True when the user holds a part in the current round (reviewer or approver) and has signed every part held."""
    kinds = set(revision.assignments.filter(round=revision.review_round, user=user).values_list("kind", flat=True))
    wanted = {Signature.Meaning.APPROVED if k == ReviewAssignment.Kind.APPROVE else Signature.Meaning.REVIEWED
              for k in kinds}
    meanings = set(revision.signatures.filter(round=revision.review_round, user=user).values_list("meaning", flat=True))
    return bool(wanted) and wanted <= meanings
