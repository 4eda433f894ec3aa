from qms.core.history import history_entries, require_reason, save_tracked

import pytest
from django.core.exceptions import ValidationError


def test_saving_records_user_reason_and_field_change(world):
    dept = world.departments["urban"]
    save_tracked(dept, user=world.coordinator, reason="Đổi tên theo quyết định 12/QĐ-UBND")
    dept.name = "Phòng Quản lý đô thị và Xây dựng"
    save_tracked(dept, user=world.head, reason="Sáp nhập phòng")
    entries = history_entries(dept)
    latest = entries[0]
    assert latest.user == world.head
    assert latest.reason == "Sáp nhập phòng"
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("name", "Phòng Quản lý đô thị", "Phòng Quản lý đô thị và Xây dựng")
    ]
    assert latest.changes[0].label == "tên phòng / bộ phận"


def test_request_user_is_recorded_by_middleware(world, client):
    client.force_login(world.coordinator)
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    record = world.coordinator.history.latest()
    assert record.history_user == world.coordinator
    assert record.language == "en"


def test_reason_is_required_where_asked():
    with pytest.raises(ValidationError):
        require_reason("   ")
    assert require_reason("  Sai chính tả ") == "Sai chính tả"


def test_history_page_shows_before_and_after(world, client):
    dept = world.departments["urban"]
    dept.name = "Phòng Đô thị"
    save_tracked(dept, user=world.coordinator, reason="Rút gọn tên")
    client.force_login(world.coordinator)
    response = client.get(f"/lich-su/core.department/{dept.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Phòng Quản lý đô thị" in body and "Phòng Đô thị" in body
    assert "Rút gọn tên" in body and world.coordinator.display_name in body


def test_history_of_unknown_model_answers_404(world, client):
    client.force_login(world.coordinator)
    assert client.get("/lich-su/nope.nothing/1/").status_code == 404
    assert client.get("/lich-su/sessions.session/1/").status_code == 404


def test_history_shows_choice_labels_not_codes(world):
    from qms.core.models import UserRole

    role = UserRole.objects.get(user=world.staff, role="staff")
    role.role = "auditor"
    save_tracked(role, user=world.coordinator, reason="Phân công đánh giá nội bộ")
    change = history_entries(role)[0].changes[0]
    assert (change.old, change.new) == ("Cán bộ, công chức", "Chuyên gia đánh giá nội bộ")


def test_history_shows_dates_as_dd_mm_yyyy(world):
    import datetime

    from qms.core.history import _display
    from processes.documents.models import Revision

    field = Revision._meta.get_field("effective_date")
    assert _display(field, datetime.date(2026, 12, 1)) == "01/12/2026"
    moment = datetime.datetime(2026, 11, 29, 7, 38, tzinfo=datetime.timezone.utc)
    assert _display(Revision._meta.get_field("approved_at"), moment) == "14:38 29/11/2026"


def test_history_is_refused_for_models_without_a_page_of_their_own(world, client):
    from audits.feedback.models import Feedback  # citizens' messages: only managers read them, on their own page
    from qms.core.models import UserRole

    client.force_login(world.staff)
    role = UserRole.objects.filter(user=world.staff).first()
    assert client.get(f"/lich-su/core.userrole/{role.pk}/").status_code == 404
    assert client.get("/lich-su/audits.historicalaudit_team/1/").status_code == 404
    assert client.get(f"/lich-su/{Feedback._meta.label_lower}/1/").status_code == 404


def test_staff_cannot_read_history_of_an_audit_they_are_not_part_of(world, client):
    import datetime

    from audits.internal.models import Audit, AuditProgramme

    programme = AuditProgramme.objects.create(agency=world.agency, year=2026, title="Chương trình 2026")
    audit = Audit.objects.create(
        agency=world.agency, programme=programme, number=1, code="DG-2026-01", title="Đánh giá bộ phận một cửa",
        planned_month=5, start_date=datetime.date(2026, 5, 4), end_date=datetime.date(2026, 5, 5),
    )
    client.force_login(world.staff)
    assert client.get(f"/lich-su/audits.audit/{audit.pk}/").status_code == 404
    client.force_login(world.auditor)
    assert client.get(f"/lich-su/audits.audit/{audit.pk}/").status_code == 200


def test_audit_history_names_team_and_scope_changes_in_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audits.internal import services as svc
    from tests.audits.internal.helpers import audit, auditor

    a = audit(world)
    second = auditor(world, username="kiem2", full_name="Trần Thị Soát")

    def cost():
        with CaptureQueriesContext(connection) as captured:
            entries = history_entries(a)
        return entries, len(captured)

    svc.audit_assign(audit=a, user=world.coordinator, lead_auditor=world.auditor, team=[second])
    _, few = cost()
    for month in (4, 5, 6):
        svc.audit_update(audit=a, user=world.coordinator, planned_month=month)
    svc.audit_update(audit=a, user=world.coordinator, departments=[world.departments["desk"], world.departments["urban"]])
    entries, many = cost()

    # More records, same queries: one for the records, and per tracked m2m field one for the snapshots and
    # one for the names (none when the field was always empty: the audit has no documents).
    assert many == few <= 1 + 2 * 3
    changes = {}
    for entry in entries:  # newest first: keep each field's latest change
        for change in entry.changes:
            changes.setdefault(change.field, change)
    assert changes["team"].old == "—" and changes["team"].new == str(second)
    desk, urban = str(world.departments["desk"]), str(world.departments["urban"])
    assert changes["departments"].old == desk
    assert changes["departments"].new == ", ".join(sorted([desk, urban]))
