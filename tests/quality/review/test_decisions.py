"""Decisions are tracked like actions: the owner is told, sees them on My work, is reminded before the due date
and when overdue, the managers are told when it stays overdue, and completion needs a note."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qms.core.models import Notification
from qms.core.mywork import work_for
from quality.review import jobs
from quality.review import services as svc
from quality.review.models import Decision
from tests.quality.review.helpers import add_decision, held_review

pytestmark = pytest.mark.django_db


def test_the_owner_is_told_and_sees_the_decision_on_my_work(world, login):
    review = held_review(world)
    decision = add_decision(world, review)
    note = Notification.objects.get(user=world.reviewer)
    assert note.key == "review.decision_assigned" and "Rút ngắn thời gian" in note.text
    items = [i for i in work_for(world.reviewer) if i.section == "Quyết định của lãnh đạo giao cho tôi"]
    assert [i.title for i in items] == [decision.description]
    assert "Rút ngắn thời gian" in login(world.reviewer).get(reverse("core:my_work")).content.decode()
    assert not [i for i in work_for(world.staff) if i.section == "Quyết định của lãnh đạo giao cho tôi"]


def test_reminder_before_due_then_overdue_then_escalation_each_once(world, settings):
    settings.QMS_ACTION_REMINDER_DAYS, settings.QMS_ACTION_ESCALATION_DAYS = 3, 7
    review = held_review(world)
    decision = add_decision(world, review, due=datetime.date(2026, 9, 30))
    assert jobs.remind_decisions(today=datetime.date(2026, 9, 26)) == 0
    assert jobs.remind_decisions(today=datetime.date(2026, 9, 27)) == 1
    assert jobs.remind_decisions(today=datetime.date(2026, 9, 27)) == 0  # same day: nothing twice
    assert jobs.remind_decisions(today=datetime.date(2026, 10, 1)) == 1  # overdue
    assert jobs.remind_decisions(today=datetime.date(2026, 10, 2)) == 0
    assert jobs.escalate_overdue_decisions(today=datetime.date(2026, 10, 7)) == 0
    assert jobs.escalate_overdue_decisions(today=datetime.date(2026, 10, 8)) == 1
    assert jobs.escalate_overdue_decisions(today=datetime.date(2026, 10, 9)) == 0
    keys = list(Notification.objects.filter(user=world.reviewer).values_list("key", flat=True))
    assert keys.count("review.decision_reminder") == 1 and keys.count("review.decision_overdue") == 1
    told = set(Notification.objects.filter(key="review.decision_escalated").values_list("user__username", flat=True))
    assert told == {"head", "coordinator", "mgmt_rep"}
    assert decision.history.first().history_change_reason == "Báo lãnh đạo về quyết định quá hạn"


def test_completion_needs_a_note_and_finishes_the_task(world, login):
    review = held_review(world)
    decision = add_decision(world, review)
    url = reverse("quality:decision_complete", kwargs={"pk": decision.pk})
    response = login(world.reviewer).post(url, {"note": "", "completed_on": "2026-07-20"})
    assert "Cần ghi kết quả thực hiện." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == Decision.Status.OPEN
    response = login(world.reviewer).post(url, {"note": "Đã rút ngắn còn 12 ngày", "completed_on": "2026-07-20"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DONE and decision.completion_note == "Đã rút ngắn còn 12 ngày"
    assert Notification.objects.get(user=world.reviewer, key="review.decision_assigned").read_at is not None
    assert jobs.remind_decisions(today=datetime.date(2026, 12, 1)) == 0


def test_someone_else_cannot_complete_a_decision(world, login):
    review = held_review(world)
    decision = add_decision(world, review)
    url = reverse("quality:decision_complete", kwargs={"pk": decision.pk})
    assert login(world.staff).post(url, {"note": "x", "completed_on": "2026-07-20"}).status_code == 403
    with pytest.raises(ValidationError):
        svc.decision_complete(decision=decision, user=world.reviewer, note="   ")
