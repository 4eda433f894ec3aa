"""Coverage view (AUD-1), the audit list with filters, and "My work" (fixed query counts)."""

import datetime

from audits.internal import services as svc
from audits.capa.models import Nonconformity
from audits.internal.mywork import audit_work
from audits.internal.views.planning import coverage
from tests.audits.internal.helpers import YEAR, audit, auditor, document, programme


def test_coverage_shows_departments_processes_and_clauses_not_yet_covered(world):
    qt_desk = document(world, code="QT-05", department=world.departments["desk"])
    qt_urban = document(world, code="QT-12", department=world.departments["urban"], title="Cấp giấy phép xây dựng")
    audit(world, departments=("desk",), documents=[qt_desk], clauses="4.2.3, 8.2.2", month=3,
          start=datetime.date(YEAR, 3, 10), end=datetime.date(YEAR, 3, 12))
    audit(world, departments=("urban",), clauses="7.5", month=9, start=None, end=None, title="Đánh giá QLĐT")
    # Last year's NCs inform the priority.
    for n in (1, 2, 3):
        Nonconformity.objects.create(
            agency=world.agency, year=YEAR - 1, number=n, reference=f"NC-{YEAR - 1}-{n:03d}", source="internal_audit",
            severity="minor", department=world.departments["office"], description="KPH năm trước", detected_on=datetime.date(YEAR - 1, 5, 1),
        )
    data = coverage(programme(world))
    rows = {r["department"].code: r for r in data["dept_rows"]}
    assert [a.code for a in rows["mot-cua"]["months"][2]] == [f"DG-{YEAR}-01"]  # March
    assert [a.code for a in rows["qldt"]["months"][8]] == [f"DG-{YEAR}-02"]  # planned September
    assert sum(1 for cell in rows["mot-cua"]["months"] if cell) == 1
    assert {d.code for d in data["gaps"]["departments"]} == {"vp", "tu-phap"}
    assert rows["vp"]["ncs_last_year"] == 3 and rows["vp"]["priority"] == "high"
    assert [d.code for d in data["gaps"]["processes"]] == ["QT-12"]
    assert "4.2.3" not in data["gaps"]["clauses"] and "7.5" not in data["gaps"]["clauses"]
    assert "8.5.2" in data["gaps"]["clauses"] and "4.2.4" in data["gaps"]["clauses"]


def test_coverage_page_costs_the_same_with_more_audits(world, login, django_assert_num_queries):
    p = programme(world)
    audit(world)
    client = login(world.coordinator)
    client.get(f"/danh-gia/chuong-trinh/{p.pk}/do-bao-phu/")  # warm caches (session, roles)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/danh-gia/chuong-trinh/{p.pk}/do-bao-phu/").status_code == 200
    for i in range(4):
        audit(world, departments=("urban", "office"), title=f"Đánh giá {i}", month=i + 4, start=None, end=None)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/danh-gia/chuong-trinh/{p.pk}/do-bao-phu/")


def _list_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_audit_list_query_count_is_fixed_at_two_sizes(world, login, django_assert_num_queries):
    client = login(world.coordinator)
    audit(world)
    client.get("/danh-gia/cuoc-danh-gia/")
    small = _list_queries(client, "/danh-gia/cuoc-danh-gia/?year=%d" % YEAR)
    colleague = auditor(world, "urban", username="a3", full_name="Trần Thị Ba")
    for i in range(5):
        audit(world, departments=("desk", "office"), team=[colleague], title=f"Đánh giá {i}")
    with django_assert_num_queries(small):
        response = client.get("/danh-gia/cuoc-danh-gia/?year=%d" % YEAR)
    assert response.content.decode().count('href="/danh-gia/cuoc-danh-gia/') >= 6


def test_audit_list_is_paged_keeping_the_filter(world, login, monkeypatch):
    monkeypatch.setattr("audits.internal.views.planning.AUDIT_PAGE", 2)
    made = [audit(world, title=f"Đánh giá đợt {i}", month=i + 1) for i in range(3)]
    client = login(world.coordinator)

    first = client.get("/danh-gia/cuoc-danh-gia/", {"year": YEAR}).content.decode()
    second = client.get("/danh-gia/cuoc-danh-gia/", {"year": YEAR, "page": 2}).content.decode()

    assert made[0].code in first and made[1].code in first and made[2].code not in first
    assert made[2].code in second and made[0].code not in second
    assert f"?year={YEAR}&amp;page=2" in first  # the next page keeps the filter


