"""The one-stop desk's figures (issue 16 item 8; ISO 9001:2008 8.2.3, 8.2.4): per month, procedure and department
over a period — files received, results early / on time / late against the appointment, files still open (and
open past the appointment), working days taken against the procedure's stated time, the steps that ran over,
the applicants' ratings.

Which files a figure counts (each is a register link with exactly those filters, cases/files/filters.py):
- received, still open, open and overdue: files *received* in the month (open: as of now; overdue: being handled
  past the appointment, as Case.overdue);
- early / on time / late, days taken, ratings, late steps: files whose *result* was ready in the month.
A month is a calendar month of Asia/Ho_Chi_Minh, cut to the chosen period: a result at 23:59 local on the last
day belongs to that month, one at 00:00 the next day to the next (qms.core.periods.local_bounds).

Every figure is an SQL aggregate: seven queries whatever the number of files (pinned by tests at two sizes). The
days taken are averaged from ``Case.working_days_taken``, kept when the result is ready, so no calendar is walked
per file here. No personal data: counts only.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from cases.files.models import Case, CaseStep, Outcome, Rating
from qms.core.periods import local_bounds

STEP_ROWS = 10  # the slowest steps shown
REVIEW_PROCEDURES = 15  # procedures kept in a review's snapshot


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _days(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """One line of figures (a month, a procedure or a department) and the register filters that select its
    files; ``start``/``end`` are the local dates it covers."""

    label: str
    start: datetime.date
    end: datetime.date
    params: dict = field(default_factory=dict)
    received: int = 0
    open: int = 0
    overdue: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    days_taken: Decimal | None = None
    days_stated: Decimal | None = None

    @property
    def done(self):
        return self.early + self.on_time + self.late

    @property
    def on_time_percent(self):
        return percent(self.early + self.on_time, self.done)

    def url(self, side, **extra):
        """The register with this row's files: ``side`` "received" or "result" chooses which dates count."""
        query = {**self.params, f"{side}_from": self.start.isoformat(), f"{side}_to": self.end.isoformat(), **extra}
        return reverse("cases:case_list") + "?" + urlencode(query)

    def links(self):
        return {
            "received": self.url("received"), "open": self.url("received", open="yes"),
            "overdue": self.url("received", open="overdue"), "done": self.url("result"),
            "early": self.url("result", outcome=Outcome.EARLY), "on_time": self.url("result", outcome=Outcome.ON_TIME),
            "late": self.url("result", outcome=Outcome.LATE),
        }


@dataclass
class StepRow:
    code: str
    description: str
    done: int
    late: int
    overrun_hours: Decimal | None
    url: str

    @property
    def late_percent(self):
        return percent(self.late, self.done)


@dataclass
class Figures:
    start: datetime.date
    end: datetime.date
    months: list
    total: Row
    procedures: list
    departments: list
    steps: list
    ratings: list  # [(value, label, count, percent, url)]
    rated: int = 0


