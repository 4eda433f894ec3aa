"""What the demo shows of issue 15 (item 6), as its coordinator would find it after ``seed_demo``: a year of
objectives with measurements, one held review with decisions, this year's dashboard populated, the yearly reports."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from qms.core.models import Agency, User
from quality.dashboards.services import agency_dashboard
from quality.objectives.models import Objective
from quality.reports.models import YearlyReport
from quality.review.models import ManagementReview

pytestmark = pytest.mark.django_db


def test_the_demo_agency_has_a_year_of_the_quality_system_to_look_at(client):
    call_command("seed_demo", quiet=True)
    hk = Agency.objects.get(code="ubnd-hoan-kiem")
    today = timezone.localdate()

    objectives = Objective.objects.filter(agency=hk, year=today.year)
    assert objectives.count() >= 4
    # every month finished so far this year is measured, and last year's twelve: a year of results in any month
    assert objectives.get(code="MT-01").measurements.count() == today.month - 1
    assert Objective.objects.get(agency=hk, year=today.year - 1, code="MT-01").measurements.count() == 12

    held = ManagementReview.objects.filter(agency=hk, status="held").get()
    assert held.snapshot and held.decisions.count() == 3

    board = agency_dashboard(hk, datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31), today)
    assert sum(f.value for f in board.documents) > 0 and board.nc_detected.value > 0
    assert board.audits_planned.value > 0 and board.feedback_received.value > 0 and board.ack_asked > 0

    assert list(YearlyReport.objects.filter(agency=hk).order_by("year").values_list("year", "status")) == [
        (today.year - 1, "sent"), (today.year, "draft")]

    client.force_login(User.objects.get(username="hk.thuky"))
    body = client.get("/chat-luong/bang-dieu-khien/").content.decode()
    assert body.count("<svg") >= 4  # the dashboard's charts are drawn
