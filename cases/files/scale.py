# history-written-here: module — seed_scale bulk-inserts files, steps and hand-overs and writes their history itself.
"""One-stop files of the province data set (seed_scale, qms/core/scale/generate.py): about 25,000 files a year per
agency for two years at scale 1.0 (1,000,000 for 20 agencies), each under an effective procedure revision made at
step 100, its steps copied from the revision's table, due times from the working-day calendar.

The files of the last three weeks before the anchor day are still open (one active step, taken or waiting in a
department's queue); the rest were returned, a few refused, about one in twelve late: each late file has an
apology slip (form 04) issued before its appointment with a new date, and its steps ran over their times. Two in
five returned files were rated (mostly satisfied). Each finished file keeps its working days taken (the figures
average it in SQL), as ``case_record_result``'s caller does.

Speed (issue 16: ~1,000,000 files, ~5,000,000 steps and hand-overs): everything is built in memory and
inserted with bulk_create in batches with one history row each; a step or hand-over points at its file through
the saved object (``step.case = case`` after the insert), never by reading it back.

Registered from ``cases/apps.py`` as step 1300, after the subjects whose documents and people it uses.
"""

import datetime
import json
from decimal import Decimal

from django.db import connection

from cases.files.models import (ApologySlip, Case, CaseCounter, CaseStep, Channel, Handover, Outcome, Rating,
                                ReturnMethod)
from cases.files.services.routing import department_for
from processes.documents.models import Document
from qms.core.models import Role, UserRole
from qms.core.scale.generate import ANCHOR, at, fast_fold
from qms.core.workdays import WorkCalendar, parse_duration

FILES_PER_PROVINCE = 1_000_000  # 25,000 a year per agency, two years, 20 agencies
OPEN_DAYS = 21
LATE_SHARE = 0.08
LOCAL_OFFSET = datetime.timedelta(hours=7)


APOLOGY_REASONS = [
    "Hồ sơ phải lấy ý kiến của cơ quan liên quan, chưa nhận được văn bản trả lời.",
    "Cần xác minh thực địa, chưa bố trí được lịch kiểm tra.",
    "Khối lượng hồ sơ tiếp nhận tăng đột biến trong tháng.",
    "Người có thẩm quyền ký đi công tác dài ngày.",
]


def _copy_rows(cursor, table, columns, rows):
    qn = connection.ops.quote_name
    # Table and column names come from the models' own metadata (quoted); the values travel as COPY data.
    sql = f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"  # nosec B608
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _created(seeder, model, objs, when, user_id, reason="Dữ liệu quy mô tỉnh"):
    """``seeder.created`` (rows and their "+" history rows), by COPY on PostgreSQL: for ~10,000,000 rows, INSERT's
    per-value preparation in Django was two thirds of the generator's time. Ids are drawn from the table's
    sequence first, so steps and hand-overs can point at their files."""
    if connection.vendor != "postgresql" or not objs:
        return seeder.created(model, objs, when, user_id, reason)
    meta, hmodel = model._meta, model.history.model
    fields = [f for f in meta.concrete_fields]
    tracked = list(hmodel.tracked_fields)

    def value(field, v):
        return json.dumps(v, ensure_ascii=False) if v is not None and field.get_internal_type() == "JSONField" else v

    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [meta.db_table, len(objs)])
        for obj, (pk,) in zip(objs, cursor.fetchall()):
            obj.pk = pk
            obj._state.adding = False
        _copy_rows(cursor, meta.db_table, [f.column for f in fields],
                   ([value(f, getattr(o, f.attname)) for f in fields] for o in objs))
        hcolumns = {f.attname: f.column for f in hmodel._meta.concrete_fields}
        _copy_rows(cursor, hmodel._meta.db_table,
                   [hcolumns[f.attname] for f in tracked] + [hcolumns[c] for c in (
                       "history_date", "history_user_id", "history_type", "history_change_reason")],
                   ([value(f, getattr(o, f.attname)) for f in tracked] + [when(o), user_id(o), "+", reason]
                    for o in objs))
    seeder.counts[meta.label] = seeder.counts.get(meta.label, 0) + len(objs)
    seeder.history_rows += len(objs)
    return objs


