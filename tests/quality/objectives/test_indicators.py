"""Each computed indicator against records built here, at the period's edges in Asia/Ho_Chi_Minh."""

import datetime

from audits.capa.models import Action, Nonconformity
from audits.feedback.models import Feedback
from audits.internal.models import Audit, AuditProgramme
from processes.documents.records import Acknowledgement
from quality.objectives import indicators
from tests.processes.documents.helpers import effective_revision, make_document
from tests.quality.objectives.helpers import closed_nc, local

D = datetime.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))


def test_nc_closed_at_2359_local_on_the_last_day_counts_and_at_midnight_does_not(world):
    closed_nc(world, local(2026, 3, 31, 23, 59), due=D(2026, 3, 31))  # in March, on time
    closed_nc(world, local(2026, 4, 1, 0, 0), due=D(2026, 3, 31))  # April: not in March
    closed_nc(world, local(2026, 3, 1, 0, 0), due=D(2026, 2, 28))  # first minute of March, one day late
    assert indicators.nc_closed_on_time(world.agency, *MARCH) == (50, 1, 2)
    # The April one is late (due 31/3, closed 1/4 local) and belongs to April.
    assert indicators.nc_closed_on_time(world.agency, D(2026, 4, 1), D(2026, 4, 30)) == (0, 0, 1)


def test_nc_on_time_compares_local_dates_not_utc(world):
    # 06:30 local on 1 April is 23:30 UTC on 31 March: still late for a due date of 31 March.
    closed_nc(world, local(2026, 4, 1, 6, 30), due=D(2026, 3, 31))
    # 00:30 local on 10 April (17:30 UTC on 9 April) is on time for 10 April.
    closed_nc(world, local(2026, 4, 10, 0, 30), due=D(2026, 4, 10))
    assert indicators.nc_closed_on_time(world.agency, D(2026, 4, 1), D(2026, 4, 30)) == (50, 1, 2)


def test_nc_indicator_ignores_open_nc_other_agency_and_ncs_without_actions(world):
    closed_nc(world, local(2026, 3, 10), due=None)
    closed_nc(world, local(2026, 3, 10), due=D(2026, 3, 31), agency=world.other_agency)
    assert indicators.nc_closed_on_time(world.agency, *MARCH) == (None, 0, 0)


def _action(world, due, status="planned", completed_on=None):
    nc = closed_nc(world, local(2026, 1, 5), due=None)
    return Action.objects.create(agency=world.agency, nc=nc, description="x", owner=world.staff, due_date=due,
                                 status=status, completed_on=completed_on, cancel_reason="r" if status == "cancelled" else "")


def test_actions_overdue_share_over_actions_due_in_the_period(world):
    _action(world, D(2026, 3, 31), "done", D(2026, 3, 31))  # on time, last day
    _action(world, D(2026, 3, 1), "done", D(2026, 3, 2))  # done late
    _action(world, D(2026, 3, 15))  # still open, past due
    _action(world, D(2026, 3, 20), "cancelled")  # left out
    _action(world, D(2026, 4, 1))  # due next period: left out
    _action(world, D(2026, 2, 28), "done", D(2026, 3, 5))  # due last period: left out
    result = indicators.actions_overdue(world.agency, *MARCH, today=D(2026, 4, 2))
    assert result[1:] == (2, 3) and float(result[0]) == 66.67


def test_an_open_action_due_today_is_not_overdue_yet(world):
    _action(world, D(2026, 3, 31))
    assert indicators.actions_overdue(world.agency, *MARCH, today=D(2026, 3, 31))[1:] == (0, 1)
    assert indicators.actions_overdue(world.agency, *MARCH, today=D(2026, 4, 1))[1:] == (1, 1)


def test_feedback_answered_within_n_days_of_receipt(world):
    def fb(received, answered=None, status="answered"):
        item = Feedback.objects.create(agency=world.agency, content="x", status=status, answered_at=answered,
                                       answer="a" if status == "answered" else "",
                                       dismissed_reason="r" if status == "dismissed" else "")
        Feedback.objects.filter(pk=item.pk).update(created_at=received)  # created_at is auto_now_add

    fb(local(2026, 3, 31, 23, 59), local(2026, 4, 15, 23, 59))  # received in March, answered in 15 days
    fb(local(2026, 3, 1, 8), local(2026, 3, 16, 8, 1))  # 15 days and a minute: late
    fb(local(2026, 3, 5), None, "received")  # not answered
    fb(local(2026, 3, 6), None, "dismissed")  # left out
    fb(local(2026, 4, 1, 0, 0), local(2026, 4, 2))  # April
    assert indicators.feedback_answered(world.agency, *MARCH, answer_days=15)[1:] == (1, 3)
    assert indicators.feedback_answered(world.agency, *MARCH, answer_days=16)[1:] == (2, 3)


def test_audit_programme_completion_counts_planned_internal_audits_done_by_the_end(world):
    programme = AuditProgramme.objects.create(agency=world.agency, year=2026, title="CT 2026")
    n = iter(range(1, 100))

    def audit(month, status="planned", reported_at=None, kind="internal"):
        i = next(n)
        Audit.objects.create(agency=world.agency, programme=programme, number=i, code=f"ĐG-{i}", title="x",
                             planned_month=month, status=status, reported_at=reported_at, audit_type=kind,
                             lead_auditor=None if status == "planned" else world.auditor,
                             start_date=None if status == "planned" else D(2026, month, 1),
                             end_date=None if status == "planned" else D(2026, month, 2))

    audit(2, "reported", local(2026, 3, 31, 23, 59))  # reported on the quarter's last minute
    audit(3, "reported", local(2026, 4, 1, 0, 0))  # reported after the quarter
    audit(1)  # not done
    audit(3, "closed", local(2026, 3, 1), kind="external_oversight")  # not internal: left out
    audit(4, "reported", local(2026, 2, 1))  # planned in Q2: left out of Q1
    assert indicators.audits_done(world.agency, D(2026, 1, 1), D(2026, 3, 31)) == (indicators._result(1, 3)[0], 1, 3)
    assert indicators.audits_done(world.agency, D(2026, 1, 1), D(2026, 12, 31))[1:] == (3, 4)


def test_acknowledgement_rate_of_current_procedures_at_the_period_end(world):
    revision = effective_revision(world, make_document(world))
    Acknowledgement.objects.filter(revision=revision).delete()
    for user, requested, acknowledged in [
        (world.staff, local(2026, 3, 1), local(2026, 3, 31, 23, 59)),
        (world.reviewer, local(2026, 3, 1), local(2026, 4, 1, 0, 0)),
        (world.author, local(2026, 3, 1), None),
        (world.auditor, local(2026, 4, 1, 0, 0), local(2026, 4, 1, 1)),  # asked after March: left out
    ]:
        Acknowledgement.objects.create(revision=revision, agency=world.agency, user=user, requested_at=requested,
                                       acknowledged_at=acknowledged)
    assert indicators.acknowledged(world.agency, *MARCH)[1:] == (1, 3)
    assert indicators.acknowledged(world.agency, D(2026, 4, 1), D(2026, 4, 30))[1:] == (3, 4)


def test_nothing_to_count_is_no_data_not_zero(world):
    for compute in indicators.COMPUTE.values():
        assert compute(world.agency, *MARCH, today=D(2026, 4, 1))[0] is None
    assert Nonconformity.objects.count() == 0
