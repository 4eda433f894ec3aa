"""Auditors and staff read reviews that took place, not drafts (the matrix opens a held one)."""

import pytest
from django.urls import reverse

from tests.quality.review.helpers import draft_review, held_review

pytestmark = pytest.mark.django_db


def test_staff_get_403_on_a_draft_and_do_not_see_it_listed(world, login):
    draft = draft_review(world)
    held = held_review(world, held_on=__import__("datetime").date(2026, 7, 20))
    for persona in ("staff", "auditor"):
        client = login(world.people[persona])
        assert client.get(draft.get_absolute_url()).status_code == 403
        assert client.get(reverse("quality:review_minutes_pdf", kwargs={"pk": draft.pk})).status_code == 403
        body = client.get(reverse("quality:review_list")).content.decode()
        assert held.get_absolute_url() in body and draft.get_absolute_url() not in body
    assert login(world.coordinator).get(draft.get_absolute_url()).status_code == 200
