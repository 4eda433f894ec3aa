"""The inputs of a management review (ISO 9001:2008 5.6.2; 2015 9.3.2), compiled for a period from the agency's
records.

``compile_inputs`` returns plain JSON data (keys and counts, never translated words) so that the snapshot stored
when the meeting is held reads the same in any language and is drawn again, identically, years later
(``quality.review.present`` turns it into labelled tables and charts). Every figure is an SQL aggregate.

The edition is the one the agency applies on the day of the meeting (``qms.core.editions.edition_on``): a review
under 2015 has what 9.3.2 adds besides (``quality.review.inputs_2015``). The snapshot says which (version 2);
one frozen before (version 1) was made under 2008 and is presented as it always was.

The period is a range of calendar days in the agency's time zone (settings.TIME_ZONE, Asia/Ho_Chi_Minh), both
ends included: a timestamp counts when local midnight of the first day ≤ it < local midnight after the last day.
"""

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from audits.capa.models import Action, Nonconformity
from audits.feedback.models import Feedback
from audits.internal.models import Audit, Finding
from cases.figures.services import review_input as one_stop_input
from processes.documents.models import Document, Revision
from qms.core import clauses, editions
from quality.review.inputs_2015 import compile_2015
from quality.review.models import Decision, ManagementReview
from qms.core.periods import local_bounds  # noqa: F401 (also this module's name for it)

LIST_LIMIT = 50  # rows kept per listed input (audits, procedures, decisions): the minutes stay readable
# 1: the inputs of 5.6.2 (no "edition": made under 2008). 2: "edition" says which standard, and a 2015 review has
# the inputs of 9.3.2 besides (context, risks, providers).
SNAPSHOT_VERSION = 2


def _counts(queryset, field):
    return {row[field] or "": row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by(field)}


def audits_input(agency, start, end):
    done = (Audit.objects.filter(agency=agency, audit_type=Audit.Type.INTERNAL, end_date__gte=start, end_date__lte=end,
                                 status__in=[Audit.Status.REPORTED, Audit.Status.CLOSED]))
    audits = list(done.order_by("end_date", "pk").values("code", "title", "end_date")[:LIST_LIMIT])
    findings = _counts(Finding.objects.filter(audit__in=done), "kind")
    return {
        "count": done.count(),
        "audits": [{"code": a["code"], "title": a["title"], "end_date": a["end_date"].isoformat()} for a in audits],
        "findings": {kind: findings.get(kind, 0) for kind in Finding.Kind.values},
    }


def feedback_input(agency, start, end):
    begin, after = local_bounds(start, end)
    in_period = Q(created_at__gte=begin, created_at__lt=after)
    answered = Q(answered_at__gte=begin, answered_at__lt=after, status=Feedback.Status.ANSWERED)
    # "On time" is the one rule the dashboard and the feedback inbox use (Feedback.ANSWER_DAYS, limit included).
    on_time = answered & Q(answered_at__lte=F("created_at") + datetime.timedelta(days=Feedback.ANSWER_DAYS))
    figures = Feedback.objects.filter(agency=agency).aggregate(
        received=Count("pk", filter=in_period),
        answered=Count("pk", filter=answered),
        on_time=Count("pk", filter=on_time),
        dismissed=Count("pk", filter=in_period & Q(status=Feedback.Status.DISMISSED)),
        waiting=Count("pk", filter=in_period & Q(status=Feedback.Status.RECEIVED)),
    )
    return {**figures, "answer_days": Feedback.ANSWER_DAYS}


def _objective_results(agency, start, end):
    # q-objectives provides period_results; the import stays inside so a review compiles without objectives.
    from quality.objectives import services as objectives

    period_results = getattr(objectives, "period_results", None)
    if period_results is None:
        return None
    rows = []
    for r in period_results(agency, start, end):
        objective = r["objective"]
        rows.append({"name": str(objective), "target": _plain(r.get("target")), "direction": r.get("direction") or "",
                     "actual": _plain(r.get("actual")), "met": r.get("met"), "unit": r.get("unit") or ""})
    return rows


def _plain(value):
    return None if value is None else float(value)


def performance_input(agency, start, end):
    ncs = Nonconformity.objects.filter(agency=agency, detected_on__gte=start, detected_on__lte=end)
    by_clause = ncs.exclude(clause="").values("clause").annotate(n=Count("pk")).order_by("-n", "clause")[:15]
    return {
        "objectives": _objective_results(agency, start, end),
        "nc_total": ncs.count(),
        "nc_by_source": _counts(ncs, "source"),
        "nc_by_clause": {row["clause"]: row["n"] for row in by_clause},
        # One-stop files handled under the procedures (issue 16): on time against their appointments, ratings.
        "one_stop": one_stop_input(agency, start, end),
    }


