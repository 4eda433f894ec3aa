"""The demo has a held review with decisions for UBND Quận Hoàn Kiếm; seed_scale gives every agency its reviews."""

import pytest

from qms.core.demo import seed_core
from qms.core.scale.generate import Seeder
from quality.review import demo
from quality.review.models import Decision, ManagementReview

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_held_review_with_decisions_once():
    agencies, users = seed_core()
    demo.seed(agencies, users)
    demo.seed(agencies, users)  # idempotent
    reviews = ManagementReview.objects.filter(agency__code="ubnd-hoan-kiem").order_by("held_on")
    assert [r.status for r in reviews] == ["approved", "held"]
    held = reviews.last()
    assert held.snapshot["follow_up"]["open"] == 1 and held.snapshot["follow_up"]["done"] == 1
    assert held.decisions.count() == 3 and held.notes.count() == 2
    assert all(d.owner.agency_id == held.agency_id for d in held.decisions.all())


def test_seed_scale_gives_every_agency_reviews_with_frozen_inputs():
    Seeder(agencies=2, scale=0.001, seed=42, log=lambda *a: None).run()
    for code in ("ubnd-ba-dinh", "ubnd-dong-da"):
        reviews = list(ManagementReview.objects.filter(agency__code=code).order_by("held_on"))
        assert [r.status for r in reviews] == ["approved", "approved", "approved", "held"]
        assert all(r.snapshot and r.period_start <= r.period_end for r in reviews)
        assert all(r.approved_hash == r.content_hash(list(r.decisions.order_by("pk"))) for r in reviews[:3])
        # The last review's follow-up input saw the earlier reviews' decisions.
        assert reviews[-1].snapshot["follow_up"]["decisions"]
    assert Decision.objects.count() == 2 * 4 * 4
