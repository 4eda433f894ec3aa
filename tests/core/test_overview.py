import datetime

from django.utils.html import escape

from audits.capa.models import Action, Nonconformity
from audits.internal.models import Audit
from processes.documents.models import Document, Revision
from qms.core.models import Agency, User
from qms.core.overview import province_overview
from tests.factories import AgencyFactory


def _doc(agency, code, doc_type, status, clauses="", title=None):
    from tests.factories import UserFactory

    document = Document.objects.create(agency=agency, code=code, title=title or code, doc_type=doc_type, clauses=clauses)
    Revision.objects.create(
        document=document, agency=agency, issue_number=1, title=document.title, status=status,
        author=UserFactory(agency=agency),
        effective_date=datetime.date(2026, 1, 5) if status != Revision.Status.DRAFT else None,
    )
    return document


def _nc(agency, number, status="open"):
    return Nonconformity.objects.create(
        agency=agency, year=2026, number=number, reference=f"NC-2026-{number:03d}", source="staff_report",
        description="Hồ sơ trả chậm", detected_on=datetime.date(2026, 3, 1), status=status, severity="minor",
    )


def test_overview_reports_each_agencys_figures(world):
    a, b = world.agency, world.other_agency
    eff, draft = Revision.Status.EFFECTIVE, Revision.Status.DRAFT
    _doc(a, "CSCL", Document.Type.POLICY, eff)
    _doc(a, "MTCL", Document.Type.OBJECTIVES, draft)  # a draft does not count
    _doc(a, "STCL", Document.Type.MANUAL, eff)
    _doc(a, "QT-01", Document.Type.PROCEDURE, eff, clauses="4.2.3, 4.2.4")
    _doc(a, "QT-03", Document.Type.PROCEDURE, eff, clauses="8.2.2")
    _doc(b, "CSCL", Document.Type.POLICY, eff)
    nc = _nc(a, 1)
    _nc(a, 2, status="closed")
    Action.objects.create(agency=a, nc=nc, description="Rà soát", owner=world.staff, due_date=datetime.date(2026, 2, 1))
    Action.objects.create(agency=a, nc=nc, description="Đào tạo", owner=world.staff, due_date=datetime.date(2026, 9, 1))

    rows = {r.agency: r for r in province_overview(today=datetime.date(2026, 6, 1))}
    ra, rb = rows[a], rows[b]
    assert (ra.has_policy, ra.has_objectives, ra.has_manual) == (True, False, True)
    assert ra.missing_procedures == ["8.3", "8.5.2", "8.5.3"]
    assert ra.current_documents == 4
    assert (ra.open_ncs, ra.overdue_actions) == (1, 1)
    assert (rb.has_policy, rb.current_documents, rb.open_ncs) == (True, 1, 0)
    assert len(rb.missing_procedures) == 6


def test_overview_query_count_does_not_grow_with_agencies(world, django_assert_max_num_queries):
    # One query for the agencies and one grouped query per figure (documents, NCs with the overdue ones among them,
    # actions, audits, management reviews, objectives met), and one for the records ISO 9001:2015 adds (issue 18).
    with django_assert_max_num_queries(8):
        province_overview()
    for n in range(15):
        agency = AgencyFactory()
        _doc(agency, "CSCL", Document.Type.POLICY, Revision.Status.EFFECTIVE)
        _nc(agency, 1)
    with django_assert_max_num_queries(8):
        assert len(province_overview()) == 17  # 15 new + the two supervised agencies of the world


def test_oversight_page_shows_figures_but_no_draft_titles(world, client):
    _doc(world.agency, "QT-09", Document.Type.PROCEDURE, Revision.Status.DRAFT, title="Dự thảo quy trình mật")
    _doc(world.agency, "CSCL", Document.Type.POLICY, Revision.Status.EFFECTIVE)
    client.force_login(world.oversight)
    body = client.get("/tong-quan-tinh/").content.decode()
    assert world.agency.name in body and world.other_agency.name in body
    assert "Dự thảo quy trình mật" not in body and "QT-09" not in body
    client.force_login(world.coordinator)
    assert client.get("/tong-quan-tinh/").status_code == 403


# --- who is a row: the supervised agencies, never the oversight body (issue 13, item 18) ----------------------


def _table(body):
    return body.split('data-testid="province-overview"', 1)[1].split("</table>", 1)[0]


def test_overview_rows_are_the_supervised_agencies_not_the_oversight_body(world):
    inactive = AgencyFactory(code="da-giai-the", is_active=False)
    agencies = [r.agency for r in province_overview()]
    assert world.agency in agencies and world.other_agency in agencies
    assert world.oversight.agency not in agencies  # Sở KH&CN reads the figures, it is not measured by them
    assert inactive not in agencies


