"""Audit states, dates, findings → NC, report warning and the closing rule (AUD-2, AUD-4, AUD-5)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audits.internal import services as svc
from audits.internal.models import Audit, Finding
from audits.capa.models import Nonconformity
from tests.audits.internal.helpers import YEAR, audit, programme, refresh


def _nc_finding(world, a, kind=Finding.Kind.MINOR_NC, clause="4.2.3.d"):
    return svc.finding_add(
        audit=a, user=world.auditor, kind=kind, clause=clause, department=world.departments["desk"],
        requirement="Tài liệu phù hợp phải sẵn có tại nơi sử dụng.",
        description="Tại quầy tiếp nhận còn dùng bản QT-05 lần ban hành 01 đã hết hiệu lực.",
        evidence="Bản in QT-05/01 tại quầy số 3, ngày 12/03/2026.",
    )


# --- dates ---------------------------------------------------------------------------------


def test_coordinator_planning_audit_ending_before_it_starts_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        svc.audit_create(
            programme=programme(world), user=world.coordinator, title="Đánh giá", planned_month=5,
            start_date=datetime.date(YEAR, 5, 20), end_date=datetime.date(YEAR, 5, 18),
        )
    assert "end_date" in exc.value.message_dict
    assert not Audit.objects.exists()


def test_coordinator_planning_audit_outside_programme_year_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        svc.audit_create(
            programme=programme(world), user=world.coordinator, title="Đánh giá", planned_month=12,
            start_date=datetime.date(YEAR, 12, 30), end_date=datetime.date(YEAR + 1, 1, 2),
        )
    assert str(YEAR) in exc.value.message_dict["end_date"][0]


def test_coordinator_form_with_dates_out_of_order_shows_message(world, login):
    p = programme(world)
    response = login(world.coordinator).post(f"/danh-gia/chuong-trinh/{p.pk}/them-cuoc-danh-gia/", {
        "title": "Đánh giá", "audit_type": "internal", "planned_month": 5,
        "start_date": f"{YEAR}-05-20", "end_date": f"{YEAR}-05-18",
    })
    assert response.status_code == 200
    assert "Ngày kết thúc không được trước ngày bắt đầu" in response.content.decode()
    assert not Audit.objects.exists()


def test_database_refuses_start_after_end_even_without_the_service(world):
    from django.db import IntegrityError, transaction

    a = audit(world)
    a.start_date, a.end_date = datetime.date(YEAR, 3, 12), datetime.date(YEAR, 3, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        a.save()


def test_audit_codes_are_numbered_per_programme(world):
    first, second = audit(world), audit(world, title="Đánh giá Phòng Quản lý đô thị", departments=("urban",))
    assert (first.code, second.code) == (f"DG-{YEAR}-01", f"DG-{YEAR}-02")


# --- start -----------------------------------------------------------------------------------


def test_auditor_starts_planned_audit_without_dates_is_refused(world):
    a = audit(world, start=None, end=None)
    with pytest.raises(ValidationError):
        svc.audit_start(audit=a, user=world.auditor)
    assert refresh(a).status == Audit.Status.PLANNED


def test_staff_cannot_start_an_audit(world):
    a = audit(world)
    with pytest.raises(PermissionDenied):
        svc.audit_start(audit=a, user=world.staff)


# --- findings → NC ---------------------------------------------------------------------------


def test_auditor_minor_nc_finding_opens_linked_nonconformity(world):
    a = audit(world, status="in_progress")
    finding = _nc_finding(world, a)
    nc = finding.nonconformity
    assert nc is not None
    assert nc.source == Nonconformity.Source.INTERNAL_AUDIT
    assert nc.source_ref == a.code
    assert nc.severity == Nonconformity.Severity.MINOR
    assert nc.clause == "4.2.3.d"
    assert nc.department == world.departments["desk"]
    assert "QT-05 lần ban hành 01" in nc.description
    # Linked both ways.
    assert Nonconformity.objects.get(pk=nc.pk).finding == finding


def test_auditor_major_nc_finding_opens_major_nonconformity(world):
    a = audit(world, status="in_progress")
    finding = _nc_finding(world, a, kind=Finding.Kind.MAJOR_NC, clause="8.2.2")
    assert finding.nonconformity.severity == Nonconformity.Severity.MAJOR


def test_auditor_observation_and_ofi_open_no_nonconformity(world):
    a = audit(world, status="in_progress")
    for kind in (Finding.Kind.OBSERVATION, Finding.Kind.OFI):
        f = svc.finding_add(audit=a, user=world.auditor, kind=kind, clause="7.5",
                            description="Bảng hướng dẫn thủ tục đặt khuất.")
        assert f.nonconformity is None
    assert not Nonconformity.objects.exists()


def test_nc_finding_without_evidence_is_refused_and_opens_nothing(world):
    a = audit(world, status="in_progress")
    with pytest.raises(ValidationError) as exc:
        svc.finding_add(audit=a, user=world.auditor, kind=Finding.Kind.MINOR_NC, clause="4.2.3.d",
                        description="Dùng tài liệu hết hiệu lực.", evidence="  ")
    assert "evidence" in exc.value.message_dict
    assert not Finding.objects.exists() and not Nonconformity.objects.exists()


def test_finding_on_closed_audit_is_refused(world):
    a = audit(world, status="closed")
    with pytest.raises(ValidationError) as exc:
        _nc_finding(world, a)
    assert "đã kết thúc" in exc.value.messages[0]
    assert not Finding.objects.exists() and not Nonconformity.objects.exists()


def test_finding_on_reported_audit_is_refused_until_reopened(world):
    a = audit(world, status="reported")
    with pytest.raises(ValidationError) as exc:
        _nc_finding(world, a)
    assert "mở lại" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        svc.audit_reopen(audit=a, user=world.auditor, reason="  ")
    svc.audit_reopen(audit=a, user=world.auditor, reason="Bổ sung phát hiện bị bỏ sót")
    assert _nc_finding(world, refresh(a)).number == 1


def test_staff_not_on_the_team_cannot_record_findings(world):
    a = audit(world, status="in_progress")
    with pytest.raises(PermissionDenied):
        svc.finding_add(audit=a, user=world.staff, kind=Finding.Kind.OBSERVATION, clause="7.5", description="x")
    assert not Finding.objects.exists()


def test_finding_form_on_closed_audit_says_so(world, login):
    a = audit(world, status="closed")
    response = login(world.auditor).post(f"/danh-gia/cuoc-danh-gia/{a.pk}/phat-hien/them/", {
        "kind": "minor_nc", "clause": "4.2.3.d", "description": "x", "evidence": "y",
    })
    assert response.status_code == 200
    assert "Cuộc đánh giá đã kết thúc" in response.content.decode()
    assert not Finding.objects.exists()


# --- report ------------------------------------------------------------------------------------


def test_issue_report_warns_listing_unanswered_items_then_proceeds_on_confirmation(world):
    a = audit(world, status="in_progress")
    svc.checklist_add_item(audit=a, user=world.auditor, question="Tài liệu tại quầy có đúng lần ban hành?", clause="4.2.3")
    open_item = svc.checklist_add_item(audit=a, user=world.auditor, question="Hồ sơ trả kết quả có được lưu?", clause="4.2.4")
    svc.checklist_answer(item=a.checklist_items.first(), user=world.auditor, answer="conform", evidence="Đúng lần 02")
    with pytest.raises(svc.UnansweredItems) as exc:
        svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận")
    assert [i.pk for i in exc.value.items] == [open_item.pk]
    assert refresh(a).status == Audit.Status.IN_PROGRESS
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận", confirm_unanswered=True)
    assert refresh(a).status == Audit.Status.REPORTED


def test_issue_report_page_lists_unanswered_questions(world, login):
    a = audit(world, status="in_progress")
    svc.checklist_add_item(audit=a, user=world.auditor, question="Hồ sơ trả kết quả có được lưu đủ thời hạn?", clause="4.2.4")
    client = login(world.auditor)
    response = client.post(f"/danh-gia/cuoc-danh-gia/{a.pk}/bao-cao/phat-hanh/", {"summary": "Tóm tắt", "conclusion": "Kết luận"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Còn 1 câu hỏi chưa trả lời" in body and "Hồ sơ trả kết quả có được lưu đủ thời hạn?" in body
    assert refresh(a).status == Audit.Status.IN_PROGRESS
    response = client.post(f"/danh-gia/cuoc-danh-gia/{a.pk}/bao-cao/phat-hanh/",
                           {"summary": "Tóm tắt", "conclusion": "Kết luận", "confirm_unanswered": "on"})
    assert response.status_code == 302
    assert refresh(a).status == Audit.Status.REPORTED


def test_issued_report_notifies_heads_of_audited_departments(world, django_capture_on_commit_callbacks):
    desk = world.departments["desk"]
    desk.head = world.head
    desk.save()
    a = audit(world, status="in_progress", auditees=[world.staff])
    with django_capture_on_commit_callbacks(execute=True):
        svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận")
    assert world.head.notifications.filter(text__contains=a.code).exists()
    assert any(world.head.email in m.to for m in mail.outbox)


def test_report_page_shows_findings_in_vietnamese(world, login):
    a = audit(world, status="in_progress")
    _nc_finding(world, a)
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Bộ phận một cửa cơ bản tuân thủ.", conclusion="Đạt yêu cầu.")
    client = login(world.auditor)
    response = client.get(f"/danh-gia/cuoc-danh-gia/{a.pk}/bao-cao/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert pdf.metadata.get("Title") == f"Báo cáo đánh giá {a.code}"
    preview = client.get(f"/danh-gia/cuoc-danh-gia/{a.pk}/bao-cao/?html=1").content.decode()
    for expected in ("BÁO CÁO ĐÁNH GIÁ NỘI BỘ", a.code, "4.2.3.d"):
        assert expected in preview
    for expected in ("BÁO CÁO ĐÁNH GIÁ NỘI BỘ", a.code, "4.2.3.d", "Không phù hợp nhẹ", "Bộ phận một cửa cơ bản tuân thủ."):
        assert expected in text


# --- closing rule ------------------------------------------------------------------------------


def test_closing_with_an_unverified_nc_is_refused_listing_it(world):
    a = audit(world, status="in_progress")
    nc = _nc_finding(world, a).nonconformity
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận")
    with pytest.raises(ValidationError) as exc:
        svc.audit_close(audit=a, user=world.auditor)
    assert nc.reference in exc.value.messages[0]
    assert refresh(a).status == Audit.Status.REPORTED


def test_closing_is_allowed_once_every_nc_is_verified_effective(world):
    a = audit(world, status="in_progress")
    nc = _nc_finding(world, a).nonconformity
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận")
    nc.status = Nonconformity.Status.VERIFIED  # the NC workflow's verification (journey 5), abridged
    nc.save()
    svc.audit_close(audit=a, user=world.auditor)
    assert refresh(a).status == Audit.Status.CLOSED


def test_close_button_reports_blocking_references(world, login):
    a = audit(world, status="in_progress")
    nc = _nc_finding(world, a).nonconformity
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận")
    client = login(world.auditor)
    page = client.get(f"/danh-gia/cuoc-danh-gia/{a.pk}/").content.decode()
    assert nc.reference in page and "Kết thúc cuộc đánh giá</button>" not in page  # says why, offers no button
    response = client.post(f"/danh-gia/cuoc-danh-gia/{a.pk}/ket-thuc/", follow=True)
    assert nc.reference in response.content.decode()
    assert refresh(a).status == Audit.Status.REPORTED


def test_nc_from_audit_of_one_process_links_that_register_document(world):
    from tests.audits.internal.helpers import document

    hd = document(world, code="HD-01", department=world.departments["desk"], title="Hướng dẫn tiếp nhận hồ sơ")
    a = audit(world, status="in_progress", documents=[hd])
    nc = _nc_finding(world, a).nonconformity
    assert nc.document == hd and nc.process_ref == ""
    assert nc.detected_by == world.auditor


def test_audit_closes_only_after_its_nc_goes_through_the_real_nc_workflow(world):
    """Journey 5's end: correction, 5-Why, two actions done, the auditor verifies effectiveness, the audit closes."""
    from audits.capa import services as capa_services
    from audits.capa.models import EffectivenessCheck
    from tests.audits.capa.helpers import add_actions, analyse, record_correction

    a = audit(world, status="in_progress", departments=("urban",), title="Đánh giá Phòng Quản lý đô thị")
    finding = svc.finding_add(
        audit=a, user=world.auditor, kind=Finding.Kind.MINOR_NC, clause="7.5", department=world.departments["urban"],
        description="Hồ sơ cấp phép trả muộn không có phiếu xin lỗi.", evidence="Hồ sơ 125/GPXD trễ 3 ngày.",
    )
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận")
    nc = finding.nonconformity
    assert nc.responsible == world.reviewer  # the head of the audited department answers it
    nc = record_correction(nc, world.reviewer)
    nc = analyse(nc, world.reviewer)
    actions = add_actions(nc, world)
    nc = capa_services.nc_plan_actions(nc=nc, user=world.reviewer)
    for action in actions:
        capa_services.action_complete(action=action, user=action.owner, result="Đã ban hành mẫu phiếu xin lỗi.", no_evidence_reason="Biên bản giấy lưu tại Văn phòng.")
    with pytest.raises(ValidationError) as exc:  # actions done, effectiveness not yet verified
        svc.audit_close(audit=a, user=world.auditor)
    assert nc.reference in exc.value.messages[0]
    capa_services.nc_verify(nc=refresh(nc), user=world.auditor, result=EffectivenessCheck.Result.EFFECTIVE,
                          notes="20 hồ sơ tháng sau đều đúng hạn, có phiếu xin lỗi khi trễ.")
    assert refresh(nc).is_verified_effective
    svc.audit_close(audit=a, user=world.auditor)
    assert refresh(a).status == Audit.Status.CLOSED