def actions_input(agency, start, end, today):
    """Corrective and preventive actions: open now (and overdue today), and done within the period."""
    actions = Action.objects.filter(agency=agency).exclude(status=Action.Status.CANCELLED)
    open_ = Q(status=Action.Status.PLANNED)
    rows = actions.values("kind").annotate(
        open=Count("pk", filter=open_),
        overdue=Count("pk", filter=open_ & Q(due_date__lt=today)),
        done=Count("pk", filter=Q(status=Action.Status.DONE, completed_on__gte=start, completed_on__lte=end)),
    ).order_by("kind")
    by_kind = {row["kind"]: {"open": row["open"], "overdue": row["overdue"], "done": row["done"]} for row in rows}
    by_kind = {kind: by_kind.get(kind, {"open": 0, "overdue": 0, "done": 0}) for kind in Action.Kind.values}
    totals = {key: sum(k[key] for k in by_kind.values()) for key in ("open", "overdue", "done")}
    return {**totals, "by_kind": by_kind, "as_of": today.isoformat()}


def follow_up_input(review, today):
    """Decisions of the agency's earlier reviews that still mattered in this period: open ones, and those
    completed since the period began."""
    earlier = (Decision.objects.filter(agency=review.agency, review__held_on__lt=review.held_on)
               .exclude(review__status=ManagementReview.Status.DRAFT)
               .filter(Q(status=Decision.Status.OPEN) | Q(completed_on__gte=review.period_start)))
    if review.pk:
        earlier = earlier.exclude(review=review)
    counts = earlier.aggregate(
        open=Count("pk", filter=Q(status=Decision.Status.OPEN)),
        overdue=Count("pk", filter=Q(status=Decision.Status.OPEN, due_date__lt=today)),
        done=Count("pk", filter=Q(status=Decision.Status.DONE)),
    )
    rows = earlier.select_related("owner", "review").order_by("review__held_on", "pk")[:LIST_LIMIT]
    decisions = [{
        "held_on": d.review.held_on.isoformat(), "description": d.description, "kind": d.kind,
        "owner": d.owner.display_name, "due_date": d.due_date.isoformat(), "status": d.status,
        "overdue": d.is_overdue(today), "completed_on": d.completed_on.isoformat() if d.completed_on else None,
        "note": d.completion_note,
    } for d in rows]
    return {**counts, "decisions": decisions}


def changes_input(agency, start, end):
    begin, after = local_bounds(start, end)
    issued = Revision.objects.filter(agency=agency, effective_date__gte=start, effective_date__lte=end,
                                     status__in=Revision.LOCKED)
    by_type = _counts(issued, "document__doc_type")
    new = (issued.filter(issue_number=1, document__doc_type=Document.Type.PROCEDURE)
           .order_by("effective_date", "document__code").values("document__code", "title", "effective_date"))
    withdrawn = (Document.objects.filter(agency=agency, doc_type=Document.Type.PROCEDURE, withdrawn_at__gte=begin,
                                         withdrawn_at__lt=after).order_by("withdrawn_at", "code")
                 .values("code", "title", "withdrawn_at"))
    return {
        "revisions": issued.count(),
        "by_type": by_type,
        "new_procedures": [{"code": r["document__code"], "title": r["title"], "date": r["effective_date"].isoformat()}
                           for r in new[:LIST_LIMIT]],
        "withdrawn_procedures": [{"code": r["code"], "title": r["title"],
                                  "date": timezone.localdate(r["withdrawn_at"]).isoformat()} for r in withdrawn[:LIST_LIMIT]],
    }


def edition_of(review, data=None):
    """The edition ``review`` is held under: its snapshot's (a version 1 snapshot: 2008), else the agency's on the
    day of the meeting."""
    data = review.snapshot if data is None else data
    if data is not None:
        return data.get("edition", clauses.EDITION_2008)
    return editions.edition_on(review.agency, review.held_on)


def compile_inputs(review, today=None):
    """Every input of 5.6.2 (or 9.3.2) for ``review``'s agency and period, as JSON-ready data."""
    today = today or timezone.localdate()
    agency, start, end = review.agency, review.period_start, review.period_end
    edition = editions.edition_on(agency, review.held_on)
    data = {
        "version": SNAPSHOT_VERSION,
        "edition": edition,
        "period": [start.isoformat(), end.isoformat()],
        "compiled_on": today.isoformat(),
        "audits": audits_input(agency, start, end),
        "feedback": feedback_input(agency, start, end),
        "performance": performance_input(agency, start, end),
        "actions": actions_input(agency, start, end, today),
        "follow_up": follow_up_input(review, today),
        "changes": changes_input(agency, start, end),
    }
    if edition == clauses.EDITION_2015:
        data.update(compile_2015(review, today))
    return data
