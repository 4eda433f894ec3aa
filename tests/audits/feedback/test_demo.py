"""Demo feedback: every status, the complaint linked to its NC; running it twice changes nothing."""

import pytest

from audits.capa import demo as capa_demo
from audits.feedback import demo
from audits.feedback.models import Feedback
from qms.core.demo import seed_core

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_status_once(settings):
    agencies, users = seed_core()
    capa_demo.seed(agencies, users)  # seed_demo's order: the feedback demo links the NC demo's DEMO-01
    demo.seed(agencies, users)
    count = Feedback.objects.count()
    capa_demo.seed(agencies, users)
    demo.seed(agencies, users)
    assert Feedback.objects.count() == count
    agency = agencies["ubnd-hoan-kiem"]
    assert set(Feedback.objects.for_agency(agency).values_list("status", flat=True)) == set(Feedback.Status.values)
    assert Feedback.objects.get(tracking_code="PA-DEMOH-1").nc.source_ref == capa_demo.CITIZEN_NC
