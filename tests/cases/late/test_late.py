"""Late detection at its boundaries (exactly due, a minute past, across a weekend and the 30/4–1/5 holidays), the
late alerts sent once to the handler and the department's head, the apology reminder, the frequent check."""

import datetime

import pytest

from cases.files import services as files
from cases.files.filters import CaseFilter
from cases.files.models import Case, CaseStep
from cases.late import jobs
from cases.late.services import is_late
from qms.core.models import Notification
from qms.core.workdays import WorkCalendar
from tests.cases.files.helpers import procedure
from tests.cases.late.helpers import at, received

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)
DAY = datetime.timedelta(days=1)


def _alerts(key):
    return sorted(Notification.objects.filter(key=key).values_list("user__username", flat=True))


def test_a_file_is_late_one_minute_after_its_appointment_not_at_it_and_not_over_the_weekend(world):
    friday = at(2026, 5, 29, 16, 0)
    case = received(world, friday, days=1)
    # One working day from Friday 16:00 is Monday 16:00: Saturday and Sunday do not count.
    assert case.appointment_at == at(2026, 6, 1, 16, 0)
    assert not is_late(case, at(2026, 5, 30, 12, 0))  # Saturday
    assert not is_late(case, case.appointment_at)  # due exactly now: not late yet
    assert is_late(case, case.appointment_at + MINUTE)
    assert jobs.alert_late(now=case.appointment_at)["marked"] == 0
    result = jobs.alert_late(now=case.appointment_at + MINUTE)
    case.refresh_from_db()
    assert result["marked"] == 1 and result["files"] == 1 and case.is_late and case.late_alerted_at is not None
    assert case.history.first().history_change_reason == "Quá ngày hẹn trả kết quả"


def test_the_30_april_and_1_may_holidays_and_the_weekend_after_are_not_counted(world):
    wednesday = at(2026, 4, 29, 16, 0)
    case = received(world, wednesday, days=1)
    cal = WorkCalendar.for_agency(world.agency)
    assert not cal.is_working_day(datetime.date(2026, 4, 30)) and not cal.is_working_day(datetime.date(2026, 5, 1))
    assert case.appointment_at == at(2026, 5, 4, 16, 0)
    assert not is_late(case, at(2026, 5, 2, 9, 0))
    assert not is_late(case, at(2026, 5, 4, 16, 0))
    assert is_late(case, at(2026, 5, 4, 16, 1))


def test_a_late_step_alerts_its_handler_and_the_department_head_once(world):
    desk = world.departments["desk"]
    desk.head = world.coordinator
    desk.save()
    friday = at(2026, 5, 29, 16, 0)
    case = received(world, friday, days=3)
    b1 = case.steps.get(order=1)
    files.step_take(step=b1, user=world.staff, now=friday)
    b1.refresh_from_db()
    assert b1.due_at == at(2026, 6, 1, 10, 30)  # 4 working hours: 1 on Friday, 3 on Monday morning
    assert jobs.alert_late(now=b1.due_at)["steps"] == 0
    assert jobs.alert_late(now=b1.due_at + MINUTE)["steps"] == 1
    # The handler (staff, of the desk) and the head of the desk, linking to the file's page, which both may open.
    assert _alerts("cases.step_late") == ["coordinator", "staff"]
    note = Notification.objects.filter(key="cases.step_late", user=world.staff).get()
    assert note.url == case.get_absolute_url() and case.code in note.text and "B1" in note.text
    assert jobs.alert_late(now=b1.due_at + 10 * MINUTE)["steps"] == 0
    assert len(_alerts("cases.step_late")) == 2
    b1.refresh_from_db()
    assert b1.late_alerted_at == b1.due_at + MINUTE


def test_a_late_file_alerts_once_and_an_apology_moves_the_alert_to_the_new_date(world):
    from cases.late.services import apology_issue

    friday = at(2026, 5, 29, 9, 0)
    case = received(world, friday, days=1)  # one working day from Friday 09:00: Monday 09:00
    new_date = at(2026, 6, 3, 15, 0)
    apology_issue(case=case, user=world.coordinator, new_appointment_at=new_date, reason="Chờ ý kiến Sở Xây dựng",
                  signed_by=world.head, now=friday + datetime.timedelta(hours=2))
    past_original = case.appointment_at + MINUTE
    result = jobs.alert_late(now=past_original)
    # Counted late against the original appointment (Decree 61), but the applicant was promised a later date:
    # nobody is alerted about the file until that one passes.
    assert result["marked"] == 1 and result["files"] == 0
    assert jobs.alert_late(now=new_date + MINUTE)["files"] == 1
    assert _alerts("cases.case_late") == ["staff"]  # B1 not taken: the desk that received the file
    assert jobs.alert_late(now=new_date + 2 * MINUTE)["files"] == 0