def test_oversight_page_does_not_list_the_oversight_body_as_an_agency_missing_everything(world, client):
    client.force_login(world.oversight)
    table = _table(client.get("/tong-quan-tinh/").content.decode())
    assert escape(world.agency.name) in table and escape(world.oversight.agency.name) not in table


def test_an_agency_becomes_the_oversight_body_in_the_admin_with_history(world, client):
    from tests.core.test_admin_never_deletes import _change_form_post

    admin = User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri-2026")
    client.force_login(admin)
    agency = world.other_agency
    url = f"/quan-tri/core/agency/{agency.pk}/change/"
    data = _change_form_post(client.get(url))
    data["kind"] = Agency.Kind.OVERSIGHT
    assert client.post(url, data).status_code == 302
    agency.refresh_from_db()
    assert agency.kind == Agency.Kind.OVERSIGHT
    assert agency.history.first().kind == Agency.Kind.OVERSIGHT and agency.history.first().history_user == admin
    assert agency not in [r.agency for r in province_overview()]


def test_demo_marks_its_sở_khcn_as_the_oversight_body(db):
    from qms.core.demo import seed_core

    agencies, _users = seed_core()
    assert agencies["so-khcn"].kind == Agency.Kind.OVERSIGHT
    assert {a.kind for code, a in agencies.items() if code != "so-khcn"} == {Agency.Kind.SUPERVISED}
    assert agencies["so-khcn"] not in [r.agency for r in province_overview()]


def test_migration_marks_agencies_whose_people_are_all_oversight_staff(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("qms.core.migrations.0002_agency_kind")
    Agency.objects.update(kind=Agency.Kind.SUPERVISED)  # as before the field existed
    empty = AgencyFactory(code="chua-co-nguoi")
    migration.mark_oversight_bodies(apps, None)
    kinds = dict(Agency.objects.values_list("pk", "kind"))
    assert kinds[world.oversight.agency_id] == Agency.Kind.OVERSIGHT
    assert kinds[world.agency.pk] == kinds[world.other_agency.pk] == kinds[empty.pk] == Agency.Kind.SUPERVISED


# --- the last internal audit: one carried out, not one planned or dated in the future -------------------------


def test_last_internal_audit_is_the_last_one_carried_out(world):
    from tests.audits.internal.helpers import audit

    today = datetime.date(2026, 6, 1)
    audit(world, status="closed", start=datetime.date(2026, 3, 10), end=datetime.date(2026, 3, 12), title="Quý I")
    audit(world, status="reported", start=datetime.date(2026, 5, 18), end=datetime.date(2026, 5, 20), title="Quý II")
    audit(world, status="in_progress", start=datetime.date(2026, 5, 28), end=datetime.date(2026, 5, 30), title="Đang làm")
    audit(world, status="planned", start=datetime.date(2026, 6, 20), end=datetime.date(2026, 6, 22), title="Kế hoạch")
    # reported ahead of its own end date (or the date mistyped): not carried out yet on ``today``
    audit(world, status="reported", start=datetime.date(2026, 9, 8), end=datetime.date(2026, 9, 10), title="Quý III")
    rows = {r.agency: r for r in province_overview(today=today)}
    assert rows[world.agency].last_internal_audit == datetime.date(2026, 5, 20)
    assert rows[world.other_agency].last_internal_audit is None
    assert rows[world.agency].last_internal_audit != max(
        a.end_date for a in Audit.objects.filter(agency=world.agency))


def test_overview_xlsx_has_every_agency_real_dates_and_a_frozen_header(world, client):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    a = world.agency
    from tests.quality.dashboards.builders import audit, programme

    audit(a, programme(a, 2026), 1, Audit.Status.REPORTED, lead=world.auditor, end_date=datetime.date(2026, 3, 10))
    _nc(a, 1)
    client.force_login(world.people["oversight"])
    response = client.get(reverse("core:province_overview_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tong-quan-tinh-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "Cơ quan" and "Đánh giá nội bộ gần nhất" in header
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    supervised = set(Agency.objects.supervised().values_list("name", flat=True))
    assert set(rows) == supervised and world.people["oversight"].agency.name not in rows
    mine = rows[a.name]
    assert mine["Đánh giá nội bộ gần nhất"] == datetime.datetime(2026, 3, 10)  # a date cell, not text
    assert sheet.cell(row=2 + sorted(rows).index(a.name), column=header.index("Đánh giá nội bộ gần nhất") + 1
                      ).number_format == "dd/mm/yyyy"
    assert mine["Sự không phù hợp đang mở"] == 1 and mine["Chính sách chất lượng"] == "Chưa có"
    assert rows[world.other_agency.name]["Đánh giá nội bộ gần nhất"] is None
