"""Bad input gets a clear Vietnamese message and nothing is half-saved."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from qms.core.models import Notification
from quality.review.models import Decision, ManagementReview
from tests.factories import PASSWORD
from tests.quality.review.helpers import draft_review, held_review

pytestmark = pytest.mark.django_db


def _review_post(world, **over):
    data = {"held_on": "2026-07-10", "period_start": "2026-06-30", "period_end": "2026-01-01",
            "chair": world.head.pk, "participants": [world.reviewer.pk], "guests": "Khách"}
    data.update(over)
    return data


def test_period_end_before_start_is_refused_with_a_message_and_nothing_saved(world, login):
    response = login(world.coordinator).post(reverse("quality:review_create"), _review_post(world))
    assert response.status_code == 200
    assert "Ngày kết thúc kỳ xem xét phải sau hoặc trùng ngày bắt đầu." in response.content.decode()
    assert not ManagementReview.objects.exists()


def test_period_end_before_start_is_refused_on_edit_too(world, login):
    review = draft_review(world)
    response = login(world.coordinator).post(reverse("quality:review_edit", kwargs={"pk": review.pk}),
                                             _review_post(world))
    assert "Ngày kết thúc kỳ xem xét phải sau hoặc trùng ngày bắt đầu." in response.content.decode()
    review.refresh_from_db()
    assert review.period_end == datetime.date(2026, 6, 30)


def test_the_service_refuses_a_reversed_period_even_without_the_form(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        draft_review(world, start=datetime.date(2026, 6, 30), end=datetime.date(2026, 1, 1))
    assert "period_end" in error.value.error_dict
    assert not ManagementReview.objects.exists()


def test_chair_from_another_agency_is_refused(world, login):
    response = login(world.coordinator).post(reverse("quality:review_create"),
                                             _review_post(world, period_start="2026-01-01", period_end="2026-06-30",
                                                          chair=world.outsider.pk))
    assert response.status_code == 200 and not ManagementReview.objects.exists()


def test_a_decision_without_owner_gets_a_clear_message(world, login):
    review = held_review(world)
    response = login(world.coordinator).post(reverse("quality:decision_add", kwargs={"pk": review.pk}), {
        "kind": "service", "description": "Rút ngắn thời gian giải quyết", "owner": "", "due_date": "2026-09-30"})
    assert response.status_code == 200
    assert "Quyết định cần có người thực hiện: chọn một cán bộ của cơ quan." in response.content.decode()
    assert not Decision.objects.exists() and not Notification.objects.exists()


def test_a_decision_owner_of_another_agency_is_refused(world, login):
    review = held_review(world)
    login(world.coordinator).post(reverse("quality:decision_add", kwargs={"pk": review.pk}), {
        "kind": "service", "description": "Rút ngắn", "owner": world.outsider.pk, "due_date": "2026-09-30"})
    assert not Decision.objects.exists()


def test_wrong_password_does_not_approve_and_counts_towards_the_lockout(world, login):
    review = held_review(world)
    response = login(world.head).post(reverse("quality:review_approve", kwargs={"pk": review.pk}),
                                      {"password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Mật khẩu không đúng. Biên bản chưa được phê duyệt." in response.content.decode()
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.HELD and review.approved_hash == ""
    assert AccessAttempt.objects.get(username=world.head.username).failures_since_start == 1


def test_locked_head_cannot_approve_even_with_the_right_password(world, login, settings):
    review = held_review(world)
    client = login(world.head)
    url = reverse("quality:review_approve", kwargs={"pk": review.pk})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"password": "sai-mat-khau"})
    response = client.post(url, {"password": PASSWORD})
    assert "tạm khóa" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.HELD
