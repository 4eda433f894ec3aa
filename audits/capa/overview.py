"""Nonconformity figures of the provincial overview (MR-4): counts only, grouped by agency."""

from django.db.models import Count, Exists, OuterRef

from audits.capa.models import Action, Nonconformity


def fill(rows, today):
    # Only the rows asked for: one agency's drill-down must not count the whole province's NCs to keep one line.
    ncs = Nonconformity.objects.filter(agency_id__in=list(rows))
    for item in ncs.active().values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].open_ncs = item["n"]
    # NonconformityQuerySet.with_overdue_actions, with the actions narrowed to the same agencies: one agency's
    # drill-down then matches its own late actions, not the whole province's.
    late = Action.objects.filter(agency_id__in=list(rows)).open().overdue(today).filter(nc=OuterRef("pk"))
    overdue = ncs.active().filter(Exists(late)).order_by()
    for item in overdue.values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].overdue_ncs = item["n"]
    for item in Action.objects.filter(agency_id__in=list(rows)).overdue(today).values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].overdue_actions = item["n"]
