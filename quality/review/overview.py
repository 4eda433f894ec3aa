"""Management-review figure of the provincial overview (MR-4): the last review each agency held."""

from django.db.models import Max

from quality.review.models import ManagementReview


def fill(rows, today):
    # Held (or with approved minutes) and not dated in the future: a draft meeting is a plan, not a review.
    held = ManagementReview.objects.filter(agency_id__in=list(rows),
        status__in=[ManagementReview.Status.HELD, ManagementReview.Status.APPROVED], held_on__lte=today)
    for item in held.values("agency_id").annotate(last=Max("held_on")):
        if item["agency_id"] in rows:
            rows[item["agency_id"]].last_management_review = item["last"]
