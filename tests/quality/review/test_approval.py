"""The head approves the minutes by typing the password again; the approval stores the printed name, title,
time and a SHA-256 of the snapshot and decisions, and the minutes are read-only afterwards."""

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quality.review import services as svc
from quality.review.models import ManagementReview, Section
from tests.factories import PASSWORD
from tests.quality.review.helpers import add_decision, draft_review, held_review

pytestmark = pytest.mark.django_db


def test_head_approves_with_password_and_the_signature_is_stored(world, login):
    review = held_review(world)
    decision = add_decision(world, review)
    response = login(world.head).post(reverse("quality:review_approve", kwargs={"pk": review.pk}),
                                      {"password": PASSWORD})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.APPROVED
    assert (review.approved_name, review.approved_title) == ("Phạm Văn Lãnh Đạo", "Chủ tịch")
    assert review.approved_at is not None
    payload = {"snapshot": review.snapshot, "decisions": [[decision.pk, decision.kind, decision.description,
                                                            decision.owner_id, decision.due_date.isoformat()]]}
    expected = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False,
                                         separators=(",", ":")).encode()).hexdigest()
    assert review.approved_hash == expected
    assert review.history.first().history_change_reason.startswith("Phê duyệt biên bản")


def test_approved_minutes_are_read_only(world):
    review = held_review(world)
    svc.review_approve(review=review, user=world.head, password=PASSWORD)
    with pytest.raises(ValidationError):
        add_decision(world, review)
    with pytest.raises(ValidationError):
        svc.section_annotate(review=review, user=world.coordinator, section=Section.AUDITS, text="Muộn")
    with pytest.raises(ValidationError):
        svc.review_update(review=review, user=world.coordinator, held_on=review.held_on, chair=world.head,
                          period_start=review.period_start, period_end=review.period_end)


def test_only_the_head_approves_and_only_a_held_review(world):
    review = draft_review(world)
    with pytest.raises(ValidationError):
        svc.review_approve(review=review, user=world.head, password=PASSWORD)
    svc.review_hold(review=review, user=world.coordinator)
    with pytest.raises(PermissionDenied):
        svc.review_approve(review=review, user=world.coordinator, password=PASSWORD)


def test_every_change_is_in_history_with_its_reason(world):
    review = held_review(world)
    svc.section_annotate(review=review, user=world.coordinator, section=Section.RECOMMENDATIONS,
                         text="Số hóa hồ sơ lưu trữ")
    reasons = list(review.history.values_list("history_change_reason", flat=True))
    assert any("chốt đầu vào" in r for r in reasons) and any("Lập cuộc họp" in r for r in reasons)
    assert review.notes.get().history.first().history_change_reason == "Nhận xét đầu vào"
