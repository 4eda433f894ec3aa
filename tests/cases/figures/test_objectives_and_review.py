"""The one-stop on-time rate as a computed quality objective, and the one-stop figures in the management review's
process performance (frozen with the snapshot)."""

import datetime
from decimal import Decimal

import pytest

from quality.objectives import services as objectives
from quality.review import services as reviews
from quality.review.present import sections
from tests.cases.figures.helpers import finished, local
from tests.cases.files.helpers import procedure

pytestmark = pytest.mark.django_db
D = datetime.date


def _files(world):
    revision = procedure(world)
    # Appointment 23 March 08:00: one early, one late, and one late file whose result fell on 1 April 00:00 local
    # (the next quarter).
    finished(world, local(2026, 3, 2, 8), local(2026, 3, 20, 16), revision)
    finished(world, local(2026, 3, 2, 8), local(2026, 3, 24, 9), revision)
    finished(world, local(2026, 3, 2, 8), local(2026, 4, 1, 0, 0), revision)
    return revision


def test_the_objective_computes_the_share_of_files_resolved_on_time_in_its_quarter(world):
    _files(world)
    objective = objectives.objective_save(
        agency=world.agency, user=world.coordinator, year=2026, code="MT-05", title="Hồ sơ một cửa đúng hạn",
        department=world.departments["desk"], indicator="Tỷ lệ hồ sơ giải quyết đúng hạn", unit="%",
        target=Decimal("98"), direction="at_least", frequency="quarterly", method="cases_on_time", answer_days=15)
    q1 = objectives.compute_measurement(objective=objective, period_start=D(2026, 1, 1), user=world.coordinator)
    assert q1.value == Decimal("50.00") and q1.met is False
    assert "1/2" in q1.note
    q2 = objectives.compute_measurement(objective=objective, period_start=D(2026, 4, 1), user=world.coordinator)
    assert q2.value == Decimal("0.00")  # the file of 1 April 00:00 belongs to the second quarter
    q3 = objectives.compute_measurement(objective=objective, period_start=D(2026, 7, 1), user=world.coordinator)
    assert q3.value is None  # no file: no data, not 0 %


def test_the_review_shows_the_one_stop_figures_and_freezes_them(world):
    revision = _files(world)
    review = reviews.review_create(agency=world.agency, user=world.coordinator, held_on=D(2026, 4, 10),
                                   period_start=D(2026, 1, 1), period_end=D(2026, 3, 31), chair=world.head,
                                   participants=[world.mgmt_rep])
    review = reviews.review_hold(review=review, user=world.coordinator, today=D(2026, 4, 10))
    one_stop = review.snapshot["performance"]["one_stop"]
    assert (one_stop["received"], one_stop["done"], one_stop["early"], one_stop["late"]) == (3, 2, 1, 1)
    assert one_stop["on_time_percent"] == 50.0
    performance = next(s for s in sections(review.snapshot) if s.key == "performance")
    facts = dict((str(k), str(v)) for k, v in performance.facts)
    assert facts["Hồ sơ một cửa có kết quả trong kỳ"] == "2"
    assert facts["Giải quyết trước hạn / đúng hạn / quá hạn"] == "1 / 0 / 1"
    # A file finished later does not change the frozen snapshot.
    finished(world, local(2026, 3, 3, 8), local(2026, 4, 20, 9), revision)
    review.refresh_from_db()
    assert review.snapshot["performance"]["one_stop"]["received"] == 3


def test_a_snapshot_frozen_before_one_stop_files_still_draws(world):
    data = {"objectives": [], "nc_total": 0, "nc_by_source": {}, "nc_by_clause": {}}
    from quality.review.present import _performance

    assert not [t for t in _performance(data).tables if "một cửa" in str(t.caption)]
