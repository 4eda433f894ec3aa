"""Keeping the figures' summary tables (cases/figures/models.py) right: added to inside the services that change a
counted field, rebuilt from the plain aggregates on demand (``manage.py rebuild_case_tallies``, seed_scale, the
migration that made them).

Adding: ``counted`` is registered into cases/files/hooks.py and runs in the service's transaction, after the file
was saved, so the figures and the files commit or roll back together. Each change adds to the cells of its file
with ``INSERT … ON CONFLICT (cell) DO UPDATE SET n = n + excluded.n``: one statement per kind of cell, a new cell
made and an existing one added to by the database itself, atomically. Two services counting into one cell at once
both add (the second waits for the first's row lock, then adds to the committed value); a read-then-write in Python
would lose one, and Django's ``bulk_create(update_conflicts=True)`` sets the value instead of adding. Same SQL on
PostgreSQL and SQLite (≥ 3.24). Cells are written in one order (kind, then key), so two transactions never wait
for each other's cells crosswise.

Rebuilding: the figures' own plain aggregates (GROUP BY local month and procedure over the files, once for every
file and once per department for the files through it), the tables' rows replaced in one transaction. On
PostgreSQL the tables are locked against writers first (readers go on): a service counting meanwhile waits and
then adds to the rebuilt rows, so nothing is counted twice or lost.
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps as installed_apps
from django.db import connection, transaction
from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cases.figures.models import KINDS, MonthTally, StepTally, key_fields, kind_of
from cases.files.hooks import RATED, RECEIVED, RESULT
from cases.files.models import CaseStep, Outcome, Rating

MONTH_COUNTERS = ("received", "early", "on_time", "late", "days_taken_hundredths", "days_taken_files",
                  "days_stated_sum", "days_stated_files", "satisfied", "acceptable", "not_satisfied")
STEP_COUNTERS = ("done", "late", "overrun_microseconds", "overrun_steps")
OUTCOMES = {Outcome.EARLY: "early", Outcome.ON_TIME: "on_time", Outcome.LATE: "late"}
RATINGS = {Rating.SATISFIED: "satisfied", Rating.ACCEPTABLE: "acceptable", Rating.NOT_SATISFIED: "not_satisfied"}
MICROSECOND = datetime.timedelta(microseconds=1)
DONE = CaseStep.State.DONE  # a constant: the rebuild also runs on a migration's historical models


def hundredths(days):
    """Working days (two decimals) as a whole number of hundredths. Rounded, not cut: SQLite sums decimals as
    floats, so a sum of whole hundredths may come back a hair below one."""
    return 0 if days is None else int((Decimal(days) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def month_of(moment):
    """The first day of the Asia/Ho_Chi_Minh calendar month of ``moment`` (qms.core.periods.local_bounds)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date().replace(day=1)


def cells_of(document_id, departments):
    """The (procedure, department) cells a file counts in: its procedure and every procedure, × every department
    and each department it went through."""
    return [(document, department) for document in (document_id, None) for department in (None, *departments)]


# --- adding, in the services' transactions -----------------------------------------------------------------------
def counted(case, change):
    """cases/files/hooks.py's counter: add what ``change`` made of ``case`` to its cells."""
    if change == RECEIVED:
        departments = _departments(case)
        _add_months(case.agency_id, month_of(case.received_at), case.document_id, departments, {"received": 1})
    elif change == RESULT:
        steps = list(CaseStep.objects.filter(case=case).values_list(
            "department_id", "code", "state", "outcome", "done_at", "due_at"))
        departments = sorted({row[0] for row in steps if row[0] is not None})
        month = month_of(case.result_at)
        _add_months(case.agency_id, month, case.document_id, departments, result_counters(case))
        _add_steps(case.agency_id, month, case.document_id, departments, step_counters(steps))
    elif change == RATED:
        _add_months(case.agency_id, month_of(case.result_at), case.document_id, _departments(case),
                    {RATINGS[case.rating]: 1})
    else:
        raise ValueError(f"unknown change {change!r}")


def _departments(case):
    return sorted(set(CaseStep.objects.filter(case=case, department__isnull=False)
                      .values_list("department_id", flat=True)))