def _local(moment):
    return (moment + LOCAL_OFFSET).date()  # Asia/Ho_Chi_Minh has no summer time: UTC+7 all year


def _outcome(done, due):
    """services.common.outcome_of, on local dates."""
    if due is None or done <= due and _local(done) < _local(due):
        return Outcome.EARLY
    return Outcome.ON_TIME if done <= due else Outcome.LATE


def generate(seeder, ctx):
    r, agency = seeder.rng, ctx["agency"]
    revisions = [rev for rev in ctx.get("revisions", []) if rev.status == "effective"
                 and rev.document.doc_type == Document.Type.PROCEDURE and rev.processing_time_days]
    if not revisions:
        return
    calendar = WorkCalendar.for_agency(agency)
    people, clerks = ctx["users"], ctx["staff"][:4]
    # The desk: the people who receive the files hold the clerk role (My work's desk section, the receive page).
    seeder.created(UserRole, [UserRole(user=c, role=Role.CLERK) for c in clerks
                              if Role.CLERK not in ctx["roles"].get(c.pk, ())],
                   at(ANCHOR - datetime.timedelta(days=730)))
    departments = ctx["departments"]
    by_dept = {}
    for user in people:
        by_dept.setdefault(user.department_id, []).append(user)
    n = seeder.per_agency(FILES_PER_PROVINCE, minimum=20, subject="cases.files")
    start = ANCHOR - datetime.timedelta(days=730)
    # Receipts spread over the two years' working days, in order, so codes follow the dates.
    moments = sorted(start + datetime.timedelta(days=r.randint(0, 729)) for _ in range(n))
    tables, fits = {}, {}
    for rev in revisions:
        rows = []
        for row in rev.steps or []:
            days, hours = parse_duration(row.get("time", "")) or (Decimal(0), Decimal(0))
            rows.append((row, days, hours, department_for(row.get("responsibility", ""), departments)))
        # A step table may add up to more than the procedure's stated time: files handled in time use that share
        # of each step's time, so about LATE_SHARE of them end late, not every file whose table overruns.
        planned = sum(float(days) + float(hours) / 7.5 for _row, days, hours, _dept in rows)
        fits[rev.pk] = min(1.0, rev.processing_time_days / planned) if planned else 1.0
        tables[rev.pk] = rows
    counters, cases, plan, slips = {}, [], [], []
    for moment in moments:
        day = moment if calendar.is_working_day(moment) else calendar.next_working_day(moment)
        received = at(day, 1) + datetime.timedelta(minutes=r.randint(0, 420))  # 08:00–15:00 in Hà Nội
        rev = r.choice(revisions)
        year = received.year
        counters[year] = number = counters.get(year, 0) + 1
        clerk = r.choice(clerks)
        name = seeder.name()
        appointment = calendar.add(received, days=rev.processing_time_days)
        case = Case(agency=agency, document=rev.document, revision=rev, code=f"{agency.code.upper()}-{received:%y%m%d}-"
                    f"{number:04d}", year=year, number=number, applicant_name=name,
                    applicant_address=f"{r.randint(1, 300)} phố {r.choice(['Láng', 'Huế', 'Kim Mã', 'Đội Cấn'])}",
                    applicant_phone=f"09{r.randint(10000000, 99999999)}", papers=[], sets=1,
                    channel=r.choice([Channel.DESK] * 6 + [Channel.ONLINE] * 3 + [Channel.POST]),
                    received_at=received, received_by=clerk, appointment_at=appointment, created_at=received)
        case.search_folded = fast_fold(f"{case.code} {name}")
        case.search_code = fast_fold(case.code)
        cases.append(case)
        plan.append((case, rev))
    open_from = ANCHOR - datetime.timedelta(days=OPEN_DAYS)
    steps, handovers, current = [], [], []
    for case, rev in plan:
        opened = case.received_at.date() >= open_from
        late = not opened and r.random() < LATE_SHARE
        now, previous_outcome = case.received_at, ""
        rows = tables[rev.pk]
        active_at = r.randint(0, max(0, len(rows) - 1)) if opened else None
        for order, (row, days, hours, dept) in enumerate(rows, start=1):
            step = CaseStep(case=case, agency=agency, order=order, code=row.get("step", "")[:40],
                            description=row.get("description", ""), responsibility=row.get("responsibility", "")[:500],
                            department=dept, time_text=row.get("time", "")[:100], planned_days=days,
                            planned_hours=hours, forms=row.get("forms", "")[:500])
            steps.append(step)
            if active_at is not None and order > active_at + 1:
                continue
            step.started_at = now
            step.due_at = calendar.add(now, days=days, hours=hours) if days or hours else None
            holder = r.choice(by_dept.get(dept.pk if dept else None) or people)
            handovers.append(Handover(case=case, agency=agency, step=step, kind=Handover.Kind.RECEIPT if order == 1
                                      else Handover.Kind.NEXT_STEP, from_user=case.received_by, to_department=dept,
                                      at=now, result=previous_outcome))
            if active_at is not None and order == active_at + 1:
                step.state = CaseStep.State.ACTIVE
                if r.random() < 0.6:
                    step.taken_by, step.taken_at = holder, now
                case.status = Case.Status.IN_PROGRESS if step.taken_by or order > 1 else Case.Status.RECEIVED
                current.append((case, step))
                continue
            spent = (step.due_at - now) * (1.3 if late else r.uniform(0.3, 0.9) * fits[rev.pk]) if step.due_at \
                else datetime.timedelta(hours=1)
            step.taken_by, step.taken_at = holder, now
            step.state, step.done_at = CaseStep.State.DONE, now + spent
            step.outcome = previous_outcome = _outcome(step.done_at, step.due_at)
            now = step.done_at
        if opened:
            continue
        if r.random() < 0.02:
            case.status, case.refusal_reasons, case.refused_at, case.refused_by = (
                Case.Status.REFUSED, "Hồ sơ không thuộc thẩm quyền giải quyết.", now, case.received_by)
            case.refusal_legal_basis = "Điều 19 Nghị định 61/2018/NĐ-CP"
            case.appointment_at = None
            continue
        case.result_at, case.result_text = now, "Đã giải quyết theo đề nghị."
        case.outcome = _outcome(now, case.appointment_at)
        case.is_late = case.outcome == Outcome.LATE
        case.working_days_taken = calendar.working_days_between(case.received_at, now)
        if case.is_late:  # the apology slip, a working day before the appointment, with a new date after the result
            issued = max(case.received_at + datetime.timedelta(minutes=5),
                         case.appointment_at - datetime.timedelta(days=1))
            case.new_appointment_at = calendar.add(now, days=1)
            slips.append(ApologySlip(case=case, agency=agency, number=1, new_appointment_at=case.new_appointment_at,
                                     reason=r.choice(APOLOGY_REASONS), signed_by=r.choice(people),
                                     issued_by=case.received_by, issued_at=issued))
        case.status, case.returned_at = Case.Status.RETURNED, now + datetime.timedelta(hours=r.randint(1, 30))
        case.return_method, case.returned_by = r.choice(ReturnMethod.values), case.received_by
        if r.random() < 0.4:
            case.rating = r.choice([Rating.SATISFIED] * 8 + [Rating.ACCEPTABLE] * 2 + [Rating.NOT_SATISFIED])
            case.rated_at = case.returned_at
    _created(seeder, Case, cases, lambda c: c.received_at, lambda c: c.received_by_id)
    # Re-assigning the saved objects sets the ids and keeps them cached (setting ``case_id`` would drop the cache
    # and each later ``step.case`` would be a query: 5 s per 2,000 files before).
    for step in steps:
        step.case = step.case
    _created(seeder, CaseStep, steps, lambda s: s.started_at or s.case.received_at, lambda s: s.case.received_by_id)
    for handover in handovers:
        handover.case, handover.step = handover.case, handover.step
    _created(seeder, Handover, handovers, lambda h: h.at, lambda h: h.from_user_id)
    for slip in slips:
        slip.case = slip.case
    _created(seeder, ApologySlip, slips, lambda s: s.issued_at, lambda s: s.issued_by_id)
    for case, step in current:
        case.current_step_id = step.pk
    Case.objects.bulk_update([c for c, _s in current], ["current_step"], batch_size=seeder.batch)
    seeder.insert(CaseCounter, [CaseCounter(agency=agency, year=y, last_number=last) for y, last in counters.items()])


STEPS = [(1300, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
