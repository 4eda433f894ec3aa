"""Internal-audit figure of the provincial overview (MR-4): the last audit each agency carried out."""

from django.db.models import Max

from audits.internal.models import Audit


def fill(rows, today):
    # Carried out: reported (or closed) and over by today. A report issued before the audit's own end date, or an
    # end date mistyped into the future, would otherwise show the province an audit that has not happened.
    done = Audit.objects.filter(agency_id__in=list(rows), status__in=[Audit.Status.REPORTED, Audit.Status.CLOSED],
                                end_date__lte=today)
    # No ordering: the model's default (by programme year) would join every audit's programme for nothing.
    for item in done.values("agency_id").order_by().annotate(last=Max("end_date")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].last_internal_audit = item["last"]
