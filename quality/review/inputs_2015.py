"""What ISO 9001:2015 9.3.2 adds to the inputs of a review (issue 18), compiled like the others: plain JSON, every
figure an SQL aggregate, lists cut at ``LIST_LIMIT``.

    b) changes in external and internal issues: the context's history in the period (4.1 issues, 4.2 parties)
    c7) performance of external providers: the NCs of the period cited against 8.4 (7.4 for a record made under 2008)
    d) adequacy of resources: no record holds it; the coordinator writes it on the review (its note, like f)
    e) effectiveness of actions on risks and opportunities: the register's actions (6.1)

The agency keeps no register of suppliers: what the records honestly say of external providers is the
nonconformities found in what they provide; the coordinator's assessment (the note on c7) says the rest.
"""

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from audits.capa.models import Nonconformity
from qms.core import clauses
from qms.core.periods import local_bounds
from quality.context.models import ContextIssue, InterestedParty
from quality.risks.models import Risk, RiskAction

LIST_LIMIT = 50
EVENTS = ("added", "changed", "closed", "reopened")


def _events(model, agency, begin, after):
    """The history rows of ``model`` in [begin, after), each named: added, changed, closed (no longer followed) or
    reopened (followed again), the last two read against the row's previous version."""
    history = model.history.model
    previous = (history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
                .order_by("-history_date", "-history_id").values("is_active")[:1])
    return (history.objects.filter(agency=agency, history_date__gte=begin, history_date__lt=after)
            .exclude(history_type="-")
            .annotate(was_active=Subquery(previous))
            .annotate(event=Case(When(history_type="+", then=Value("added")),
                                 When(is_active=False, was_active=True, then=Value("closed")),
                                 When(is_active=True, was_active=False, then=Value("reopened")),
                                 default=Value("changed"))))


def context_input(agency, start, end):
    """b) Changes in the issues (4.1) and interested parties (4.2) during the period, with the reasons given, and
    how many are followed now."""
    begin, after = local_bounds(start, end)
    result = {"changes": []}
    for key, model, text in (("issues", ContextIssue, "description"), ("parties", InterestedParty, "name")):
        events = _events(model, agency, begin, after)
        counts = {row["event"]: row["n"] for row in events.values("event").annotate(n=Count("history_id"))
                  .order_by("event")}
        result[key] = {event: counts.get(event, 0) for event in EVENTS}
        kind = F("kind") if model is ContextIssue else Value("party")
        rows = (events.annotate(what=kind).order_by("history_date", "history_id")
                .values("what", text, "event", "history_date", "history_change_reason")[:LIST_LIMIT])
        result["changes"] += [{"kind": r["what"], "text": r[text], "event": r["event"],
                               "date": timezone.localdate(r["history_date"]).isoformat(),
                               "reason": r["history_change_reason"] or ""} for r in rows]
    result["changes"] = sorted(result["changes"], key=lambda c: c["date"])[:LIST_LIMIT]
    followed = ContextIssue.objects.filter(agency=agency, is_active=True).aggregate(
        internal=Count("pk", filter=Q(kind=ContextIssue.Kind.INTERNAL)),
        external=Count("pk", filter=Q(kind=ContextIssue.Kind.EXTERNAL)))
    followed["parties"] = InterestedParty.objects.filter(agency=agency, is_active=True).count()
    result["followed"] = followed
    return result


