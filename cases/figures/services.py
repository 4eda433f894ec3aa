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

Where the counts come from: for a period of whole months (every period the page offers but a custom one cut
mid-month) the summary tables, kept by the files' services (``cases.figures.summary``, four queries over a few
rows a month); otherwise the plain SQL aggregates over the files (``cases.figures.reference``, five queries), which
are also the reference the tables are tested against. Files still open, and open past their appointment, change
with the clock and are counted live (two queries over the open files only, and the departments' names).
Averages are sums over counts, so months, procedures and the period add up exactly. No personal data: counts only.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.figures import reference, summary
from cases.figures.tallies import RATINGS
from cases.files.models import Case, CaseStep, Outcome, Rating
from qms.core.models import Department
from qms.core.periods import local_bounds

STEP_ROWS = 10  # the slowest steps shown
PROCEDURE_ROWS = 20  # the procedures with most files shown one by one; the others in one row
REVIEW_PROCEDURES = 15  # procedures kept in a review's snapshot
COUNTED = ("received", "open", "overdue", "early", "on_time", "late", "days_taken_sum", "days_taken_files",
           "days_stated_sum", "days_stated_files")


def percent(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def average_days(total, files):
    return None if not files else (Decimal(total) / files).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def overrun_hours(microseconds, steps):
    if not steps:
        return None
    return (Decimal(microseconds) / (Decimal(steps) * 3_600_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """One line of figures (a month, a procedure or a department) and the register filters that select its
    files; ``start``/``end`` are the local dates it covers. ``linked`` False: a line no register filter selects
    (the procedures after the first PROCEDURE_ROWS)."""

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
    days_taken_sum: Decimal = Decimal(0)  # working days of the files resolved, over days_taken_files of them
    days_taken_files: int = 0
    days_stated_sum: int = 0  # the procedures' stated working days of the same files
    days_stated_files: int = 0
    linked: bool = True
    register: str = field(default="", compare=False, repr=False)  # the register's path, reversed once a page

    @property
    def done(self):
        return self.early + self.on_time + self.late

    @property
    def on_time_percent(self):
        return percent(self.early + self.on_time, self.done)

    @property
    def days_taken(self):
        return average_days(self.days_taken_sum, self.days_taken_files)

    @property
    def days_stated(self):
        return average_days(self.days_stated_sum, self.days_stated_files)

    def add(self, other):
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def url(self, side, **extra):
        """The register with this row's files: ``side`` "received" or "result" chooses which dates count."""
        query = {**self.params, f"{side}_from": self.start.isoformat(), f"{side}_to": self.end.isoformat(), **extra}
        return (self.register or reverse("cases:case_list")) + "?" + urlencode(query)

    def links(self):
        if not self.linked:
            return {}
        # url()'s text, with the row's filters and each side's dates encoded once for its seven links (a year's page
        # has about forty rows): urlencode writes the pairs in this order, and no key is in two parts.
        path, own = (self.register or reverse("cases:case_list")) + "?", urlencode(self.params)
        sides = {side: urlencode({f"{side}_from": self.start.isoformat(), f"{side}_to": self.end.isoformat()})
                 for side in ("received", "result")}

        def url(side, **extra):
            return path + "&".join(part for part in (own, sides[side], urlencode(extra)) if part)

        return {
            "received": url("received"), "open": url("received", open="yes"),
            "overdue": url("received", open="overdue"), "done": url("result"),
            "early": url("result", outcome=Outcome.EARLY), "on_time": url("result", outcome=Outcome.ON_TIME),
            "late": url("result", outcome=Outcome.LATE),
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
    procedures: list  # the PROCEDURE_ROWS with most files received, most first
    departments: list
    steps: list
    ratings: list  # [(value, label, count, percent, url)]
    rated: int = 0
    other_procedures: Row | None = None  # the rest in one row, and how many they are
    other_count: int = 0


def months_of(start, end):
    """[(first, last)] local dates of each calendar month touching [start, end], cut to it."""
    out, first = [], start
    while first <= end:
        following = (first.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        last = min(end, following - datetime.timedelta(days=1))
        out.append((first, last))
        first = following
    return out


def whole_months(start, end):
    """Whether [start, end] is whole local months: what the summary tables count."""
    return start.day == 1 and (end + datetime.timedelta(days=1)).day == 1


def _open_counts(agency, since, until, *, document, department, now, months, procedures, departments):
    """Add the files received in the period that are still open (and those past their appointment, the clock
    running, as Case.overdue) to the month, procedure and department cells: two queries over the open files
    (and one for the departments' names)."""
    running_late = Q(status__in=Case.RUNNING, appointment_at__lt=now)
    files = reference.labelled(reference.files_of(agency, document=document, department=department), agency).filter(
        status__in=Case.OPEN, received_at__gte=since, received_at__lt=until)
    for data in (files.annotate(m=reference.local_month("received_at"))
                 .values("m", "document", "document__code", "document__title")
                 .annotate(open=Count("pk"), overdue=Count("pk", filter=running_late)).order_by()):
        label = f'{data["document__code"]} {data["document__title"]}'.strip()
        for cell in (months.setdefault(data["m"], {"label": ""}),
                     procedures.setdefault(data["document"], {"label": label})):
            cell["open"] = cell.get("open", 0) + data["open"]
            cell["overdue"] = cell.get("overdue", 0) + data["overdue"]
    # From the open files to their steps (the casestep_case_dept index), not from the agency's steps: a file's
    # steps are its agency's, and there are few open files and many steps.
    steps = CaseStep.objects.filter(department__isnull=False, case__agency=agency, case__status__in=Case.OPEN,
                                    case__received_at__gte=since, case__received_at__lt=until)
    if department is not None:
        steps = steps.filter(department=department)
    if document is not None:
        steps = steps.filter(case__document=document)
    # The departments' names read apart: joined here, PostgreSQL (which cannot foresee how many open files were
    # received in a period) compared each step with each of the province's departments, 30 ms at province scale.
    names = dict(Department.objects.filter(agency=agency).values_list("pk", "name"))
    for data in (steps.values("department").annotate(
            open=Count("case", distinct=True),
            overdue=Count("case", distinct=True, filter=Q(case__status__in=Case.RUNNING,
                                                          case__appointment_at__lt=now))).order_by()):
        cell = departments.setdefault(data["department"], {"label": names.get(data["department"], "")})
        cell["open"], cell["overdue"] = data["open"], data["overdue"]


def figures(agency, start, end, *, document=None, department=None, now=None, tables=True):
    """The figures of ``agency`` over [start, end] (local dates), optionally for one procedure and/or department.
    ``tables`` False counts from the files even for whole months (the reference, for tests and checks)."""
    now = now or timezone.now()
    since, until = local_bounds(start, end)
    if tables and whole_months(start, end):
        months, procedures, departments, steps = summary.counts(
            agency, start, end.replace(day=1), document=document, department=department, step_rows=STEP_ROWS)
    else:
        months, procedures, departments, steps = reference.counts(
            agency, since, until, document=document, department=department, step_rows=STEP_ROWS)
    _open_counts(agency, since, until, document=document, department=department, now=now, months=months,
                 procedures=procedures, departments=departments)

    base = {}
    if document is not None:
        base["document"] = document.pk
    if department is not None:
        base["department"] = department.pk
    register = reverse("cases:case_list")

    def row(cell, first=start, last=end, **params):
        return Row(label=cell["label"], start=first, end=last, params={**base, **params}, register=register,
                   **{name: cell[name] for name in COUNTED if name in cell})

    month_rows = [row({**months.get(first.replace(day=1), {}), "label": f"{first:%m/%Y}"}, first, last)
                  for first, last in months_of(start, end)]
    procedure_rows = sorted((row(cell, document=pk) for pk, cell in procedures.items()),
                            key=lambda r: (-r.received, r.label))
    others = procedure_rows[PROCEDURE_ROWS:]
    other_row = None
    if others:
        other_row = Row(label=_("Các thủ tục khác"), start=start, end=end, linked=False)
        for r in others:
            other_row.add(r)
    department_rows = sorted((row(cell, department=pk) for pk, cell in departments.items()), key=lambda r: r.label)

    total = Row(label="", start=start, end=end, params=base, register=register)
    for r in month_rows:
        total.add(r)
    step_rows = [StepRow(code=data["code"], description="", done=data["done"], late=data["late"],
                         overrun_hours=overrun_hours(data["overrun_microseconds"], data["overrun_steps"]),
                         url=total.url("result", late_step=data["code"])) for data in steps]
    ratings = {value: sum(cell.get(RATINGS[value], 0) for cell in months.values()) for value in Rating.values}
    rated = sum(ratings.values())
    rating_rows = [(value, label, ratings[value], percent(ratings[value], rated), total.url("result", rating=value))
                   for value, label in Rating.choices]
    return Figures(start=start, end=end, months=month_rows, total=total, procedures=procedure_rows[:PROCEDURE_ROWS],
                   departments=department_rows, steps=step_rows, ratings=rating_rows, rated=rated,
                   other_procedures=other_row, other_count=len(others))


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
                       for r in f.procedures[:REVIEW_PROCEDURES]],
    }
