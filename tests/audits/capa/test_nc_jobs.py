"""Reminders before and after the due date, escalation to the department head, checks due —
all with a controlled clock (the jobs take ``today``)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from audits.capa import jobs
from audits.capa.models import Action, Nonconformity
from audits.capa.mywork import nc_work
from tests.audits.capa.helpers import nc_at

S = Nonconformity.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world, settings):
    settings.QMS_ACTION_REMINDER_DAYS = 3
    settings.QMS_ACTION_ESCALATION_DAYS = 7
    nc = nc_at(world, S.ACTIONS_PLANNED, owners=("author",))
    action = nc.actions.get()
    mail.outbox.clear()
    return action


def _mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_owner_is_reminded_once_a_few_days_before_the_due_date(planned, world, django_capture_on_commit_callbacks):
    due = planned.due_date
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.remind_actions(today=due - timedelta(days=4)) == 0
        assert jobs.remind_actions(today=due - timedelta(days=3)) == 1
        assert jobs.remind_actions(today=due - timedelta(days=2)) == 0  # already reminded
    (message,) = _mails_to(world.author)
    assert "đến hạn ngày" in message.subject + message.body
    planned.refresh_from_db()
    assert planned.reminded_on == due - timedelta(days=3)


def test_overdue_owner_is_reminded_the_day_after_and_weekly(planned, world, django_capture_on_commit_callbacks):
    due = planned.due_date
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.remind_actions(today=due) == 1  # the "before" reminder (due today)
        assert jobs.remind_actions(today=due + timedelta(days=1)) == 1
        assert jobs.remind_actions(today=due + timedelta(days=2)) == 0
        assert jobs.remind_actions(today=due + timedelta(days=8)) == 1
    overdue = [m for m in _mails_to(world.author) if "Quá hạn" in m.subject]
    assert len(overdue) == 2


def test_escalation_reaches_the_department_head_after_the_delay_once(planned, world, django_capture_on_commit_callbacks):
    due = planned.due_date
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.escalate_overdue_actions(today=due + timedelta(days=7)) == 0
        assert jobs.escalate_overdue_actions(today=due + timedelta(days=8)) == 1
        assert jobs.escalate_overdue_actions(today=due + timedelta(days=9)) == 0
    (message,) = _mails_to(world.reviewer)  # head of the urban department
    assert "quá hạn" in message.body and world.author.display_name in message.body
    planned.refresh_from_db()
    assert planned.escalated_on == due + timedelta(days=8)


def test_escalation_delay_comes_from_settings(planned, world, settings):
    settings.QMS_ACTION_ESCALATION_DAYS = 0
    assert jobs.escalate_overdue_actions(today=planned.due_date + timedelta(days=1)) == 1


def test_escalation_without_department_head_goes_to_managers(planned, world, django_capture_on_commit_callbacks):
    department = world.departments["urban"]
    department.head = None
    department.save()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.escalate_overdue_actions(today=planned.due_date + timedelta(days=30))
    assert _mails_to(world.coordinator) and _mails_to(world.mgmt_rep)


def test_done_actions_are_neither_reminded_nor_escalated(planned, world):
    from audits.capa import services as svc

    svc.action_complete(action=planned, user=world.author, result="Xong", no_evidence_reason="Biên bản giấy lưu tại Văn phòng.")
    later = planned.due_date + timedelta(days=30)
    assert jobs.remind_actions(today=later) == 0
    assert jobs.escalate_overdue_actions(today=later) == 0


def test_verifier_is_reminded_when_the_check_is_due(world):
    nc = nc_at(world, S.ACTIONS_DONE)
    check = nc.checks.get()
    assert jobs.remind_effectiveness_checks(today=check.scheduled_on - timedelta(days=1)) == 0
    assert jobs.remind_effectiveness_checks(today=check.scheduled_on) == 1
    assert jobs.remind_effectiveness_checks(today=check.scheduled_on) == 0
    assert world.auditor.notifications.filter(text__contains="kiểm tra hiệu lực").exists()


def test_overdue_action_is_flagged_to_owner_and_escalated_to_head_in_my_work(planned, world):
    planned.due_date = timezone.localdate() - timedelta(days=10)
    planned.save()
    items = nc_work(world.author)
    (item,) = [i for i in items if i.url.endswith(f"/hanh-dong/{planned.pk}/")]
    assert item.overdue
    assert not [i for i in nc_work(world.reviewer) if i.url.endswith(f"/hanh-dong/{planned.pk}/")]
    jobs.escalate_overdue_actions()
    escalated = [i for i in nc_work(world.reviewer) if i.url.endswith(f"/hanh-dong/{planned.pk}/")]
    assert escalated and escalated[0].overdue


def test_jobs_list_is_what_the_scheduler_runs():
    assert jobs.JOBS == [jobs.remind_actions, jobs.escalate_overdue_actions, jobs.remind_effectiveness_checks]
    assert Action.objects.count() == 0


def test_reminders_speak_each_recipient_language(planned, world, django_capture_on_commit_callbacks):
    from django.utils import translation

    world.author.language = "en"
    world.author.save()
    planned.owner.refresh_from_db()
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        jobs.remind_actions(today=planned.due_date - timedelta(days=1))
    (message,) = _mails_to(world.author)
    assert "Reminder: an action of" in message.subject
    assert world.author.notifications.filter(text__startswith="Reminder: an action of").exists()