def risks_input(agency, start, end, today):
    """e) The actions on risks and opportunities: done in the period, judged effective or not in the period,
    done by its end and still to be judged, open (and overdue) today; and the register they belong to."""
    done_in = Q(completed_on__gte=start, completed_on__lte=end)
    judged_in = Q(evaluated_on__gte=start, evaluated_on__lte=end)
    to_judge = Q(status=RiskAction.Status.DONE, effective__isnull=True, completed_on__lte=end)
    open_ = Q(status=RiskAction.Status.PLANNED)
    actions = RiskAction.objects.filter(agency=agency)
    figures = actions.aggregate(
        done=Count("pk", filter=done_in),
        evaluated_effective=Count("pk", filter=judged_in & Q(effective=True)),
        evaluated_not_effective=Count("pk", filter=judged_in & Q(effective=False)),
        to_evaluate=Count("pk", filter=to_judge),
        open=Count("pk", filter=open_),
        overdue=Count("pk", filter=open_ & Q(due_date__lt=today)),
    )
    register = Risk.objects.filter(agency=agency).annotate(score=F("likelihood") * F("impact")).aggregate(
        risks=Count("pk", filter=Q(kind=Risk.Kind.RISK)),
        opportunities=Count("pk", filter=Q(kind=Risk.Kind.OPPORTUNITY)),
        high=Count("pk", filter=Q(kind=Risk.Kind.RISK, score__gte=15)),
        reviewed=Count("pk", filter=Q(reviewed_on__gte=start, reviewed_on__lte=end)),
    )
    rows = (actions.filter(done_in | judged_in | to_judge).select_related("risk", "owner")
            .order_by("completed_on", "pk")[:LIST_LIMIT])
    listed = [{
        "risk": a.risk.description, "kind": a.risk.kind, "action": a.description, "owner": a.owner.display_name,
        "completed_on": a.completed_on.isoformat() if a.completed_on else None, "effective": a.effective,
        "evaluated_on": a.evaluated_on.isoformat() if a.evaluated_on else None, "note": a.effectiveness_note,
    } for a in rows]
    return {**figures, "register": register, "actions": listed, "as_of": today.isoformat()}


def _under_8_4(code, edition):
    """True when ``code`` (of ``edition``) is, or leads to, a clause of 2015's 8.4 (externally provided)."""
    found = clauses.equivalent(code, edition, clauses.EDITION_2015) or ()
    return any(c == "8.4" or c.startswith("8.4.") for c in found)


def providers_input(agency, start, end):
    """c7) The nonconformities of the period in what external providers supply: those citing 8.4, or 7.4
    (purchasing) when recorded while the agency applied 2008 (its 8.4 was data analysis)."""
    since = agency.iso_edition_since if agency.iso_edition == clauses.EDITION_2015 else None
    made_2008 = Q(created_at__lt=local_bounds(since, since)[0]) if since else Q(pk__in=[])
    ncs = (Nonconformity.objects.filter(agency=agency, detected_on__gte=start, detected_on__lte=end).exclude(clause="")
           .annotate(made_2008=Case(When(made_2008, then=Value(True)), default=Value(False))))
    closed = ("closed", "rejected")
    groups = ncs.values("clause", "made_2008").annotate(
        n=Count("pk"), open=Count("pk", filter=~Q(status__in=closed))).order_by("clause")
    found = []
    for g in groups:
        edition = clauses.EDITION_2008 if g["made_2008"] else clauses.EDITION_2015
        if any(_under_8_4(code, edition) for code in clauses.split_codes(g["clause"])):
            found.append(g)
    result = {"ncs": sum(g["n"] for g in found), "open": sum(g["open"] for g in found), "nonconformities": []}
    if found:
        which = Q(pk__in=[])
        for g in found:
            which |= Q(clause=g["clause"], made_2008=g["made_2008"])
        rows = ncs.filter(which).order_by("detected_on", "pk").values(
            "reference", "detected_on", "clause", "made_2008", "description", "status")[:LIST_LIMIT]
        result["nonconformities"] = [{
            "reference": r["reference"], "date": r["detected_on"].isoformat(), "clause": r["clause"],
            "edition": clauses.EDITION_2008 if r["made_2008"] else clauses.EDITION_2015,
            "description": r["description"], "status": r["status"]} for r in rows]
    return result


def compile_2015(review, today):
    agency, start, end = review.agency, review.period_start, review.period_end
    return {
        "context": context_input(agency, start, end),
        "risks": risks_input(agency, start, end, today),
        "providers": providers_input(agency, start, end),
    }
