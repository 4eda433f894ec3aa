"""The figures read from the summary tables (cases/figures/models.py), for a period of whole local months (the
page's month, quarter and year, and any custom period from a 1st to a month's last day): four queries over the
selection's own cells, a few rows a month, whatever the number of files. Returns what ``cases.figures.reference``
returns, to the same value (tests/cases/figures/test_tallies.py).
"""

from decimal import Decimal

from django.db.models import Q, Sum

from cases.figures import reference
from cases.figures.models import MonthTally, StepTally
from cases.figures.tallies import MONTH_COUNTERS, STEP_COUNTERS

RESULT_BY_DEPARTMENT = ("received", "early", "on_time", "late")  # what the department table shows


def _sums(names):
    # Named apart from the columns they add up (Django refuses an annotation named like a field).
    return {f"sum_{name}": Sum(name) for name in names}


def _clean(data):
    data = {key.removeprefix("sum_"): 0 if value is None else value for key, value in data.items()}
    if "days_taken_hundredths" in data:
        data["days_taken_sum"] = Decimal(data.pop("days_taken_hundredths")) / 100
    return data


def counts(agency, first_month, last_month, *, document=None, department=None, step_rows=10):
    """(by month, by procedure, by department, steps) of the months from ``first_month`` to ``last_month`` (first
    days of local months)."""
    cells = MonthTally.objects.filter(agency=agency, month__gte=first_month, month__lte=last_month)
    doc = Q(document=document) if document is not None else Q(document__isnull=True)
    dept = Q(department=department) if department is not None else Q(department__isnull=True)
    months, procedures, departments = {}, {}, {}

    # 1: the selection's own cells, month by month.
    for data in cells.filter(doc, dept).values("month").annotate(**_sums(MONTH_COUNTERS)).order_by():
        months[data.pop("month")] = {"label": "", **_clean(data)}
    # 2: each procedure's cells (the one chosen, or all of them), for the chosen department or every one.
    by_procedure = reference.labelled(cells, agency).filter(
        dept, **({"document": document} if document is not None else {"document__isnull": False}))
    for data in (by_procedure.values("document", "document__code", "document__title")
                 .annotate(**_sums(MONTH_COUNTERS)).order_by()):
        pk = data.pop("document")
        label = f'{data.pop("document__code")} {data.pop("document__title")}'.strip()
        procedures[pk] = {"label": label, **_clean(data)}
    # 3: each department's cells (the one chosen, or all of them), for the chosen procedure or every one.
    by_department = cells.filter(doc, **({"department": department} if department is not None else
                                         {"department__isnull": False}))
    for data in (by_department.values("department", "department__name")
                 .annotate(**_sums(RESULT_BY_DEPARTMENT)).order_by()):
        departments[data.pop("department")] = {"label": data.pop("department__name"), **_clean(data)}
    # 4: the steps that ran over, by code.
    steps = []
    for data in (StepTally.objects.filter(doc, dept, agency=agency, month__gte=first_month, month__lte=last_month)
                 .values("code").annotate(**_sums(STEP_COUNTERS)).filter(sum_late__gt=0)
                 .order_by("-sum_late", "code")[:step_rows]):
        steps.append(_clean(data))
    return months, procedures, departments, steps
