"""Nonconformity figures of the provincial overview (MR-4): counts only, grouped by agency."""

from django.db.models import Count, Q

from audits.capa.models import Action, Nonconformity


def fill(rows, today):
    # Only the rows asked for: one agency's drill-down must not count the whole province's NCs to keep one line.
    # The actions are narrowed to the same agencies: one agency's drill-down then matches its own late actions, not
    # the whole province's.
    late = Action.objects.filter(agency_id__in=list(rows)).open().overdue(today)
    # Open NCs, and those of them with a late action (NonconformityQuerySet.with_overdue_actions), in one query
    # over the open NCs (the partial index nc_open_by_agency): "in the late actions' NCs" rather than a correlated
    # EXISTS, so that PostgreSQL reads the late actions once into a hash instead of probing them per open NC.
    ncs = (Nonconformity.objects.filter(agency_id__in=list(rows)).active().values("agency_id").order_by()
           .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(pk__in=late.values("nc")))))
    for item in ncs:
        if item["agency_id"] in rows:
            rows[item["agency_id"]].open_ncs = item["n"]
            rows[item["agency_id"]].overdue_ncs = item["overdue"]
    for item in Action.objects.filter(agency_id__in=list(rows)).overdue(today).values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].overdue_actions = item["n"]
