"""8.2.2: auditors shall not audit their own work — whichever way the assignment is attempted."""

import pytest
from django.core.exceptions import ValidationError

from audits.internal import services as svc
from audits.internal.models import Audit
from tests.audits.internal.helpers import audit, auditor, document, programme, refresh


def _messages(exc):
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


def test_coordinator_assigning_auditor_to_own_department_directly_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        svc.audit_create(
            programme=programme(world), user=world.coordinator, title="Đánh giá Phòng Tư pháp", planned_month=4,
            departments=[world.departments["justice"]], lead_auditor=world.auditor,
        )
    text = _messages(exc)
    assert "Vũ Thị Đánh Giá" in text and "Phòng Tư pháp" in text
    assert not Audit.objects.exists()  # nothing half-saved


def test_coordinator_assigning_process_owner_to_audit_of_that_process_is_refused(world):
    qt = document(world, code="QT-09", department=world.departments["urban"], owner=world.auditor)
    with pytest.raises(ValidationError) as exc:
        svc.audit_create(
            programme=programme(world), user=world.coordinator, title="Đánh giá QT-09", planned_month=4,
            documents=[qt], lead_auditor=world.auditor,
        )
    assert "người chủ trì quá trình" in _messages(exc) and "QT-09" in _messages(exc)


def test_coordinator_adding_team_member_from_audited_department_is_refused(world):
    a = audit(world)  # One-Stop Desk, led by the auditor of Phòng Tư pháp
    desk_auditor = auditor(world, "desk", username="desk-auditor", full_name="Lê Văn Một Cửa")
    with pytest.raises(ValidationError) as exc:
        svc.audit_assign(audit=a, user=world.coordinator, lead_auditor=world.auditor, team=[desk_auditor])
    text = _messages(exc)
    assert "Lê Văn Một Cửa" in text and "Bộ phận một cửa" in text
    assert list(refresh(a).team.all()) == []


def test_coordinator_changing_lead_to_someone_of_the_audited_department_is_refused(world):
    a = audit(world)
    desk_auditor = auditor(world, "desk", username="desk-auditor", full_name="Lê Văn Một Cửa")
    with pytest.raises(ValidationError):
        svc.audit_assign(audit=a, user=world.coordinator, lead_auditor=desk_auditor)
    assert refresh(a).lead_auditor == world.auditor


def test_coordinator_widening_scope_to_the_auditors_department_after_assignment_is_refused(world):
    a = audit(world)
    with pytest.raises(ValidationError) as exc:
        svc.audit_update(audit=a, user=world.coordinator,
                         departments=[world.departments["desk"], world.departments["justice"]])
    assert "Vũ Thị Đánh Giá" in _messages(exc) and "Phòng Tư pháp" in _messages(exc)
    assert list(refresh(a).departments.all()) == [world.departments["desk"]]


def test_coordinator_adding_a_process_of_the_auditors_department_after_assignment_is_refused(world):
    a = audit(world)
    qt = document(world, code="QT-TP-01", department=world.departments["justice"], title="Chứng thực bản sao")
    with pytest.raises(ValidationError) as exc:
        svc.audit_update(audit=a, user=world.coordinator, documents=[qt])
    assert "QT-TP-01" in _messages(exc)
    assert list(refresh(a).documents.all()) == []


def test_coordinator_assigning_an_independent_team_succeeds_and_notifies_them(world):
    a = audit(world)
    colleague = auditor(world, "urban", username="urban-auditor", full_name="Phan Thị Đô Thị")
    svc.audit_assign(audit=a, user=world.coordinator, lead_auditor=world.auditor, team=[colleague])
    assert list(refresh(a).team.all()) == [colleague]
    assert colleague.notifications.filter(text__contains=a.code).exists()


def test_coordinator_assigning_someone_without_the_auditor_role_is_refused(world):
    a = audit(world)
    with pytest.raises(ValidationError) as exc:
        svc.audit_assign(audit=a, user=world.coordinator, lead_auditor=world.author)
    assert "chuyên gia đánh giá" in _messages(exc)


def test_auditor_form_shows_why_the_assignment_is_refused(world, login):
    a = audit(world)
    desk_auditor = auditor(world, "desk", username="desk-auditor", full_name="Lê Văn Một Cửa")
    client = login(world.coordinator)
    response = client.post(f"/danh-gia/cuoc-danh-gia/{a.pk}/doan-danh-gia/",
                           {"lead_auditor": world.auditor.pk, "team": [desk_auditor.pk]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lê Văn Một Cửa thuộc Bộ phận một cửa" in body
    assert list(refresh(a).team.all()) == []


def test_refusal_is_shown_beside_the_field_that_causes_it(world):
    qt = document(world, code="QT-TP-02", department=world.departments["justice"], title="Hộ tịch")
    with pytest.raises(ValidationError) as exc:
        svc.audit_create(programme=programme(world), user=world.coordinator, title="x", planned_month=4,
                         departments=[world.departments["justice"]], lead_auditor=world.auditor)
    assert set(exc.value.message_dict) == {"lead_auditor"}
    a = audit(world)
    with pytest.raises(ValidationError) as exc:
        svc.audit_update(audit=a, user=world.coordinator, documents=[qt])
    assert set(exc.value.message_dict) == {"documents"}
