"""Demo objectives: a year of objectives for each demo agency with their finished periods measured, once."""

import datetime

import pytest

from audits.capa import demo as capa_demo
from audits.feedback import demo as feedback_demo
from qms.core.demo import seed_core
from quality.objectives import demo
from quality.objectives.models import Measurement, Objective

pytestmark = pytest.mark.django_db


def test_demo_seeds_objectives_and_measurements_once(monkeypatch):
    monkeypatch.setattr(demo, "_today", lambda: datetime.date(2026, 11, 20))
    agencies, users = seed_core()
    capa_demo.seed(agencies, users)
    feedback_demo.seed(agencies, users)
    demo.seed(agencies, users)
    counts = Objective.objects.count(), Measurement.objects.count()
    demo.seed(agencies, users)
    assert (Objective.objects.count(), Measurement.objects.count()) == counts
    hk = agencies["ubnd-hoan-kiem"]
    monthly = Objective.objects.get(agency=hk, code="MT-01", year=2026)
    assert monthly.measurements.count() == 10  # January to October are finished on 20 November
    # last year's: the whole year measured, so the demo has a year of results to show even in January
    assert Objective.objects.get(agency=hk, code="MT-01", year=2025).measurements.count() == 12
    assert Objective.objects.get(agency=hk, code="MT-02", year=2025).measurements.count() == 4
    assert any(m.met is False for m in monthly.measurements.all())  # the list shows a flag
    assert Objective.objects.get(agency=hk, code="MT-03", year=2026).measurements.filter(computed=True).count() == 3
