"""Every transition of a nonconformity and every guard (NC-1 … NC-6)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import Action, EffectivenessCheck, Nonconformity, WhyStep
from qms.core.history import save_tracked
from tests.audits.capa.helpers import add_actions, analyse, nc_at, open_nc, record_correction
from tests.factories import DepartmentFactory

S = Nonconformity.Status
pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


# --- NC-1: opening and numbering -------------------------------------------------------------


def test_auditor_opens_nc_numbered_per_agency_and_year(world):
    first = open_nc(world)
    second = open_nc(world)
    other = svc.nc_open(agency=world.other_agency, source="staff_report", user=world.outsider, description="Khác", severity="minor")
    year = TODAY().year
    assert (first.reference, second.reference) == (f"NC-{year}-001", f"NC-{year}-002")
    assert other.reference == f"NC-{year}-001"
    assert first.status == S.OPEN and first.detected_by == world.auditor


def test_new_nc_goes_to_department_head_who_is_told(world):
    mail.outbox.clear()
    nc = open_nc(world)
    assert nc.responsible == world.reviewer
    assert world.reviewer.notifications.filter(url=nc.get_absolute_url()).exists()


def test_nc_open_refuses_empty_description_future_date_and_foreign_department(world):
    foreign = DepartmentFactory(agency=world.other_agency)
    with pytest.raises(ValidationError) as exc:
        svc.nc_open(
            agency=world.agency, source="staff_report", user=world.staff, description="  ",
            detected_on=TODAY() + timedelta(days=1), department=foreign, severity="minor",
        )
    assert set(exc.value.error_dict) == {"description", "detected_on", "department"}
    assert not Nonconformity.objects.exists()


def test_nc_open_refuses_unknown_source_and_unknown_arguments(world):
    with pytest.raises(ValidationError):
        svc.nc_open(agency=world.agency, source="rumour", user=world.staff, description="x", severity="minor")
    with pytest.raises(TypeError):
        svc.nc_open(agency=world.agency, source="staff_report", user=world.staff, description="x", colour="red")


def test_description_is_stored_nfc(world):
    decomposed = "Ho\u0302\u0300 so\u031b"  # "Hồ sơ" written with combining marks
    nc = open_nc(world, description=decomposed)
    assert nc.description == "Hồ sơ"


def test_potential_nc_uses_the_same_path_without_correction(world):
    nc = open_nc(world, kind=Nonconformity.Kind.POTENTIAL, source="management_review")
    nc = analyse(nc, world.reviewer)
    assert nc.status == S.CAUSE_ANALYSED and nc.is_potential


# --- NC-3: correction -------------------------------------------------------------------------


def test_department_head_records_correction(world):
    nc = record_correction(open_nc(world), world.reviewer)
    assert nc.status == S.CORRECTION and nc.correction_by == world.reviewer
    assert nc.history.first().history_change_reason == "Ghi nhận khắc phục"


def test_staff_outside_the_department_cannot_record_correction(world):
    nc = open_nc(world)
    with pytest.raises(PermissionDenied):
        record_correction(nc, world.staff)
    nc.refresh_from_db()
    assert nc.status == S.OPEN


def test_concession_needs_the_authority_and_fixed_output_needs_reverification(world):
    nc = open_nc(world)
    with pytest.raises(ValidationError) as exc:
        svc.nc_record_correction(nc=nc, user=world.reviewer, correction="Cho phép dùng", disposition="concession")
    assert "concession_by" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        svc.nc_record_correction(nc=nc, user=world.reviewer, correction="Đã sửa", disposition="fixed")
    assert "reverification" in exc.value.error_dict
    nc = svc.nc_record_correction(
        nc=nc, user=world.reviewer, correction="Cho phép dùng", disposition="concession", concession_by="Chủ tịch UBND"
    )
    assert nc.concession_by == "Chủ tịch UBND"


# --- NC-4: root cause -------------------------------------------------------------------------


def test_cause_analysis_before_correction_is_refused(world):
    nc = open_nc(world)
    with pytest.raises(ValidationError, match="khắc phục"):
        analyse(nc, world.reviewer)
    assert not WhyStep.objects.exists()


def test_five_why_chain_is_stored_in_order_and_replaced_on_edit(world):
    nc = record_correction(open_nc(world), world.reviewer)
    nc = analyse(nc, world.reviewer)
    assert [w.position for w in nc.whys.all()] == [1, 2, 3]
    nc = svc.nc_analyse_cause(nc=nc, user=world.reviewer, whys=["A", "", "B"], cause_category="people",
                              conclusion="C", action_needed=True)
    assert [(w.position, w.answer) for w in nc.whys.all()] == [(1, "A"), (2, "B")]


def test_cause_analysis_needs_why_category_conclusion_and_a_reason_for_no_action(world):
    nc = record_correction(open_nc(world), world.reviewer)
    with pytest.raises(ValidationError) as exc:
        svc.nc_analyse_cause(nc=nc, user=world.reviewer, whys=[" "], cause_category="luck", conclusion="",
                             action_needed=False)
    assert set(exc.value.error_dict) == {"whys", "cause_category", "conclusion", "no_action_reason"}
    nc.refresh_from_db()
    assert nc.status == S.CORRECTION


def test_refused_reanalysis_keeps_the_previous_chain(world):
    nc = analyse(record_correction(open_nc(world), world.reviewer), world.reviewer)
    with pytest.raises(ValidationError):
        svc.nc_analyse_cause(nc=nc, user=world.reviewer, whys=["Mới"], cause_category="bad", conclusion="x",
                             action_needed=True)
    assert nc.whys.count() == 3


# --- NC-5: actions ----------------------------------------------------------------------------


def test_actions_before_cause_analysis_are_refused(world):
    nc = record_correction(open_nc(world), world.reviewer)
    with pytest.raises(ValidationError):
        svc.action_add(nc=nc, user=world.reviewer, owner=world.author, due_date=TODAY(), description="x")


def test_action_needs_owner_of_the_agency_and_a_due_date_not_in_the_past(world):
    nc = nc_at(world, S.CORRECTION)
    nc = analyse(nc, world.reviewer)
    with pytest.raises(ValidationError) as exc:
        svc.action_add(nc=nc, user=world.reviewer, owner=world.outsider, due_date=TODAY() - timedelta(days=1),
                       description="")
    assert set(exc.value.error_dict) == {"owner", "due_date", "description"}
    assert not Action.objects.exists()


def test_planning_without_actions_is_refused(world):
    nc = analyse(record_correction(open_nc(world), world.reviewer), world.reviewer)
    with pytest.raises(ValidationError, match="ít nhất một hành động"):
        svc.nc_plan_actions(nc=nc, user=world.reviewer)


def test_planning_tells_each_owner(world):
    nc = nc_at(world, S.CAUSE_ANALYSED)
    mail.outbox.clear()
    svc.nc_plan_actions(nc=nc, user=world.reviewer)
    nc.refresh_from_db()
    assert nc.status == S.ACTIONS_PLANNED
    assert world.author.notifications.filter(text__contains="được giao hành động").exists()
    assert world.staff.notifications.filter(text__contains="được giao hành động").exists()


def test_action_is_completed_only_by_its_owner_or_a_handler_and_only_once_planned(world):
    nc = nc_at(world, S.CAUSE_ANALYSED)
    action = nc.actions.get(owner=world.author)
    with pytest.raises(ValidationError, match="chưa được chốt"):
        svc.action_complete(action=action, user=world.author, result="x")
    svc.nc_plan_actions(nc=nc, user=world.reviewer)
    with pytest.raises(PermissionDenied):
        svc.action_complete(action=action, user=world.staff, result="x")
    with pytest.raises(ValidationError):
        svc.action_complete(action=action, user=world.author, result="", completed_on=TODAY() + timedelta(days=1))
    svc.action_complete(action=action, user=world.author, result="Đã sửa quy trình",
                        no_evidence_reason="Biên bản giấy lưu tại Văn phòng.")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.completed_on == TODAY()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        svc.action_complete(action=action, user=world.author, result="again")


def test_last_action_done_moves_nc_on_and_schedules_the_check(world, settings):
    settings.QMS_EFFECTIVENESS_CHECK_DAYS = 30
    nc = nc_at(world, S.ACTIONS_PLANNED)
    first, second = nc.actions.all()
    svc.action_complete(action=first, user=first.owner, result="Xong", no_evidence_reason="Biên bản giấy lưu tại Văn phòng.")
    nc.refresh_from_db()
    assert nc.status == S.ACTIONS_PLANNED and not nc.checks.exists()
    svc.action_complete(action=second, user=second.owner, result="Xong", no_evidence_reason="Biên bản giấy lưu tại Văn phòng.")
    nc.refresh_from_db()
    check = nc.checks.get()
    assert nc.status == S.ACTIONS_DONE
    assert check.scheduled_on == TODAY() + timedelta(days=30) and check.verifier == world.auditor


def test_cancelling_needs_a_reason_and_the_last_open_action_cancelled_moves_on(world):
    nc = nc_at(world, S.ACTIONS_PLANNED)
    first, second = nc.actions.all()
    svc.action_complete(action=first, user=first.owner, result="Xong", no_evidence_reason="Biên bản giấy lưu tại Văn phòng.")
    with pytest.raises(ValidationError):
        svc.action_cancel(action=second, user=world.reviewer, reason=" ")
    svc.action_cancel(action=second, user=world.reviewer, reason="Trùng với hành động 1")
    nc.refresh_from_db()
    assert nc.status == S.ACTIONS_DONE


# --- NC-6: effectiveness and closing ---------------------------------------------------------


def test_action_owner_cannot_verify_effectiveness(world):
    nc = nc_at(world, S.ACTIONS_DONE)
    with pytest.raises(ValidationError, match="không được là người thực hiện"):
        svc.nc_verify(nc=nc, user=world.author, result="effective", notes="Tốt")
    nc.refresh_from_db()
    assert nc.status == S.ACTIONS_DONE


def test_action_owner_cannot_be_scheduled_as_verifier(world):
    nc = nc_at(world, S.ACTIONS_DONE)
    with pytest.raises(ValidationError) as exc:
        svc.check_schedule(nc=nc, user=world.coordinator, verifier=world.staff, scheduled_on=TODAY())
    assert "verifier" in exc.value.error_dict
    check = svc.check_schedule(nc=nc, user=world.coordinator, verifier=world.mgmt_rep, scheduled_on=TODAY())
    assert nc.checks.pending().get() == check and check.verifier == world.mgmt_rep


def test_only_the_assigned_verifier_verifies(world):
    nc = nc_at(world, S.ACTIONS_DONE)  # assigned: the auditor who found it
    with pytest.raises(PermissionDenied):
        svc.nc_verify(nc=nc, user=world.mgmt_rep, result="effective", notes="x")
    with pytest.raises(PermissionDenied):
        svc.nc_verify(nc=nc, user=world.outsider, result="effective", notes="x")


def test_verification_needs_notes(world):
    nc = nc_at(world, S.ACTIONS_DONE)
    with pytest.raises(ValidationError) as exc:
        svc.nc_verify(nc=nc, user=world.auditor, result="effective", notes="")
    assert "notes" in exc.value.error_dict


def test_effective_verification_closes_the_nc(world):
    nc = nc_at(world, S.ACTIONS_DONE)
    nc = svc.nc_verify(nc=nc, user=world.auditor, result="effective", notes="Hồ sơ tháng sau đều đúng hạn")
    assert nc.status == S.CLOSED and nc.closed_by == world.auditor and nc.is_verified_effective
    assert Nonconformity.objects.verified_effective().filter(pk=nc.pk).exists()
    statuses = list(nc.history.order_by("history_date", "history_id").values_list("status", flat=True))
    assert statuses[-2:] == [S.VERIFIED, S.CLOSED]


def test_not_effective_reopens_for_new_actions(world):
    nc = nc_at(world, S.ACTIONS_DONE)
    nc = svc.nc_verify(nc=nc, user=world.auditor, result="not_effective", notes="Vẫn còn 3 hồ sơ trễ hạn")
    assert nc.status == S.CAUSE_ANALYSED and nc.action_needed is True
    assert not nc.is_verified_effective
    # The old actions are all done: a new one is needed before planning again.
    with pytest.raises(ValidationError):
        svc.nc_plan_actions(nc=nc, user=world.reviewer)
    (new,) = add_actions(nc, world, owners=("author",))
    svc.nc_plan_actions(nc=nc, user=world.reviewer)
    svc.action_complete(action=new, user=world.author, result="Bổ sung cán bộ", no_evidence_reason="Quyết định phân công bản giấy.")
    nc.refresh_from_db()
    assert nc.status == S.ACTIONS_DONE and nc.checks.pending().count() == 1


def test_skipping_to_close_is_refused(world):
    for status in (S.OPEN, S.ACTIONS_PLANNED, S.ACTIONS_DONE):
        nc = nc_at(world, status)
        with pytest.raises(ValidationError):
            svc.nc_close(nc=nc, user=world.coordinator)
        nc.refresh_from_db()
        assert nc.status == status


def test_closing_with_open_actions_or_without_effective_check_is_refused(world):
    nc = nc_at(world, S.ACTIONS_PLANNED)
    nc.status = S.VERIFIED  # forced past the services, as a corrupt import could
    save_tracked(nc, reason="test")
    with pytest.raises(ValidationError) as exc:
        svc.nc_close(nc=nc, user=world.coordinator)
    text = " ".join(exc.value.messages)
    assert "Còn hành động chưa hoàn thành" in text and "kiểm tra hiệu lực" in text
    nc.refresh_from_db()
    assert nc.status == S.VERIFIED


def test_no_action_needed_still_goes_through_an_independent_check(world):
    nc = record_correction(open_nc(world), world.reviewer)
    nc = analyse(nc, world.reviewer, action_needed=False)
    nc = svc.nc_plan_actions(nc=nc, user=world.reviewer)
    nc.refresh_from_db()
    assert nc.status == S.ACTIONS_DONE
    with pytest.raises(ValidationError):
        svc.action_add(nc=nc, user=world.reviewer, owner=world.author, due_date=TODAY(), description="x")
    nc = svc.nc_verify(nc=nc, user=world.auditor, result="effective", notes="Không tái diễn")
    assert nc.status == S.CLOSED


# --- NC-2: reject and reopen ------------------------------------------------------------------


def test_reject_needs_a_reason_and_cancels_open_actions(world):
    nc = nc_at(world, S.CAUSE_ANALYSED)
    with pytest.raises(ValidationError):
        svc.nc_reject(nc=nc, user=world.coordinator, reason="  ")
    nc = svc.nc_reject(nc=nc, user=world.coordinator, reason="Không có cơ sở: hồ sơ đúng hạn theo luật")
    assert nc.status == S.REJECTED
    assert set(nc.actions.values_list("status", flat=True)) == {Action.Status.CANCELLED}


def test_reject_is_for_managers_and_not_after_planning(world):
    nc = nc_at(world, S.OPEN)
    with pytest.raises(PermissionDenied):
        svc.nc_reject(nc=nc, user=world.reviewer, reason="x")
    planned = nc_at(world, S.ACTIONS_PLANNED)
    with pytest.raises(ValidationError):
        svc.nc_reject(nc=planned, user=world.coordinator, reason="x")


def test_reopen_needs_a_reason_and_a_manager(world):
    nc = nc_at(world, S.CLOSED)
    with pytest.raises(ValidationError):
        svc.nc_reopen(nc=nc, user=world.coordinator, reason="")
    with pytest.raises(PermissionDenied):
        svc.nc_reopen(nc=nc, user=world.auditor, reason="Tái diễn")
    nc = svc.nc_reopen(nc=nc, user=world.coordinator, reason="Tái diễn tháng 12")
    assert nc.status == S.OPEN and nc.closed_at is None and nc.reopen_reason == "Tái diễn tháng 12"
    assert nc.history.first().history_change_reason == "Tái diễn tháng 12"
    assert not nc.is_verified_effective


def test_reopen_of_an_nc_still_in_progress_is_refused(world):
    nc = nc_at(world, S.CORRECTION)
    with pytest.raises(ValidationError):
        svc.nc_reopen(nc=nc, user=world.coordinator, reason="x")


def test_rejected_nc_reopens_and_can_be_worked_again(world):
    nc = svc.nc_reject(nc=nc_at(world, S.OPEN), user=world.coordinator, reason="Nhầm")
    nc = svc.nc_reopen(nc=nc, user=world.coordinator, reason="Có thêm bằng chứng")
    assert nc.rejection_reason == ""
    nc = record_correction(nc, world.reviewer)
    assert nc.status == S.CORRECTION


def test_another_agency_cannot_touch_the_nc(world):
    nc = nc_at(world, S.OPEN)
    with pytest.raises(PermissionDenied):
        record_correction(nc, world.outsider)
    with pytest.raises(PermissionDenied):
        svc.nc_reject(nc=nc, user=world.outsider, reason="x")


def test_verified_effective_queryset_for_the_audit_follow_up(world):
    closed = nc_at(world, S.CLOSED)
    done = nc_at(world, S.ACTIONS_DONE)
    assert list(Nonconformity.objects.verified_effective()) == [closed]
    assert list(Nonconformity.objects.not_verified_effective()) == [done]


def test_database_refuses_a_rejected_nc_without_reason(world):
    from django.db import IntegrityError, transaction

    nc = nc_at(world, S.OPEN)
    nc.status = S.REJECTED
    with pytest.raises(IntegrityError), transaction.atomic():
        nc.save()


def test_next_step_says_what_is_needed(world):
    nc = nc_at(world, S.ACTIONS_DONE)
    assert "không phải người thực hiện" in svc.next_step(nc)
    check = nc.checks.get()
    assert check.result == EffectivenessCheck.Result.PENDING


def test_nc_links_a_document_of_its_own_agency_only(world):
    from processes.documents.models import Document

    mine = Document.objects.create(agency=world.agency, code="QT-05", title="Cấp giấy phép xây dựng")
    theirs = Document.objects.create(agency=world.other_agency, code="QT-05", title="Khác")
    nc = open_nc(world, document=mine)
    assert nc.document == mine and list(mine.nonconformities.all()) == [nc]
    with pytest.raises(ValidationError) as exc:
        open_nc(world, document=theirs)
    assert "document" in exc.value.error_dict


def test_head_extends_an_overdue_action_with_a_reason_and_reminders_restart(world):
    nc = nc_at(world, S.ACTIONS_PLANNED, owners=("author",))
    action = nc.actions.get()
    action.due_date = TODAY() - timedelta(days=20)
    action.escalated_on = action.overdue_reminded_on = TODAY() - timedelta(days=5)
    action.save()
    with pytest.raises(ValidationError) as exc:
        svc.action_change(action=action, user=world.reviewer, owner=world.author, due_date=TODAY() + timedelta(days=7),
                          reason="")
    assert "reason" in exc.value.error_dict
    with pytest.raises(PermissionDenied):
        svc.action_change(action=action, user=world.author, owner=world.author, due_date=TODAY(), reason="Tự gia hạn")
    svc.action_change(action=action, user=world.reviewer, owner=world.staff, due_date=TODAY() + timedelta(days=7),
                      reason="Chờ văn bản hướng dẫn của Sở")
    action.refresh_from_db()
    assert action.owner == world.staff and action.due_date == TODAY() + timedelta(days=7)
    assert action.escalated_on is None and action.overdue_reminded_on is None
    assert action.history.first().history_change_reason == "Chờ văn bản hướng dẫn của Sở"
    assert world.staff.notifications.filter(text__contains="được giao hành động").exists()
