"""Objectives figure of the provincial overview (MR-4): of this year's measured objectives, how many are met."""

from django.db.models import Avg, Case, Count, DecimalField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Sign

from quality.objectives.models import Measurement, Objective


def fill(rows, today):
    # One query, counted per agency in SQL (the province's objectives are never loaded to be counted): each
    # objective of the year with the mean of its measurements so far, met by the model's own rule (Objective.meets:
    # at least → mean ≥ target; at most → mean ≤ target), written as one signed gap ≥ 0. The objectives are
    # grouped by agency and the sign of that gap (-1 missed, 0 or 1 met, none not measured), so the database
    # computes each objective's mean once (counting "measured" and "met" as two aggregates computed it twice,
    # most of this query's time) and at most four groups per agency come back.
    mean = (Measurement.objects.filter(objective=OuterRef("pk")).order_by().values("objective")
            .annotate(mean=Avg("value")).values("mean"))
    sign = Case(When(direction=Objective.Direction.AT_MOST, then=Value(-1)), default=Value(1))
    measured = (Objective.objects.filter(year=today.year, agency_id__in=list(rows))
                .alias(actual=Subquery(mean, output_field=DecimalField()))
                .annotate(outcome=Sign((F("actual") - F("target")) * sign))
                .values("agency_id", "outcome").order_by()
                .annotate(n=Count("pk")))
    counts = {}
    for item in measured:
        if item["outcome"] is None:
            continue
        met, total = counts.get(item["agency_id"], (0, 0))
        counts[item["agency_id"]] = (met + (item["n"] if item["outcome"] >= 0 else 0), total + item["n"])
    for agency_id, figures in counts.items():
        if figures[1]:
            rows[agency_id].objectives_met = figures