def result_counters(case):
    """What a file whose result is ready adds to its result month (its rating comes later, when it is rated)."""
    counters = {OUTCOMES[case.outcome]: 1} if case.outcome in OUTCOMES else {}
    if case.working_days_taken is not None:
        counters["days_taken_hundredths"] = hundredths(case.working_days_taken)
        counters["days_taken_files"] = 1
    stated = case.revision.processing_time_days
    if stated is not None:
        counters["days_stated_sum"], counters["days_stated_files"] = stated, 1
    if case.rating in RATINGS:
        counters[RATINGS[case.rating]] = 1
    return counters


def step_counters(steps):
    """{code: counters} of a file's finished steps, from (department, code, state, outcome, done_at, due_at)."""
    by_code = {}
    for _department, code, state, outcome, done_at, due_at in steps:
        if state != DONE:
            continue
        counters = by_code.setdefault(code, dict.fromkeys(STEP_COUNTERS, 0))
        counters["done"] += 1
        if outcome == Outcome.LATE:
            counters["late"] += 1
            if due_at is not None:
                counters["overrun_microseconds"] += (done_at - due_at) // MICROSECOND
                counters["overrun_steps"] += 1
    return by_code


def _add_months(agency_id, month, document_id, departments, counters):
    if counters:
        add("month", agency_id, {(month, document, department): counters
                                 for document, department in cells_of(document_id, departments)})


def _add_steps(agency_id, month, document_id, departments, by_code):
    add("step", agency_id, {(month, document, department, code): counters
                            for document, department in cells_of(document_id, departments)
                            for code, counters in by_code.items()})


def _table(which):
    return (MonthTally, MONTH_COUNTERS, ()) if which == "month" else (StepTally, STEP_COUNTERS, ("code",))


def _order(item):
    month, document, department, *code = item[0]
    return month, document or 0, department or 0, *code


def add(which, agency_id, cells):
    """Add ``cells`` ({(month, document id or None, department id or None[, step code]): {counter: n}}) to the
    ``which`` ("month" or "step") table of ``agency_id``, making the cells that are not there yet."""
    model, counters, extra = _table(which)
    meta, qn = model._meta, connection.ops.quote_name
    table = qn(meta.db_table)
    by_kind = defaultdict(list)
    for key, values in sorted(cells.items(), key=_order):
        month, document, department, *rest = key
        by_kind[kind_of(document, department)].append(
            [agency_id, connection.ops.adapt_datefield_value(month), *([document] if document is not None else []),
             *([department] if department is not None else []), *rest, *(values.get(c, 0) for c in counters)])
    with connection.cursor() as cursor:
        for kind in KINDS:
            rows = by_kind.get(kind)
            if not rows:
                continue
            keys = [qn(meta.get_field(name).column) for name in key_fields(kind, *extra)]
            # The partial index's own condition, term for term in its order (SQLite matches it literally).
            predicate = " AND ".join(f"{qn(meta.get_field(name).column)} IS {'NOT NULL' if given else 'NULL'}"
                                     for name, given in zip(("document", "department"), kind))
            columns = keys + [qn(c) for c in counters]
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            # Table and column names come from the model's metadata (quoted); the values travel as parameters.
            sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([one] * len(rows))} "  # nosec B608
                   f"ON CONFLICT ({', '.join(keys)}) {'WHERE ' + predicate if kind != (True, True) else ''} "
                   f"DO UPDATE SET {', '.join(f'{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}' for c in counters)}")
            cursor.execute(sql, [value for row in rows for value in row])


# --- rebuilding from the plain aggregates ------------------------------------------------------------------------
def _files(Case, CaseStep, agency_id, department_id):
    files = Case.objects.filter(agency_id=agency_id)
    if department_id is not None:
        files = files.filter(Exists(CaseStep.objects.filter(case=OuterRef("pk"), department_id=department_id)))
    return files


