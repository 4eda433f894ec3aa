"""Demo data: every state, overdue actions; running it twice changes nothing."""

import pytest

from audits.capa import demo
from audits.capa.models import Action, Nonconformity
from qms.core.demo import seed_core

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_state_once(settings):
    agencies, users = seed_core()
    demo.seed(agencies, users)
    counts = (Nonconformity.objects.count(), Action.objects.count())
    demo.seed(agencies, users)
    assert (Nonconformity.objects.count(), Action.objects.count()) == counts
    agency = agencies["ubnd-hoan-kiem"]
    statuses = set(Nonconformity.objects.for_agency(agency).values_list("status", flat=True))
    # "verified" is passed through on the way to "closed" (an effective check closes the NC).
    assert statuses == set(Nonconformity.Status.values) - {Nonconformity.Status.VERIFIED}
    assert Action.objects.for_agency(agency).overdue().exists()
    assert Nonconformity.objects.for_agency(agency).filter(kind=Nonconformity.Kind.POTENTIAL).exists()