def test_two_runs_at_once_alert_once(world):
    case = received(world, at(2026, 5, 29, 16, 0))
    later = case.appointment_at + MINUTE
    assert jobs._claimed(Case, case.pk, later) is True
    assert jobs._claimed(Case, case.pk, later) is False  # the other node's UPDATE finds it claimed


def test_files_awaiting_supplements_are_not_late_by_the_calendar(world):
    friday = at(2026, 5, 29, 16, 0)
    case = received(world, friday)
    files.case_request_supplement(case=case, user=world.staff, text="Bổ sung bản vẽ", now=friday)
    case.refresh_from_db()
    assert not is_late(case, case.appointment_at + datetime.timedelta(days=3))
    assert jobs.alert_late(now=case.appointment_at + datetime.timedelta(days=3))["marked"] == 0


def test_one_definition_of_late_the_queryset_the_file_the_register_and_the_late_piece_agree(world):
    """Case.objects.late(), Case.late_at, cases.late.services.is_late and the register's filters all follow
    late_condition: the clock stops while supplements are awaited; an apology's new date does not move the
    appointment the file is measured against."""
    friday = at(2026, 5, 29, 16, 0)
    running = received(world, friday)
    waiting = received(world, friday, revision=running.revision)
    files.case_request_supplement(case=waiting, user=world.staff, text="Bổ sung bản vẽ", now=friday)
    apologised = received(world, friday, revision=procedure(world, code="QT-5NGAY", processing_time_days=5))
    Case.objects.filter(pk=apologised.pk).update(new_appointment_at=apologised.appointment_at + 3 * DAY)
    cases = list(Case.objects.filter(pk__in=[running.pk, waiting.pk, apologised.pk]).order_by("pk"))
    for now in (friday + MINUTE, running.appointment_at + MINUTE, apologised.appointment_at + MINUTE,
                apologised.appointment_at + 10 * DAY):
        in_queryset = set(Case.objects.late(now).values_list("pk", flat=True))
        for case in cases:
            assert case.late_at(now) == is_late(case, now) == (case.pk in in_queryset), (case.code, now)
            assert case.overdue(now) == (case.pk in in_queryset)  # nothing has is_late stored yet
    later = apologised.appointment_at + MINUTE
    assert set(Case.objects.late(later)) == {running, apologised}  # not the file awaiting supplements
    # The register's filters (and the API's, which uses them) at the real now, long after these appointments.
    every = Case.objects.filter(pk__in=[running.pk, waiting.pk, apologised.pk])
    late = CaseFilter({"late": "yes"}, queryset=every, agency=world.agency).qs
    not_late = CaseFilter({"late": "no"}, queryset=every, agency=world.agency).qs
    overdue = CaseFilter({"open": "overdue"}, queryset=every, agency=world.agency).qs
    assert set(late) == set(overdue) == set(Case.objects.late().filter(pk__in=every)) == {running, apologised}
    assert set(not_late) == {waiting}


def test_the_handler_is_reminded_once_of_the_apology_before_the_date(world):
    from cases.late.services import apology_issue

    monday = at(2026, 6, 1, 9, 0)
    case = received(world, monday, days=5)
    assert jobs.remind_apology(now=monday) == 0  # five working days away
    thursday = at(2026, 6, 4, 9, 0)  # two working days before Monday 09:00
    assert jobs.remind_apology(now=thursday) == 1
    assert jobs.remind_apology(now=thursday + datetime.timedelta(hours=3)) == 0
    (note,) = Notification.objects.filter(key="cases.apology_due")
    assert note.user == world.staff and "phiếu xin lỗi" in note.text and note.read_at is None
    apology_issue(case=case, user=world.coordinator, new_appointment_at=at(2026, 6, 10, 9, 0), reason="Thiếu cán bộ",
                  signed_by=world.head, now=thursday)
    note.refresh_from_db()
    assert note.read_at is not None  # the slip was the task


def test_the_frequent_check_runs_at_most_every_few_minutes_on_a_node(world):
    jobs._last_frequent["at"] = None
    case = received(world, at(2026, 5, 29, 16, 0))
    late = case.appointment_at + MINUTE
    assert jobs.alert_late_frequently(now=late - 2 * MINUTE) == 1  # B1 (4 h) is late; the file not yet
    assert jobs.alert_late_frequently(now=late) == 0  # 2 minutes later: skipped, though the file is late now
    assert not Case.objects.filter(late_alerted_at__isnull=False).exists()
    assert jobs.alert_late_frequently(now=late - 2 * MINUTE + 5 * MINUTE) == 1  # the file
    assert getattr(jobs.alert_late_frequently, "watch", False)
    assert CaseStep.objects.filter(late_alerted_at__isnull=False).count() == 1
    jobs._last_frequent["at"] = None
