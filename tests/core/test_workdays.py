"""The working-day calendar (qms/core/workdays.py): deadlines across holidays, weekends, moved days and hours."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qms.core import workdays
from qms.core.models import CalendarChange
from qms.core.workdays import WorkCalendar, parse_duration

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hh=10, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=VN)


def change(world, day, kind, *, agency=None, by=None):
    return workdays.add_change(agency=agency, day=day, kind=kind, reason="Công văn thử", by=by or world.coordinator)


# (label, start, days, hours, expected deadline)
CASES = [
    ("Tết 2026: Fri before, 16–20 Feb off", at(2026, 2, 13), 1, 0, at(2026, 2, 23)),
    ("Tết 2027: 4–10 Feb off", at(2027, 2, 3), 2, 0, at(2027, 2, 12)),
    ("year end: 31 Dec 2025 → 2 Jan 2026", at(2025, 12, 31), 1, 0, at(2026, 1, 2)),
    ("year end 2026: 1 Jan 2027 then the weekend", at(2026, 12, 31), 1, 0, at(2027, 1, 4)),
    ("Hùng Kings' observed Mon 27 Apr 2026", at(2026, 4, 24), 1, 0, at(2026, 4, 28)),
    ("30/4–1/5 2026", at(2026, 4, 29), 1, 0, at(2026, 5, 4)),
    ("2/9 2026 with the Mon 31 Aug swapped day off", at(2026, 8, 28), 1, 0, at(2026, 9, 3)),
    ("the government's make-up Sat 22 Aug 2026", at(2026, 8, 21), 1, 0, at(2026, 8, 22)),
    ("a weekend", at(2026, 3, 6), 1, 0, at(2026, 3, 9)),
    ("five days across a weekend", at(2026, 3, 4, 15), 5, 0, at(2026, 3, 11, 15)),
    ("hours across lunch", at(2026, 3, 2, 10), 0, 4, at(2026, 3, 2, 16)),
    ("hours across a night", at(2026, 3, 2, 16), 0, 4, at(2026, 3, 3, 10, 30)),
    ("8 working hours = a day and half an hour", at(2026, 3, 2, 7, 30), 0, 8, at(2026, 3, 3, 8)),
    ("half a day from opening", at(2026, 3, 2, 7, 30), Decimal("0.5"), 0, at(2026, 3, 2, 11, 15)),
    ("half a day across lunch", at(2026, 3, 2, 10), Decimal("0.5"), 0, at(2026, 3, 2, 15, 45)),
    ("half a day as a float", at(2026, 3, 2, 10), 0.5, 0, at(2026, 3, 2, 15, 45)),
    ("a day and a half", at(2026, 3, 2, 16), Decimal("1.5"), 0, at(2026, 3, 4, 10, 15)),
    ("start on Sunday counts from Monday's opening", at(2026, 3, 8, 9), 1, 0, at(2026, 3, 9, 17)),
    ("start after closing", at(2026, 3, 2, 18), 1, 0, at(2026, 3, 3, 17)),
    ("start after closing, 8 hours", at(2026, 3, 2, 18), 0, 8, at(2026, 3, 4, 8)),
    ("start at closing → closing N days later", at(2026, 3, 2, 17), 2, 0, at(2026, 3, 4, 17)),
    ("start at opening + 1 day = that day's closing", at(2026, 3, 2, 7, 30), 1, 0, at(2026, 3, 2, 17)),
    ("start at lunch counts from 13:30", at(2026, 3, 2, 12), 0, 2, at(2026, 3, 2, 15, 30)),
    ("deadline exactly at the break is 11:30", at(2026, 3, 2, 7, 30), 0, 4, at(2026, 3, 2, 11, 30)),
    ("nothing to add: the next opening", at(2026, 3, 2, 12), 0, 0, at(2026, 3, 2, 13, 30)),
    ("days and hours together", at(2026, 3, 2, 10), 1, 2, at(2026, 3, 3, 14)),
    ("UTC start is read in Vietnam's time", datetime.datetime(2026, 3, 2, 3, 0, tzinfo=datetime.UTC), 1, 0,
     at(2026, 3, 3, 10)),
]


@pytest.mark.parametrize("label,start,days,hours,expected", CASES, ids=[c[0] for c in CASES])
def test_deadline_table(db, label, start, days, hours, expected):
    result = WorkCalendar.for_agency(None).add(start, days=days, hours=hours)
    assert result == expected, (label, result)
    assert result.tzinfo is not None and result.utcoffset() == datetime.timedelta(hours=7)


def test_moved_days_province_and_agency(world):
    # A province-wide make-up working Saturday, an agency's own bridge day off, and the agency overriding the
    # province on one date.
    change(world, datetime.date(2026, 3, 14), "working_day", by=world.people["oversight"])
    change(world, datetime.date(2026, 3, 20), "day_off", by=world.people["oversight"])
    change(world, datetime.date(2026, 3, 9), "day_off", agency=world.agency)
    change(world, datetime.date(2026, 3, 20), "working_day", agency=world.agency)
    mine, other, province = (WorkCalendar.for_agency(a) for a in (world.agency, world.other_agency, None))

    assert province.add(at(2026, 3, 13), days=1) == at(2026, 3, 14)  # the make-up Saturday works everywhere
    assert mine.is_working_day(datetime.date(2026, 3, 14)) and other.is_working_day(datetime.date(2026, 3, 14))
    assert mine.add(at(2026, 3, 6), days=1) == at(2026, 3, 10)  # the agency's bridge day off
    assert other.add(at(2026, 3, 6), days=1) == at(2026, 3, 9)  # … is only the agency's
    assert not other.is_working_day(datetime.date(2026, 3, 20))  # the province's day off
    assert mine.is_working_day(datetime.date(2026, 3, 20))  # the agency works that day all the same
    assert mine.next_working_day(datetime.date(2026, 3, 6)) == datetime.date(2026, 3, 10)
    assert other.next_working_day(datetime.date(2026, 3, 19)) == datetime.date(2026, 3, 23)
    # A day_off on a weekend or holiday changes nothing; a working_day on a holiday makes it one.
    assert mine.is_working_day(datetime.date(2026, 3, 13))


def test_is_working_day_basics(db):
    cal = WorkCalendar.for_agency(None)
    assert not cal.is_working_day(datetime.date(2026, 2, 17))  # Tết
    assert not cal.is_working_day(datetime.date(2026, 3, 7))  # Saturday
    assert cal.is_working_day(datetime.date(2026, 3, 9))
    assert cal.is_working_day(datetime.date(2026, 8, 22))  # Saturday made a working day by the government
    assert cal.next_working_day(datetime.date(2026, 2, 13)) == datetime.date(2026, 2, 23)
    assert cal.next_working_day(datetime.date(2026, 12, 31)) == datetime.date(2027, 1, 4)


BETWEEN = [
    (at(2026, 3, 2, 10), at(2026, 3, 3, 10), Decimal("1.00")),
    (at(2026, 2, 13, 10), at(2026, 2, 23, 10), Decimal("1.00")),  # across Tết
    (at(2026, 3, 2, 7, 30), at(2026, 3, 2, 11, 15), Decimal("0.50")),
    (at(2026, 3, 7, 9), at(2026, 3, 8, 15), Decimal("0.00")),  # a weekend
    (at(2026, 3, 6, 17), at(2026, 3, 9, 7, 30), Decimal("0.00")),  # Friday's closing to Monday's opening
    (at(2026, 3, 2, 10), at(2026, 3, 2, 11), Decimal("0.13")),  # an hour: 1/7.5, rounded
    (at(2026, 12, 30, 10), at(2027, 1, 5, 10), Decimal("3.00")),  # 31/12, 4/1, 5/1
]


@pytest.mark.parametrize("start,end,expected", BETWEEN)
def test_working_days_between_symmetric(db, start, end, expected):
    cal = WorkCalendar.for_agency(None)
    assert cal.working_days_between(start, end) == expected
    assert cal.working_days_between(end, start) == -expected


def test_between_undoes_add_from_office_hours(db):
    cal = WorkCalendar.for_agency(None)
    checked = 0
    for label, start, days, hours, expected in CASES:
        local = start.astimezone(VN)
        inside = any(opening <= local.time() < closing for opening, closing in (workdays.MORNING, workdays.AFTERNOON))
        if not (inside and cal.is_working_day(local.date())):
            continue
        wanted = (Decimal(str(days)) + Decimal(str(hours)) / Decimal("7.5")).quantize(Decimal("0.01"))
        assert cal.working_days_between(start, expected) == wanted, label
        checked += 1
    assert checked >= 15


def test_one_query_for_many_deadlines(world, django_assert_max_num_queries):
    change(world, datetime.date(2026, 3, 9), "day_off", agency=world.agency)
    with django_assert_max_num_queries(1):
        cal = WorkCalendar.for_agency(world.agency)
        for i in range(200):
            cal.add(at(2026, 1, 1) + datetime.timedelta(hours=7 * i), days=i % 15, hours=i % 5)
            cal.working_days_between(at(2026, 1, 1), at(2026, 1, 1) + datetime.timedelta(days=i))
        # a year not asked about before is added on the way, without a query
        assert cal.add(at(2030, 12, 31), days=1).year == 2031


def test_naive_or_negative_refused(db):
    cal = WorkCalendar.for_agency(None)
    with pytest.raises(ValueError):
        cal.add(datetime.datetime(2026, 3, 2, 10), days=1)
    with pytest.raises(ValueError):
        cal.add(at(2026, 3, 2), days=-1)


DURATIONS = [
    ("0,5 ngày", (Decimal("0.5"), Decimal(0))),
    ("0.5 ngày", (Decimal("0.5"), Decimal(0))),
    ("1 ngày", (Decimal(1), Decimal(0))),
    ("2 ngày làm việc", (Decimal(2), Decimal(0))),
    ("  2  Ngày  Làm Việc ", (Decimal(2), Decimal(0))),
    ("3 ngay", (Decimal(3), Decimal(0))),
    ("3 ngay lam viec", (Decimal(3), Decimal(0))),
    ("4 giờ", (Decimal(0), Decimal(4))),
    ("8 giờ làm việc", (Decimal(0), Decimal(8))),
    ("4 gio", (Decimal(0), Decimal(4))),
    ("1,5 giờ", (Decimal(0), Decimal("1.5"))),
    ("4h", (Decimal(0), Decimal(4))),
    ("2 nga\u0300y", (Decimal(2), Decimal(0))),  # decomposed accents (NFD)
    ("", None),
    (None, None),
    ("theo quy định", None),
    ("-1 ngày", None),
    ("1 tuần", None),
    ("ngày", None),
]


@pytest.mark.parametrize("text,expected", DURATIONS)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


def test_changes_are_unique_per_date_and_scope(world):
    day = datetime.date(2099, 9, 1)
    change(world, day, "day_off", by=world.people["oversight"])
    change(world, day, "day_off", agency=world.agency)  # the agency's own row beside the province's
    with pytest.raises(ValidationError) as exc:
        change(world, day, "working_day", by=world.people["oversight"])
    assert "01/09/2099" in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds it for province-wide rows
        CalendarChange.objects.create(date=day, kind="day_off", reason="x", created_by=world.coordinator)
    assert CalendarChange.objects.filter(date=day).count() == 2
    with pytest.raises(ValidationError):
        workdays.add_change(agency=None, day=datetime.date(2099, 9, 2), kind="day_off", reason="  ",
                            by=world.coordinator)


def test_only_future_changes_can_be_removed_with_history(world):
    past = change(world, datetime.date(2020, 5, 4), "day_off", agency=world.agency)
    future = change(world, datetime.date(2099, 5, 4), "day_off", agency=world.agency)
    with pytest.raises(ValidationError):
        workdays.remove_change(change=past, reason="nhầm", by=world.coordinator)
    workdays.remove_change(change=future, reason="Công văn hủy", by=world.coordinator)
    assert list(CalendarChange.objects.values_list("pk", flat=True)) == [past.pk]
    deleted = CalendarChange.history.filter(id=future.pk, history_type="-").get()
    assert deleted.history_change_reason == "Công văn hủy" and deleted.history_user == world.coordinator
