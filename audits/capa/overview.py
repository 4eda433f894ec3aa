"""Nonconformity figures of the provincial overview (MR-4): counts only, grouped by agency."""

from django.db.models import Count

from audits.capa.models import Action, Nonconformity


def fill(rows, today):
    for item in Nonconformity.objects.active().values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].open_ncs = item["n"]
    overdue = Nonconformity.objects.active().with_overdue_actions(today).order_by()
    for item in overdue.values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].overdue_ncs = item["n"]
    for item in Action.objects.overdue(today).values("agency_id").annotate(n=Count("pk")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].overdue_actions = item["n"]
