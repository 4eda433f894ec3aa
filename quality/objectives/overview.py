"""Objectives figure of the provincial overview (MR-4): of this year's measured objectives, how many are met."""

from django.db.models import Avg, Case, Count, DecimalField, F, OuterRef, Q, Subquery, Value, When

from quality.objectives.models import Measurement, Objective


def fill(rows, today):
    # One query, counted per agency in SQL (the province's objectives are never loaded to be counted): each
    # objective of the year with the mean of its measurements so far, met by the model's own rule (Objective.meets:
    # at least → mean ≥ target; at most → mean ≤ target), written as one signed gap ≥ 0 so that the database
    # computes each mean once for the count of measured objectives and once for the met ones.
    mean = (Measurement.objects.filter(objective=OuterRef("pk")).order_by().values("objective")
            .annotate(mean=Avg("value")).values("mean"))
    sign = Case(When(direction=Objective.Direction.AT_MOST, then=Value(-1)), default=Value(1))
    measured = (Objective.objects.filter(year=today.year, agency_id__in=list(rows))
                .alias(actual=Subquery(mean, output_field=DecimalField()))
                .alias(gap=(F("actual") - F("target")) * sign)
                .values("agency_id").order_by()
                .annotate(total=Count("actual"), met=Count("pk", filter=Q(gap__gte=0))))
    for item in measured:
        if item["total"]:
            rows[item["agency_id"]].objectives_met = (item["met"], item["total"])
