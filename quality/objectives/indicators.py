"""Indicators computed from the product's own records, each one SQL aggregate over a period.

A period is [start, end] in whole days of Asia/Ho_Chi_Minh: a timestamp counts when it falls on or after
00:00 local of ``start`` and before 00:00 local of the day after ``end`` (an NC closed at 23:59 on the last
day counts; one closed at 00:00 the next day belongs to the next period). Each function returns
``(percent, numerator, denominator)``; the percent is None when there is nothing to count, which is
"no data", not 0 %.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from audits.capa.models import Action, Nonconformity
from audits.feedback.models import Feedback
from audits.internal.models import Audit
from cases.figures.services import returned_on_time as cases_on_time
from processes.documents.models import Document, Revision
from processes.documents.records import Acknowledgement
from qms.core.periods import local_bounds

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _result(ok, total):
    if not total:
        return None, ok or 0, 0
    percent = (Decimal(ok) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return percent, ok, total


def nc_closed_on_time(agency, start, end, **_options):
    """Of the NCs closed in the period, the share closed by their due date.

    An NC has no due date of its own: it is due when its last (not cancelled) action is due. An NC closed
    without any action has nothing to be late for and is left out of both counts.
    """
    since, until = local_bounds(start, end)
    due = (
        Action.objects.filter(nc=OuterRef("pk"))
        .exclude(status=Action.Status.CANCELLED)
        .values("nc")
        .annotate(last=Max("due_date"))
        .values("last")
    )
    row = (
        Nonconformity.objects.filter(
            agency=agency, status=Nonconformity.Status.CLOSED, closed_at__gte=since, closed_at__lt=until
        )
        .annotate(due=Subquery(due), closed_day=TruncDate("closed_at", tzinfo=TZ))
        .aggregate(
            total=Count("pk", filter=Q(due__isnull=False)),
            ok=Count("pk", filter=Q(due__isnull=False, closed_day__lte=F("due"))),
        )
    )
    return _result(row["ok"], row["total"])


def actions_overdue(agency, start, end, *, today=None, **_options):
    """Of the actions due in the period (cancelled ones aside), the share not done by their due date:
    done late, or still open after it (as of ``today``)."""
    today = today or timezone.localdate()
    row = (
        Action.objects.filter(agency=agency, due_date__gte=start, due_date__lte=end)
        .exclude(status=Action.Status.CANCELLED)
        .aggregate(
            total=Count("pk"),
            late=Count(
                "pk",
                filter=Q(status=Action.Status.DONE, completed_on__gt=F("due_date"))
                | Q(status=Action.Status.PLANNED, due_date__lt=today),
            ),
        )
    )
    return _result(row["late"], row["total"])


def acknowledged(agency, start, end, **_options):
    """Of the people asked to read a current procedure (effective revision), the share who had confirmed
    "Đã đọc và hiểu" by the end of the period (asked before its end)."""
    _since, until = local_bounds(start, end)
    row = Acknowledgement.objects.filter(
        agency=agency,
        revision__status=Revision.Status.EFFECTIVE,
        revision__document__doc_type=Document.Type.PROCEDURE,
        requested_at__lt=until,
    ).aggregate(total=Count("pk"), ok=Count("pk", filter=Q(acknowledged_at__lt=until)))
    return _result(row["ok"], row["total"])


def audits_done(agency, start, end, **_options):
    """Of the internal audits the year's programme planned for the period's months, the share done
    (report issued or audit closed) by the end of the period."""
    _since, until = local_bounds(start, end)
    row = Audit.objects.filter(
        agency=agency,
        audit_type=Audit.Type.INTERNAL,
        programme__year=start.year,
        planned_month__gte=start.month,
        planned_month__lte=end.month,
    ).aggregate(
        total=Count("pk"),
        ok=Count(
            "pk",
            filter=Q(status__in=[Audit.Status.REPORTED, Audit.Status.CLOSED])
            & (Q(reported_at__lt=until) | Q(closed_at__lt=until)),
        ),
    )
    return _result(row["ok"], row["total"])


def feedback_answered(agency, start, end, *, answer_days=15, **_options):
    """Of the citizens' feedback received in the period (dismissed ones aside), the share answered
    within ``answer_days`` days of receipt."""
    since, until = local_bounds(start, end)
    row = (
        Feedback.objects.filter(agency=agency, created_at__gte=since, created_at__lt=until)
        .exclude(status=Feedback.Status.DISMISSED)
        .aggregate(
            total=Count("pk"),
            ok=Count(
                "pk",
                filter=Q(answered_at__isnull=False,
                         answered_at__lte=F("created_at") + datetime.timedelta(days=answer_days)),
            ),
        )
    )
    return _result(row["ok"], row["total"])


COMPUTE = {
    "nc_closed_on_time": nc_closed_on_time,
    "actions_overdue": actions_overdue,
    "acknowledged": acknowledged,
    "audits_done": audits_done,
    "feedback_answered": feedback_answered,
    # One-stop files whose result was ready in the period by their appointment (issue 16; cases/figures).
    "cases_on_time": cases_on_time,
}