def test_audit_list_filters_by_state_department_and_auditor(world, login):
    colleague = auditor(world, "urban", username="a3", full_name="Trần Thị Ba")
    desk = audit(world, status="in_progress", title="Đánh giá một cửa")
    office = audit(world, departments=("office",), lead=colleague, title="Đánh giá văn phòng")
    client = login(world.coordinator)

    def codes(query):
        body = client.get("/danh-gia/cuoc-danh-gia/?" + query).content.decode()
        return {a.code for a in (desk, office) if f">{a.code}<" in body}

    assert codes("") == {desk.code, office.code}
    assert codes("status=in_progress") == {desk.code}
    assert codes(f"department={world.departments['office'].pk}") == {office.code}
    assert codes(f"auditor={colleague.pk}") == {office.code}
    assert codes(f"year={YEAR}") == {desk.code, office.code}


def test_audit_list_filter_choices_are_scoped_to_the_agency(world, login):
    body = login(world.coordinator).get("/danh-gia/cuoc-danh-gia/").content.decode()
    assert "Người Cơ Quan Khác" not in body
    assert world.departments["desk"].name in body


def test_auditor_my_work_lists_assigned_audit_open_questions_and_report_to_issue(world, django_assert_num_queries):
    a = audit(world, status="in_progress")
    svc.checklist_add_item(audit=a, user=world.auditor, question="Q1?", clause="4.2.3")
    svc.checklist_add_item(audit=a, user=world.auditor, question="Q2?", clause="4.2.3")
    audit(world, title="Đánh giá lần 2", month=10, start=None, end=None)
    with django_assert_num_queries(1):  # one query for every audit the user takes part in
        items = audit_work(world.auditor)
    titles = [i.title for i in items]
    assert f"{a.code} Đánh giá Bộ phận một cửa" in titles
    assert f"{a.code}: còn 2 câu hỏi chưa trả lời" in titles
    assert any(i.section == "Báo cáo đánh giá cần phát hành" for i in items)
    assert audit_work(world.staff) == []


def test_audit_list_with_another_agencys_department_lists_nothing_without_error(world, login):
    from tests.factories import DepartmentFactory

    audit(world)
    foreign = DepartmentFactory(agency=world.other_agency, name="Phòng Cơ Quan Khác")
    response = login(world.coordinator).get(f"/danh-gia/cuoc-danh-gia/?department={foreign.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Không có cuộc đánh giá nào." in body and "Phòng được đánh giá:" in body


def test_outsider_never_sees_another_agencys_audit(world, login):
    a = audit(world, status="in_progress")
    client = login(world.outsider)  # an auditor and coordinator of another agency
    for url in (f"/danh-gia/cuoc-danh-gia/{a.pk}/", f"/danh-gia/cuoc-danh-gia/{a.pk}/cau-hoi/",
                f"/danh-gia/cuoc-danh-gia/{a.pk}/bao-cao/"):
        assert client.get(url).status_code == 404
    assert a.code not in client.get("/danh-gia/cuoc-danh-gia/").content.decode()


def test_lead_auditor_my_work_follows_up_reported_audit_until_ncs_are_verified(world, django_assert_num_queries):
    from audits.internal.models import Finding

    a = audit(world, status="in_progress")
    finding = svc.finding_add(audit=a, user=world.auditor, kind=Finding.Kind.MINOR_NC, clause="4.2.3.d",
                              description="Dùng bản hết hiệu lực", evidence="Quầy 3")
    svc.audit_issue_report(audit=a, user=world.auditor, summary="Tóm tắt", conclusion="Kết luận")
    assert f"{a.code}: chờ kiểm tra hiệu lực 1 phiếu sự không phù hợp" in [i.title for i in audit_work(world.auditor)]
    nc = finding.nonconformity
    nc.status = Nonconformity.Status.VERIFIED
    nc.save()
    for i in range(3):  # more reported audits cost no more queries
        audit(world, status="reported", title=f"Đánh giá {i}")
    with django_assert_num_queries(1):  # one query for every audit the user takes part in
        titles = [i.title for i in audit_work(world.auditor)]
    assert f"{a.code}: mọi sự không phù hợp đã được kiểm tra hiệu lực, có thể kết thúc" in titles
