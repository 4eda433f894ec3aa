"""The inputs of 5.6.2 are compiled for the period (Asia/Ho_Chi_Minh days, both ends included) and frozen
when the meeting is held: later changes to the records do not change what the meeting saw."""

import datetime

import pytest

from audits.feedback.models import Feedback
from audits.feedback.services import feedback_submit
from quality.review import services as svc
from quality.review.inputs import compile_inputs, feedback_input, local_bounds
from quality.review.models import ManagementReview
from tests.audits.capa.helpers import open_nc
from tests.quality.review.helpers import draft_review, held_review

pytestmark = pytest.mark.django_db
HCM = datetime.timezone(datetime.timedelta(hours=7))


def _feedback_at(world, when, **fields):
    fb = feedback_submit(agency=world.agency, content="Hồ sơ trễ hạn", ip="192.0.2.1")
    Feedback.objects.filter(pk=fb.pk).update(created_at=when, **fields)
    return fb


def test_period_bounds_are_local_midnights():
    begin, after = local_bounds(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert begin == datetime.datetime(2026, 1, 1, 0, 0, tzinfo=HCM)
    assert after == datetime.datetime(2026, 7, 1, 0, 0, tzinfo=HCM)
    # 17:00 UTC on 31/12 is already 1 January in Hà Nội.
    assert begin == datetime.datetime(2025, 12, 31, 17, 0, tzinfo=datetime.UTC)


def test_feedback_on_the_boundary_instants_counts_in_local_days(world, settings):
    settings.QMS_FEEDBACK_PER_HOUR = 100
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    _feedback_at(world, datetime.datetime(2026, 1, 1, 0, 0, tzinfo=HCM))  # first instant: in
    _feedback_at(world, datetime.datetime(2025, 12, 31, 23, 59, 59, tzinfo=HCM))  # a second before: out
    _feedback_at(world, datetime.datetime(2026, 6, 30, 23, 59, 59, tzinfo=HCM))  # last second: in
    _feedback_at(world, datetime.datetime(2026, 7, 1, 0, 0, tzinfo=HCM))  # the next day: out
    # Answered exactly Feedback.ANSWER_DAYS later: on time (as on the dashboard); a second more: late.
    limit = datetime.timedelta(days=Feedback.ANSWER_DAYS)
    _feedback_at(world, datetime.datetime(2026, 3, 1, 8, tzinfo=HCM), status="answered", answer="Đã trả lời",
                 answered_at=datetime.datetime(2026, 3, 1, 8, tzinfo=HCM) + limit)
    _feedback_at(world, datetime.datetime(2026, 3, 1, 8, tzinfo=HCM), status="answered", answer="Đã trả lời",
                 answered_at=datetime.datetime(2026, 3, 1, 8, 0, 1, tzinfo=HCM) + limit)
    figures = feedback_input(world.agency, start, end)
    assert figures["received"] == 4  # two boundary ones + the two answered
    assert figures["answered"] == 2 and figures["on_time"] == 1
    assert figures["waiting"] == 2


def test_ncs_detected_on_the_period_ends_are_counted_and_the_day_after_is_not(world):
    for day in (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), datetime.date(2026, 7, 1),
                datetime.date(2025, 12, 31)):
        open_nc(world, detected_on=day, clause="8.2.3")
    review = draft_review(world)
    data = compile_inputs(review, today=datetime.date(2026, 7, 10))
    assert data["performance"]["nc_total"] == 2
    assert data["performance"]["nc_by_clause"] == {"8.2.3": 2}
    assert data["performance"]["nc_by_source"] == {"internal_audit": 2}


def test_snapshot_does_not_change_when_records_change_later(world):
    open_nc(world, detected_on=datetime.date(2026, 3, 3))
    review = held_review(world, today=datetime.date(2026, 7, 10))
    frozen = review.snapshot
    assert frozen["performance"]["nc_total"] == 1
    # Later: another NC of the period is recorded, and the page and PDF still show what the meeting saw.
    open_nc(world, detected_on=datetime.date(2026, 4, 4))
    review = ManagementReview.objects.get(pk=review.pk)
    assert review.snapshot == frozen
    assert review.snapshot["performance"]["nc_total"] == 1
    assert compile_inputs(review)["performance"]["nc_total"] == 2  # the live figures did change


def test_the_page_shows_frozen_figures_not_live_ones(world, login):
    open_nc(world, detected_on=datetime.date(2026, 3, 3))
    review = held_review(world)
    for _ in range(3):
        open_nc(world, detected_on=datetime.date(2026, 4, 4))
    body = login(world.coordinator).get(review.get_absolute_url()).content.decode()
    assert "Sự không phù hợp phát hiện trong kỳ</dt><dd>1<" in body


def test_holding_twice_is_refused(world):
    review = held_review(world)
    with pytest.raises(Exception, match="đã họp"):
        svc.review_hold(review=review, user=world.coordinator)


def test_follow_up_shows_previous_decisions_status(world):
    from tests.quality.review.helpers import add_decision

    earlier = held_review(world, held_on=datetime.date(2025, 12, 20), start=datetime.date(2025, 1, 1),
                          end=datetime.date(2025, 12, 15))
    late = add_decision(world, earlier, due=datetime.date(2026, 2, 1), description="Sửa quy trình cấp phép")
    done = add_decision(world, earlier, due=datetime.date(2026, 2, 1), owner=world.staff, description="Mua máy quét")
    svc.decision_complete(decision=done, user=world.staff, note="Đã mua", completed_on=datetime.date(2026, 1, 20))
    review = held_review(world, today=datetime.date(2026, 7, 10))
    follow = review.snapshot["follow_up"]
    assert (follow["open"], follow["overdue"], follow["done"]) == (1, 1, 1)
    by_text = {d["description"]: d for d in follow["decisions"]}
    assert by_text[late.description]["overdue"] is True
    assert by_text[done.description]["status"] == "done" and by_text[done.description]["completed_on"] == "2026-01-20"
