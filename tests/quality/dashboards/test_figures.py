"""Each dashboard figure against records built here, at the period's boundaries (local dates, Asia/Ho_Chi_Minh)."""

import datetime

from audits.capa.models import Nonconformity
from quality.dashboards.services import agency_dashboard
from tests.quality.dashboards.builders import (action, ack, audit, document, feedback, local, nc, programme)

D = datetime.date
START, END, TODAY = D(2026, 4, 1), D(2026, 6, 30), D(2026, 6, 30)  # the second quarter, seen on its last day


def board(world):
    return agency_dashboard(world.agency, START, END, TODAY)


def values(figures):
    return {str(f.label): f.value for f in figures}


def test_ncs_detected_on_the_period_s_first_and_last_day_count_the_days_either_side_do_not(world):
    a = world.agency
    nc(a, 1, D(2026, 3, 31), source="internal_audit", clause="8.2.2")  # the day before: out
    nc(a, 2, D(2026, 4, 1), source="internal_audit", clause="8.2.2")  # first day: in
    nc(a, 3, D(2026, 6, 30), source="citizen_feedback", clause="")  # last day: in
    nc(a, 4, D(2026, 7, 1), source="citizen_feedback", clause="7.5")  # the day after: out
    nc(world.other_agency, 1, D(2026, 5, 1), source="internal_audit", clause="8.2.2")  # another agency: out

    b = board(world)

    assert b.nc_detected.value == 2
    assert values(b.nc_source) == {"Đánh giá nội bộ": 1, "Phản ánh, kiến nghị của người dân": 1}
    assert values(b.nc_clause) == {"Chưa ghi điều khoản": 1, "8.2.2": 1}


def test_ncs_by_clause_follow_the_agency_s_edition_and_a_2008_nc_shows_its_2015_equivalent(world):
    """An agency that moved to 2015 on 15 May: an NC detected before keeps its 2008 clause with the 2015
    equivalent beside it (the same rule as on the NC's page); one detected after cites 2015 as it is."""
    a = world.agency
    a.iso_edition, a.iso_edition_since = "2015", D(2026, 5, 15)
    a.save(update_fields=["iso_edition", "iso_edition_since"])
    nc(a, 1, D(2026, 4, 10), clause="8.2.2")
    nc(a, 2, D(2026, 5, 14), clause="4.2.3")
    nc(a, 3, D(2026, 5, 15), clause="9.2")  # the first day on 2015
    nc(a, 4, D(2026, 6, 1), clause="9.2")

    assert values(board(world).nc_clause) == {
        "8.2.2 (ISO 9001:2015: 9.2)": 1, "4.2.3 (ISO 9001:2015: 7.5.2, 7.5.3)": 1, "9.2": 2}

    a.iso_edition, a.iso_edition_since = "2008", None  # back on 2008: every clause shown as recorded
    a.save(update_fields=["iso_edition", "iso_edition_since"])
    assert values(board(world).nc_clause) == {"8.2.2": 1, "4.2.3": 1, "9.2": 2}


def test_open_ncs_are_bucketed_by_age_on_today_and_closed_ones_are_not_counted(world):
    a = world.agency
    nc(a, 1, TODAY - datetime.timedelta(days=30))  # 30 days old: first bucket
    nc(a, 2, TODAY - datetime.timedelta(days=31))  # 31: second
    nc(a, 3, TODAY - datetime.timedelta(days=90))
    nc(a, 4, TODAY - datetime.timedelta(days=91))  # third
    nc(a, 5, TODAY - datetime.timedelta(days=181))  # older than 180
    nc(a, 6, TODAY - datetime.timedelta(days=400))
    nc(a, 7, TODAY - datetime.timedelta(days=10), status=Nonconformity.Status.CLOSED)
    nc(a, 8, TODAY - datetime.timedelta(days=10), status=Nonconformity.Status.REJECTED)

    assert [f.value for f in board(world).nc_age] == [1, 2, 1, 2]


def test_actions_overdue_are_open_ones_due_before_today(world):
    a = world.agency
    item = nc(a, 1, D(2026, 5, 1))
    action(item, world.staff, TODAY - datetime.timedelta(days=1))  # overdue
    action(item, world.staff, TODAY)  # due today: not yet overdue
    action(item, world.staff, D(2026, 1, 1), status="done")  # done: not overdue

    assert board(world).overdue_actions.value == 1


def test_feedback_is_in_the_period_by_its_local_date_and_on_time_within_ten_days(world):
    a = world.agency
    feedback(a, local(2026, 3, 31, 23, 59, 59))  # 16:59 UTC on 31/3: still March here, out
    first = local(2026, 4, 1, 0, 0, 0)  # 17:00 UTC on 31/3: April here, in
    feedback(a, first, answered_after=datetime.timedelta(days=10))  # exactly ten days: on time
    feedback(a, local(2026, 5, 2, 9), answered_after=datetime.timedelta(days=10, seconds=1))  # late
    feedback(a, local(2026, 6, 30, 23, 59, 59))  # last moment of the period: in, waiting
    feedback(a, local(2026, 6, 15, 8), status="dismissed")  # in, neither answered nor waiting
    feedback(a, local(2026, 7, 1, 0, 0, 0))  # out

    b = board(world)

    assert (b.feedback_received.value, b.feedback_on_time.value, b.feedback_late.value,
            b.feedback_waiting.value) == (4, 1, 1, 1)
    assert b.feedback_on_time_rate == 50.0


def test_programme_progress_counts_the_audits_of_the_period_s_year_done_when_reported_or_closed(world):
    a = world.agency
    this_year, last_year = programme(a, 2026), programme(a, 2025)
    for number, status in enumerate(["planned", "in_progress", "reported", "closed"], 1):
        audit(a, this_year, number, status, lead=world.auditor)
    audit(a, last_year, 1, "closed", lead=world.auditor)

    b = board(world)

    assert (b.audit_year, b.audits_planned.value, b.audits_done.value, b.audit_progress) == (2026, 4, 2, 50.0)


def test_documents_by_status_reviews_due_and_acknowledgement_rate(world):
    a, author = world.agency, world.author
    _doc, current = document(a, "QT-01", author=author, next_review_due=TODAY - datetime.timedelta(days=1))
    document(a, "QT-02", status="draft", author=author, next_review_due=TODAY + datetime.timedelta(days=30))
    document(a, "QT-03", author=author, withdrawn=True, next_review_due=D(2026, 1, 1))  # withdrawn: no review due
    _doc, form = document(a, "BM-01", author=author, doc_type="form")
    ack(current, world.staff, done=True)
    ack(current, world.reviewer, done=False)
    ack(current, world.auditor, done=True, asked=False)  # read without being asked: not in the rate
    ack(form, world.staff, done=False)  # a form, not a procedure: not in the rate

    b = board(world)

    assert values(b.documents) == {"Đang hiệu lực": 3, "Đang soạn thảo / xem xét": 1, "Đã phê duyệt, chờ hiệu lực": 0,
                                   "Chưa ban hành": 1, "Hết hiệu lực (đã hủy bỏ)": 1}
    assert [f.value for f in b.reviews] == [1, 2]
    assert (b.ack_done, b.ack_asked, b.ack_rate) == (1, 2, 50.0)
    assert b.ack_pending_documents.value == 1


def test_empty_agency_shows_no_rate_rather_than_zero_percent(world):
    b = board(world)
    assert (b.ack_rate, b.audit_progress, b.feedback_on_time_rate) == (None, None, None)