def months_of(start, end):
    """[(first, last)] local dates of each calendar month touching [start, end], cut to it."""
    out, first = [], start
    while first <= end:
        following = (first.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        last = min(end, following - datetime.timedelta(days=1))
        out.append((first, last))
        first = following
    return out


def files_of(agency, *, document=None, department=None):
    """The agency's files, of a procedure, through a department (the register's own meaning: any of its steps)."""
    files = Case.objects.filter(agency=agency)
    if document is not None:
        files = files.filter(document=document)
    if department is not None:
        files = files.filter(Exists(CaseStep.objects.filter(case=OuterRef("pk"), department=department)))
    return files


def _received_counts(now, prefix=""):
    is_open = Q(**{f"{prefix}status__in": Case.OPEN})
    return {
        "received": Count("pk" if not prefix else "case", distinct=bool(prefix)),
        "open": Count("pk" if not prefix else "case", distinct=bool(prefix), filter=is_open),
        # Overdue: the clock runs (not while supplements are awaited) and the appointment passed, as Case.overdue.
        "overdue": Count("pk" if not prefix else "case", distinct=bool(prefix),
                         filter=Q(**{f"{prefix}status__in": Case.RUNNING, f"{prefix}appointment_at__lt": now})),
    }


def _result_counts():
    return {
        "early": Count("pk", filter=Q(outcome=Outcome.EARLY)),
        "on_time": Count("pk", filter=Q(outcome=Outcome.ON_TIME)),
        "late": Count("pk", filter=Q(outcome=Outcome.LATE)),
        "days_taken": Avg("working_days_taken"),
        "days_stated": Avg("revision__processing_time_days"),
    }


def _fill(row, data):
    for key, value in data.items():
        if key in ("days_taken", "days_stated"):
            value = _days(value)
        if hasattr(row, key):
            setattr(row, key, value if value is not None else getattr(row, key))


def figures(agency, start, end, *, document=None, department=None, now=None):
    """The figures of ``agency`` over [start, end] (local dates), optionally for one procedure and/or department."""
    now = now or timezone.now()
    since, until = local_bounds(start, end)
    tz = timezone.get_default_timezone()
    files = files_of(agency, document=document, department=department)
    base = {}
    if document is not None:
        base["document"] = document.pk
    if department is not None:
        base["department"] = department.pk
    received = files.filter(received_at__gte=since, received_at__lt=until)
    resulted = files.filter(result_at__gte=since, result_at__lt=until)

    months = {first: Row(label=f"{first:%m/%Y}", start=first, end=last, params=base)
              for first, last in months_of(start, end)}

    def month_of(value):
        return timezone.localtime(value, tz).date().replace(day=1) if value else None

    def row_for_month(value):
        first = month_of(value)
        return next((row for key, row in months.items() if key.replace(day=1) == first), None)

    # 1–2: month by month, by receipt and by result.
    for data in received.annotate(m=TruncMonth("received_at", tzinfo=tz)).values("m").annotate(
            **_received_counts(now)).order_by("m"):
        row = row_for_month(data.pop("m"))
        if row:
            _fill(row, data)
    ratings = {value: 0 for value in Rating.values}
    rating_counts = {f"rating_{value}": Count("pk", filter=Q(rating=value)) for value in Rating.values}
    for data in resulted.annotate(m=TruncMonth("result_at", tzinfo=tz)).values("m").annotate(
            **_result_counts(), **rating_counts).order_by("m"):
        for value in Rating.values:
            ratings[value] += data.pop(f"rating_{value}")
        row = row_for_month(data.pop("m"))
        if row:
            _fill(row, data)
    month_rows = list(months.values())

    # 3–4: by procedure.
    procedures = {}

    def procedure_row(data):
        pk = data.pop("document")
        label = f'{data.pop("document__code")} {data.pop("document__title")}'.strip()
        if pk not in procedures:
            procedures[pk] = Row(label=label, start=start, end=end, params={**base, "document": pk})
        return procedures[pk]

    for data in received.values("document", "document__code", "document__title").annotate(
            **_received_counts(now)).order_by():
        _fill(procedure_row(data), data)
    for data in resulted.values("document", "document__code", "document__title").annotate(
            **_result_counts()).order_by():
        _fill(procedure_row(data), data)
    procedure_rows = sorted(procedures.values(), key=lambda r: r.label)

    # 5–6: by department: the files that went through each department's steps (counted once per department), by
    # receipt and by result; each query starts from the agency's files of the period (their date indexes), not
    # from the province's steps.
    steps = CaseStep.objects.filter(agency=agency, department__isnull=False, case__agency=agency)
    if department is not None:
        steps = steps.filter(department=department)
    if document is not None:
        steps = steps.filter(case__document=document)
    is_open = Q(case__status__in=Case.OPEN)
    departments = {}

    def department_row(data):
        pk, name = data.pop("department"), data.pop("department__name")
        if pk not in departments:
            departments[pk] = Row(label=name, start=start, end=end, params={**base, "department": pk})
        return departments[pk]

    for data in (steps.filter(case__received_at__gte=since, case__received_at__lt=until)
                 .values("department", "department__name").annotate(
                     received=Count("case", distinct=True), open=Count("case", distinct=True, filter=is_open),
                     overdue=Count("case", distinct=True,
                                   filter=Q(case__status__in=Case.RUNNING, case__appointment_at__lt=now)))
                 .order_by()):
        _fill(department_row(data), data)
    for data in (steps.filter(case__result_at__gte=since, case__result_at__lt=until)
                 .values("department", "department__name").annotate(
                     **{key: Count("case", distinct=True, filter=Q(case__outcome=value)) for key, value in (
                         ("early", Outcome.EARLY), ("on_time", Outcome.ON_TIME), ("late", Outcome.LATE))})
                 .order_by()):
        _fill(department_row(data), data)
    department_rows = sorted(departments.values(), key=lambda r: r.label)

    overrun = ExpressionWrapper(F("done_at") - F("due_at"), output_field=DurationField())
    late = Q(outcome=Outcome.LATE)
    step_rows = []
    # 7: the steps of the files resulted in the period that ran over, by step code (from those files, by the
    # (agency, result_at) index, then each file's steps by (case, order)).
    resulted_steps = CaseStep.objects.filter(agency=agency, case__agency=agency, case__result_at__gte=since,
                                             case__result_at__lt=until, state=CaseStep.State.DONE)
    if document is not None:
        resulted_steps = resulted_steps.filter(case__document=document)
    if department is not None:
        resulted_steps = resulted_steps.filter(
            Exists(CaseStep.objects.filter(case=OuterRef("case"), department=department)))
    for data in (resulted_steps
                 .values("code").annotate(done=Count("pk"), late=Count("pk", filter=late),
                                          overrun=Avg(overrun, filter=late & Q(due_at__isnull=False)))
                 .filter(late__gt=0).order_by("-late", "code")[:STEP_ROWS]):
        hours = None
        if data["overrun"] is not None:
            hours = Decimal(data["overrun"].total_seconds() / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        link = Row(label="", start=start, end=end, params=base).url("result", late_step=data["code"])
        step_rows.append(StepRow(code=data["code"], description="", done=data["done"], late=data["late"],
                                 overrun_hours=hours, url=link))

    total = Row(label="", start=start, end=end, params=base)
    for row in month_rows:
        for key in ("received", "open", "overdue", "early", "on_time", "late"):
            setattr(total, key, getattr(total, key) + getattr(row, key))
    done = [r for r in month_rows if r.days_taken is not None]
    if total.done:  # weighted by each month's results
        total.days_taken = _days(sum(r.days_taken * r.done for r in done) / total.done) if done else None
        stated = [r for r in month_rows if r.days_stated is not None]
        total.days_stated = _days(sum(r.days_stated * r.done for r in stated) / total.done) if stated else None
    rated = sum(ratings.values())
    rating_rows = [(value, label, ratings[value], percent(ratings[value], rated), total.url("result", rating=value))
                   for value, label in Rating.choices]
    return Figures(start=start, end=end, months=month_rows, total=total, procedures=procedure_rows,
                   departments=department_rows, steps=step_rows, ratings=rating_rows, rated=rated)


# --- what the quality objectives and the management review read -------------------------------------------------
def returned_on_time(agency, start, end, **_options):
    """Of the files whose result was ready in the period, the share ready by their appointment (early or on time):
    (percent, on time, total), percent None when no file had a result (no data, not 0 %)."""
    since, until = local_bounds(start, end)
    row = Case.objects.filter(agency=agency, result_at__gte=since, result_at__lt=until).exclude(outcome="").aggregate(
        total=Count("pk"), ok=Count("pk", filter=Q(outcome__in=[Outcome.EARLY, Outcome.ON_TIME])))
    if not row["total"]:
        return None, 0, 0
    value = (Decimal(row["ok"]) * 100 / Decimal(row["total"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return value, row["ok"], row["total"]


def rating_labels():
    """{value: label} of the applicants' ratings, for readers of ``review_input`` (the review draws its snapshot)."""
    return dict(Rating.choices)


def _plain(value):
    return None if value is None else float(value)


def review_input(agency, start, end, *, now=None):
    """The period's one-stop figures for a management review's process performance (5.6.2 c): plain JSON (keys
    and counts; the review's snapshot freezes it and draws it in any language)."""
    f = figures(agency, start, end, now=now)
    t = f.total
    return {
        "received": t.received, "done": t.done, "early": t.early, "on_time": t.on_time, "late": t.late,
        "open": t.open, "overdue": t.overdue, "on_time_percent": _plain(t.on_time_percent),
        "days_taken": _plain(t.days_taken), "days_stated": _plain(t.days_stated),
        "ratings": {value: count for value, _label, count, _p, _u in f.ratings},
        "procedures": [{"name": r.label, "received": r.received, "done": r.done, "late": r.late,
                        "on_time_percent": _plain(r.on_time_percent)}
                       for r in sorted(f.procedures, key=lambda r: (-r.received, r.label))[:REVIEW_PROCEDURES]],
    }
