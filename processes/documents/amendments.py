"""The amendment-tracking table (THEO DÕI SỬA ĐỔI TÀI LIỆU, DOC-7), built from the revisions, in one place: the
document page and the printed master (processes/copies/render.py) show these rows, so they never disagree.

The rule: one row per issue that took effect, in issue order, dated by its **effective date** and labelled so
("Ngày hiệu lực"): the date from which staff must follow it, which is also the date in every page's header block.
Approval can be weeks earlier and is on the revision list and in the approval block.

A master is rendered when its revision is approved, before it takes effect, so a master prints its own issue
(``printed``) with the effective date approval set, and only the issues before it. Nothing that changes later
(superseded, withdrawn) is in a row: a master is never re-rendered for that, and the page must read like the
current master. An issue withdrawn before its effective date never took effect and is not an amendment.
"""

from django.utils.translation import gettext as _

from processes.documents.models import Revision

S = Revision.Status


def took_effect(revision):
    if revision.status in (S.EFFECTIVE, S.SUPERSEDED):
        return True
    # Withdrawal makes the effective issue and an approved, not yet effective one obsolete alike; only the
    # first was ever in force (effective_at is set when an issue takes effect).
    return revision.status == S.OBSOLETE and revision.effective_at is not None


def amendment_rows(revisions, *, printed=None):
    """[{date, where, summary, issue, note}] from a document's revisions (any order; their bodies are not read).

    ``printed``: the revision whose master is being rendered; the rows stop at its issue and include it.
    """
    if printed is None:
        issued = [r for r in revisions if took_effect(r)]
    else:
        issued = [r for r in revisions if r.issue_number < printed.issue_number and took_effect(r)] + [printed]
    return [{
        "date": r.effective_date,
        "where": r.change_location or ("" if r.issue_number > 1 else _("Toàn bộ")),
        "summary": _("Ban hành lần đầu") if r.issue_number == 1 else r.change_summary,
        "issue": r.issue_label,
        "note": "",
    } for r in sorted(issued, key=lambda r: r.issue_number)]
