"""Objectives figure of the provincial overview (MR-4): of this year's measured objectives, how many are met."""

from decimal import Decimal

from django.db.models import Avg

from quality.objectives.models import Objective


def fill(rows, today):
    # One query: each objective of the year with the mean of its measurements so far (SQL); the comparison with
    # its target and direction is the model's own rule (Objective.meets), as on the objectives page.
    measured = (Objective.objects.filter(year=today.year, agency_id__in=list(rows))
                .annotate(actual=Avg("measurements__value"))
                .filter(actual__isnull=False)
                .only("agency_id", "target", "direction"))
    for objective in measured:
        row = rows[objective.agency_id]
        met, total = row.objectives_met or (0, 0)
        row.objectives_met = (met + bool(objective.meets(Decimal(str(objective.actual)))), total + 1)
