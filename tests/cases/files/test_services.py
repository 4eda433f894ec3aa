"""The file's life through its services: each transition, bad transitions refused with a message, and a later
revision leaving received files alone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.files import services
from cases.files.models import Case, CaseStep, Handover
from processes.documents.models import Revision
from qms.core.models import Notification
from tests.cases.files.helpers import PAPERS, intake, make_clerk, procedure, receive
from tests.processes.documents.helpers import approve, make_draft, submit

pytestmark = pytest.mark.django_db


def test_receipt_allocates_a_code_computes_the_appointment_and_starts_the_first_step(world):
    case = receive(world)
    local = timezone.localtime(case.received_at)
    assert case.code == f"UBND-THU-NGHIEM-{local:%y%m%d}-0001"
    assert case.status == Case.Status.RECEIVED and case.appointment_at > case.received_at
    steps = list(case.steps.order_by("order"))
    assert [s.code for s in steps] == ["B1", "B2", "B3"]
    # "Chuyên viên Phòng Quản lý đô thị" names the department; the others are for whoever takes them.
    assert [s.department_id for s in steps] == [None, world.departments["urban"].pk, None]
    assert steps[0].state == CaseStep.State.ACTIVE and steps[0].due_at is not None
    assert [s.state for s in steps[1:]] == [CaseStep.State.PENDING] * 2
    assert (steps[1].planned_days, steps[0].planned_hours) == (10, 4)
    assert Handover.objects.get(case=case).kind == Handover.Kind.RECEIPT
    assert receive(world, revision=case.revision).code.endswith("-0002")


def test_the_whole_way_take_complete_result_return_rate(world):
    case = receive(world)
    b1, b2, b3 = case.steps.order_by("order")
    services.step_take(step=b1, user=world.staff)
    nxt = services.step_complete(step=b1, user=world.staff, note="Đủ hồ sơ")
    assert nxt.pk == b2.pk
    b2.refresh_from_db()
    assert b2.state == CaseStep.State.ACTIVE and b2.due_at > b2.started_at
    # The department's people are told the file came to them.
    assert Notification.objects.filter(user=world.reviewer, key="cases.step_handed_over").exists()
    with pytest.raises(ValidationError, match="Phòng Quản lý đô thị"):
        services.step_take(step=b2, user=world.auditor)  # not of that department
    services.step_take(step=b2, user=world.author)
    # Taken: the department's "came to you" notices leave everyone's new notifications.
    assert not Notification.objects.filter(key="cases.step_handed_over", read_at__isnull=True).exists()
    services.step_complete(step=b2, user=world.author, to_user=world.head)
    b3.refresh_from_db()
    assert b3.taken_by == world.head  # handed to a person: they hold it
    services.step_complete(step=b3, user=world.head)
    case.refresh_from_db()
    assert case.status == Case.Status.RESULT_READY and case.outcome == "early"
    with pytest.raises(ValidationError, match="Chưa ghi kết quả"):
        services.case_return(case=case, user=world.staff, method="in_person")
    assert Notification.objects.filter(user=world.staff, key="cases.result_ready", read_at__isnull=True).exists()
    services.case_record_result(case=case, user=world.staff, result_text="Giấy phép số 12/GPXD")
    services.case_return(case=case, user=world.staff, method="in_person")
    assert not Notification.objects.filter(key="cases.result_ready", read_at__isnull=True).exists()
    services.case_rate(case=case, rating="satisfied", comment="Nhanh")
    case.refresh_from_db()
    assert (case.status, case.rating) == (Case.Status.RETURNED, "satisfied")
    with pytest.raises(ValidationError, match="đã được đánh giá"):
        services.case_rate(case=case, rating="not_satisfied")
    kinds = list(Handover.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["receipt", "next_step", "next_step", "result"]


def test_a_second_taker_is_told_who_has_the_step(world):
    case = receive(world)
    b1 = case.steps.get(order=1)
    services.step_take(step=b1, user=world.staff)
    with pytest.raises(ValidationError, match="Hoàng Văn Cán Bộ"):
        services.step_take(step=b1, user=world.coordinator)


def test_returning_for_information_reopens_the_previous_step_and_needs_a_reason(world):
    case = receive(world)
    b1, b2, _b3 = case.steps.order_by("order")
    services.step_take(step=b1, user=world.staff)
    services.step_complete(step=b1, user=world.staff)
    services.step_take(step=b2, user=world.author)
    with pytest.raises(ValidationError):
        services.step_return_for_information(step=b2, user=world.author, reason="  ")
    back = services.step_return_for_information(step=b2, user=world.author, reason="Thiếu bản vẽ mặt cắt")
    b2.refresh_from_db()
    assert back.pk == b1.pk and back.state == CaseStep.State.ACTIVE and back.taken_by == world.staff
    assert b2.state == CaseStep.State.PENDING and b2.returned_count == 1 and b2.return_reason
    with pytest.raises(ValidationError, match="Bước đầu tiên"):
        services.step_return_for_information(step=back, user=world.staff, reason="x")


def test_incomplete_papers_are_refused_at_receipt_and_become_a_supplement_request(world):
    clerk = make_clerk(world)
    revision = procedure(world)
    with pytest.raises(ValidationError, match="chưa đủ thành phần"):
        services.case_receive(user=clerk, intake=intake(world, revision, papers=PAPERS[:1]))
    assert Case.objects.count() == 0
    case = services.case_request_supplement(user=clerk, intake=intake(world, revision, papers=PAPERS[:1]),
                                            text="Bổ sung bản vẽ thiết kế")
    assert case.status == Case.Status.SUPPLEMENT and case.appointment_at is None
    assert not case.steps.filter(state=CaseStep.State.ACTIVE).exists()
    with pytest.raises(ValidationError, match="Vẫn còn"):
        services.case_supplements_received(case=case, user=clerk, papers=PAPERS[:2])
    services.case_supplements_received(case=case, user=clerk, papers=PAPERS)
    case.refresh_from_db()
    assert case.status == Case.Status.RECEIVED and case.appointment_at is not None
    assert case.steps.get(state=CaseStep.State.ACTIVE).order == 1


def test_refusal_needs_reasons_and_legal_basis_and_stops_the_file(world):
    case = receive(world)
    with pytest.raises(ValidationError) as error:
        services.case_refuse(case=case, user=world.staff, reasons="", legal_basis="")
    assert set(error.value.error_dict) == {"reasons", "legal_basis"}
    services.case_refuse(case=case, user=world.staff, reasons="Không thuộc thẩm quyền",
                         legal_basis="Điều 18 Nghị định 61/2018/NĐ-CP")
    case.refresh_from_db()
    assert case.status == Case.Status.REFUSED and not case.steps.filter(state="active").exists()
    with pytest.raises(ValidationError, match="trạng thái"):
        services.step_take(step=case.steps.get(order=1), user=world.staff)
    with pytest.raises(ValidationError, match="trạng thái"):
        services.case_withdraw(case=case, user=world.staff, reason="Đơn rút")


def test_a_non_effective_or_other_agency_procedure_is_refused(world):
    clerk = make_clerk(world)
    revision = procedure(world)
    draft = make_draft(world, revision.document, dossier="Đơn", processing_time_days=5)
    with pytest.raises(ValidationError, match="đang hiệu lực"):
        services.case_receive(user=clerk, intake=intake(world, draft, papers=[]))
    other = intake(world, revision)
    other.agency = world.other_agency
    with pytest.raises(ValidationError, match="đang hiệu lực"):
        services.case_receive(user=clerk, intake=other)


def test_a_revision_issued_after_receipt_does_not_change_the_file(world):
    case = receive(world)
    document = case.document
    new = make_draft(world, document, steps=[{"step": "X1", "responsibility": "Văn phòng", "description": "Khác",
                                              "time": "1 ngày", "forms": ""}], processing_time_days=3,
                     dossier="Đơn")
    submit(world, new)
    approve(world, new)
    new.refresh_from_db()
    assert new.status == Revision.Status.EFFECTIVE
    case.refresh_from_db()
    assert case.revision_id != new.pk
    assert list(case.steps.order_by("order").values_list("code", flat=True)) == ["B1", "B2", "B3"]
    later = receive(world, revision=new, papers=["Đơn"])
    assert list(later.steps.values_list("code", flat=True)) == ["X1"]


def test_late_step_and_late_file_are_marked(world):
    case = receive(world)
    b1, b2, b3 = case.steps.order_by("order")
    later = case.appointment_at + datetime.timedelta(days=1)
    services.step_take(step=b1, user=world.staff, now=later)
    services.step_complete(step=b1, user=world.staff, now=later)
    b1.refresh_from_db()
    assert b1.outcome == "late"
    services.step_take(step=b2, user=world.author, now=later)
    services.step_complete(step=b2, user=world.author, now=later, to_user=world.head)
    services.step_complete(step=b3, user=world.head, now=later)
    case.refresh_from_db()
    assert case.is_late and case.outcome == "late"
