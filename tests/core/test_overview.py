import datetime

from audits.capa.models import Action, Nonconformity
from processes.documents.models import Document, Revision
from qms.core.overview import province_overview
from tests.factories import AgencyFactory


def _doc(agency, code, doc_type, status, clauses="", title=None):
    from tests.factories import UserFactory

    document = Document.objects.create(agency=agency, code=code, title=title or code, doc_type=doc_type, clauses=clauses)
    Revision.objects.create(
        document=document, agency=agency, issue_number=1, status=status, author=UserFactory(agency=agency),
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
    with django_assert_max_num_queries(6):
        province_overview()
    for n in range(15):
        agency = AgencyFactory()
        _doc(agency, "CSCL", Document.Type.POLICY, Revision.Status.EFFECTIVE)
        _nc(agency, 1)
    with django_assert_max_num_queries(6):
        assert len(province_overview()) >= 18


def test_oversight_page_shows_figures_but_no_draft_titles(world, client):
    _doc(world.agency, "QT-09", Document.Type.PROCEDURE, Revision.Status.DRAFT, title="Dự thảo quy trình mật")
    _doc(world.agency, "CSCL", Document.Type.POLICY, Revision.Status.EFFECTIVE)
    client.force_login(world.oversight)
    body = client.get("/tong-quan-tinh/").content.decode()
    assert world.agency.name in body and world.other_agency.name in body
    assert "Dự thảo quy trình mật" not in body and "QT-09" not in body
    client.force_login(world.coordinator)
    assert client.get("/tong-quan-tinh/").status_code == 403
