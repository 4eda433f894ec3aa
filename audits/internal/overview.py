"""Internal-audit figure of the provincial overview (MR-4): the last audit each agency finished."""

from django.db.models import Max

from audits.internal.models import Audit


def fill(rows, today):
    done = Audit.objects.filter(status__in=[Audit.Status.REPORTED, Audit.Status.CLOSED])
    for item in done.values("agency_id").annotate(last=Max("end_date")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].last_internal_audit = item["last"]
