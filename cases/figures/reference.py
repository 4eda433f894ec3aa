"""The figures counted by plain SQL aggregates over the files and their steps: the reference the summary tables
must equal (tests/cases/figures/test_tallies.py), and what the page uses for a period that does not start and end
on whole months (the tables count whole local months).

Four GROUP BY queries whatever the number of files: received and resolved by (local month, procedure), the same
two by department, and the finished steps of the resolved files by code. Each returns plain counters, the same
as ``cases.figures.summary`` (services.Counts).
"""

from decimal import Decimal

from django.db.models import Count, DateField, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.files.models import Case, CaseStep, Outcome
from cases.figures.tallies import MICROSECOND, OUTCOMES, RATINGS

HUNDREDTH = Decimal("0.01")


def local_month(moment):
    """The first day of ``moment``'s Asia/Ho_Chi_Minh month (tallies.month_of), computed by the database as a date:
    read back as an aware datetime, each row cost about 15 µs in its conversion (300 rows a year's page)."""
    return TruncMonth(moment, tzinfo=timezone.get_default_timezone(), output_field=DateField())


def labelled(rows, agency):
    """``rows`` (files, or the summary tables' cells) with their procedure's code and title to read: the procedures
    joined are the agency's own (which they are anyway), so PostgreSQL hashes an agency's few hundred of them, not
    the province's 10,000."""
    return rows.filter(document__agency=agency)


def files_of(agency, *, document=None, department=None):
    """The agency's files, of a procedure, through a department (the register's own meaning: any of its steps)."""
    files = Case.objects.filter(agency=agency)
    if document is not None:
        files = files.filter(document=document)
    if department is not None:
        files = files.filter(Exists(CaseStep.objects.filter(case=OuterRef("pk"), department=department)))
    return files


def _result_counters():
    return {
        **{name: Count("pk", filter=Q(outcome=value)) for value, name in OUTCOMES.items()},
        **{name: Count("pk", filter=Q(rating=value)) for value, name in RATINGS.items()},
        "days_taken_sum": Sum("working_days_taken"), "days_taken_files": Count("working_days_taken"),
        "days_stated_sum": Sum("revision__processing_time_days"),
        "days_stated_files": Count("revision__processing_time_days"),
    }


def _clean(data):
    # Whole hundredths of a day, as the tables keep them (SQLite sums decimals as floats).
    if data.get("days_taken_sum") is not None:
        data["days_taken_sum"] = Decimal(data["days_taken_sum"]).quantize(HUNDREDTH)
    return {key: 0 if value is None else value for key, value in data.items()}


def counts(agency, since, until, *, document=None, department=None, step_rows=10):
    """(by month, by procedure, by department, steps) of the files received / resolved in [since, until)."""
    files = files_of(agency, document=document, department=department)
    months, procedures, departments = {}, {}, {}

    def into(table, key, label, data):
        cell = table.setdefault(key, {"label": label})
        for name, value in data.items():
            cell[name] = cell.get(name, 0) + value

    # 1–2: by (month, procedure), by receipt and by result; months and procedures are their sums.
    labels = ("document", "document__code", "document__title")
    for side, moment, counters in (("received", "received_at", {"received": Count("pk")}),
                                   ("result", "result_at", _result_counters())):
        for data in (labelled(files, agency).filter(**{f"{moment}__gte": since, f"{moment}__lt": until})
                     .annotate(m=local_month(moment)).values("m", *labels).annotate(**counters).order_by()):
            month, pk = data.pop("m"), data.pop("document")
            label = f'{data.pop("document__code")} {data.pop("document__title")}'.strip()
            data = _clean(data)
            into(months, month, "", data)
            into(procedures, pk, label, data)

    # 3–4: by department: the files that went through each department's steps (counted once per department), by
    # receipt and by result; each query starts from the agency's files of the period (their date indexes), not
    # from the province's steps.
    steps = CaseStep.objects.filter(agency=agency, department__isnull=False, case__agency=agency)
    if department is not None:
        steps = steps.filter(department=department)
    if document is not None:
        steps = steps.filter(case__document=document)
    for data in (steps.filter(case__received_at__gte=since, case__received_at__lt=until)
                 .values("department", "department__name").annotate(received=Count("case", distinct=True))
                 .order_by()):
        into(departments, data.pop("department"), data.pop("department__name"), data)
    for data in (steps.filter(case__result_at__gte=since, case__result_at__lt=until)
                 .values("department", "department__name").annotate(
                     **{name: Count("case", distinct=True, filter=Q(case__outcome=value))
                        for value, name in OUTCOMES.items()}).order_by()):
        into(departments, data.pop("department"), data.pop("department__name"), data)

    # 5: the steps of the files resolved in the period that ran over, by step code (from those files, by the
    # (agency, result_at) index, then each file's steps by (case, order)).
    overrun = ExpressionWrapper(F("done_at") - F("due_at"), output_field=DurationField())
    late = Q(outcome=Outcome.LATE)
    resulted_steps = CaseStep.objects.filter(agency=agency, case__agency=agency, case__result_at__gte=since,
                                             case__result_at__lt=until, state=CaseStep.State.DONE)
    if document is not None:
        resulted_steps = resulted_steps.filter(case__document=document)
    if department is not None:
        resulted_steps = resulted_steps.filter(
            Exists(CaseStep.objects.filter(case=OuterRef("case"), department=department)))
    late_with_due = late & Q(due_at__isnull=False)
    step_list = []
    for data in (resulted_steps.values("code").annotate(
            done=Count("pk"), late=Count("pk", filter=late), overrun=Sum(overrun, filter=late_with_due),
            overrun_steps=Count("pk", filter=late_with_due)).filter(late__gt=0).order_by("-late", "code")[:step_rows]):
        over = data.pop("overrun")
        step_list.append({**data, "overrun_microseconds": over // MICROSECOND if over is not None else 0})
    return months, procedures, departments, step_list
