"""The demo has last year's yearly report sent and this year's as a draft for UBND Quận Hoàn Kiếm; seed_scale gives
every agency one report per year, the past years' sent, with figures computed from its generated records."""

import datetime

import pytest
from django.utils import timezone

from qms.core.demo import seed_core
from qms.core.scale.generate import ANCHOR, Seeder
from quality.reports import demo
from quality.reports.models import YearlyReport
from quality.review import demo as review_demo

pytestmark = pytest.mark.django_db


def _rows(report):
    return {label: value for s in report.figures["sections"] for label, value, _kind in s["rows"]}


def test_demo_seeds_last_years_report_sent_and_this_years_draft_once():
    agencies, users = seed_core()
    review_demo.seed(agencies, users)
    demo.seed(agencies, users)
    demo.seed(agencies, users)  # idempotent
    year = timezone.localdate().year
    reports = list(YearlyReport.objects.filter(agency__code="ubnd-hoan-kiem").order_by("year"))
    assert [(r.year, r.status) for r in reports] == [(year - 1, "sent"), (year, "draft")]
    sent, draft = reports
    assert sent.results and sent.sent_by.username == "hk.thuky" and sent.history.count() == 3  # made, text, sent
    assert not draft.results and draft.history.count() == 1
    # Figures computed from the demo's records: last year's review held in December is the last one of that year.
    assert _rows(sent)["Xem xét của lãnh đạo gần nhất"] == f"{year - 1}-12-20"


def test_seed_scale_gives_every_agency_one_report_a_year_past_years_sent():
    Seeder(agencies=2, scale=0.001, seed=42, log=lambda *a: None).run()
    for code in ("ubnd-ba-dinh", "ubnd-dong-da"):
        reports = list(YearlyReport.objects.filter(agency__code=code).order_by("year"))
        assert [(r.year, r.status) for r in reports] == [
            (ANCHOR.year - 2, "sent"), (ANCHOR.year - 1, "sent"), (ANCHOR.year, "draft")]
        for r in reports:
            # a past year's figures stand at its last day; the draft's at the day it was made, before the anchor
            made = ANCHOR - datetime.timedelta(days=5)
            assert r.figures["as_of"] == min(made, datetime.date(r.year, 12, 31)).isoformat()
            # the generated reviews (two a year, the last before the anchor) are in the figures
            assert _rows(r)["Xem xét của lãnh đạo gần nhất"] is not None
            assert [h.history_type for h in r.history.order_by("history_date")] == (
                ["+", "~"] if r.status == "sent" else ["+"])
        assert all(r.sent_at and r.sent_by and r.results for r in reports[:2])