def plain_cells(agency_id, *, apps=None):
    """({(month, document, department): counters}, {(month, document, department, code): counters}) of the
    agency, each cell counted by GROUP BY over its files: what the tables must hold."""
    get = (apps or installed_apps).get_model
    Case, CaseStep, Department = get("cases", "Case"), get("cases", "CaseStep"), get("core", "Department")
    tz = timezone.get_default_timezone()
    months, steps = {}, {}

    def into(table, counters, key, values):
        month, document, department, *code = key
        for cell in ((month, document, department, *code), (month, None, department, *code)):
            totals = table.setdefault(cell, dict.fromkeys(counters, 0))
            for name, value in values.items():
                totals[name] += value or 0

    departments = Department.objects.filter(agency_id=agency_id).values_list("pk", flat=True)
    overrun = ExpressionWrapper(F("done_at") - F("due_at"), output_field=DurationField())
    late_with_due = Q(outcome=Outcome.LATE, due_at__isnull=False)
    for department in (None, *departments):
        files = _files(Case, CaseStep, agency_id, department)
        for row in (files.annotate(m=TruncMonth("received_at", tzinfo=tz)).values("m", "document")
                    .annotate(received=Count("pk")).order_by()):
            into(months, MONTH_COUNTERS, (month_of(row["m"]), row["document"], department),
                 {"received": row["received"]})
        for row in (files.filter(result_at__isnull=False).annotate(m=TruncMonth("result_at", tzinfo=tz))
                    .values("m", "document").annotate(
                        **{name: Count("pk", filter=Q(outcome=value)) for value, name in OUTCOMES.items()},
                        **{name: Count("pk", filter=Q(rating=value)) for value, name in RATINGS.items()},
                        days_taken=Sum("working_days_taken"), days_taken_files=Count("working_days_taken"),
                        days_stated_sum=Sum("revision__processing_time_days"),
                        days_stated_files=Count("revision__processing_time_days")).order_by()):
            row["days_taken_hundredths"] = hundredths(row.pop("days_taken"))
            into(months, MONTH_COUNTERS, (month_of(row.pop("m")), row.pop("document"), department), row)
        done = CaseStep.objects.filter(case__in=files.filter(result_at__isnull=False), state=DONE)
        for row in (done.annotate(m=TruncMonth("case__result_at", tzinfo=tz)).values("m", "case__document", "code")
                    .annotate(done=Count("pk"), late=Count("pk", filter=Q(outcome=Outcome.LATE)),
                              overrun=Sum(overrun, filter=late_with_due),
                              overrun_steps=Count("pk", filter=late_with_due))
                    .order_by()):
            over = row.pop("overrun")
            row["overrun_microseconds"] = over // MICROSECOND if over is not None else 0
            key = (month_of(row.pop("m")), row.pop("case__document"), department, row.pop("code"))
            into(steps, STEP_COUNTERS, key, row)
    return months, steps


def stored_cells(agency_id, *, apps=None):
    """The same two dicts, as the tables hold them now (cells of zeros left out: a rebuild makes none)."""
    get = (apps or installed_apps).get_model
    out = []
    for model, counters, extra in ((get("cases", "MonthTally"), MONTH_COUNTERS, ()),
                                   (get("cases", "StepTally"), STEP_COUNTERS, ("code",))):
        cells = {}
        for row in model.objects.filter(agency_id=agency_id).values("month", "document", "department", *extra,
                                                                    *counters):
            key = (row.pop("month"), row.pop("document"), row.pop("department"), *(row.pop(e) for e in extra))
            if any(row.values()):
                cells[key] = row
        out.append(cells)
    return tuple(out)


@transaction.atomic
def rebuild(agency_id, *, apps=None):
    """Replace the agency's rows with what the plain aggregates count; returns (month rows, step rows)."""
    get = (apps or installed_apps).get_model
    MonthTally, StepTally = get("cases", "MonthTally"), get("cases", "StepTally")
    if connection.vendor == "postgresql":
        # Writers wait until this commits (readers do not): a service counting meanwhile then adds to the rebuilt
        # rows, and the aggregates below see every change committed before it.
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {qn(MonthTally._meta.db_table)}, {qn(StepTally._meta.db_table)} "  # nosec B608
                           "IN EXCLUSIVE MODE")
    months, steps = plain_cells(agency_id, apps=apps)
    MonthTally.objects.filter(agency_id=agency_id).delete()
    StepTally.objects.filter(agency_id=agency_id).delete()
    MonthTally.objects.bulk_create([
        MonthTally(agency_id=agency_id, month=month, document_id=document, department_id=department, **counters)
        for (month, document, department), counters in months.items()], batch_size=2000)
    StepTally.objects.bulk_create([
        StepTally(agency_id=agency_id, month=month, document_id=document, department_id=department, code=code,
                  **counters)
        for (month, document, department, code), counters in steps.items()], batch_size=2000)
    return len(months), len(steps)


def differences(agency_id):
    """(month cells, step cells) of the agency whose stored counters differ from the plain aggregates'."""
    out = []
    for stored, plain in zip(stored_cells(agency_id), plain_cells(agency_id)):
        out.append(sum(1 for key in stored.keys() | plain.keys() if stored.get(key) != plain.get(key)))
    return tuple(out)
