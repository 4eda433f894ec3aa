"""Register, exports, step pages and evidence uploads, through HTTP."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import Action, ActionEvidence, Nonconformity
from tests.audits.capa.helpers import nc_at, open_nc

S = Nonconformity.Status
pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _register_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_register_query_count_does_not_grow_with_rows(login, world):
    client = login(world.coordinator)
    url = reverse("audits:nc_list")
    for _ in range(3):
        nc_at(world, S.ACTIONS_PLANNED)
    small = _register_queries(client, url)
    for _ in range(12):
        nc_at(world, S.ACTIONS_PLANNED)
    open_nc(world, department=None)
    large = _register_queries(client, url)
    assert small == large
    assert large <= 12


def test_register_with_filters_keeps_a_fixed_query_count(login, world):
    client = login(world.coordinator)
    url = reverse("audits:nc_list") + f"?status=open&overdue=on&year={timezone.localdate().year}&source=internal_audit"
    open_nc(world)
    small = _register_queries(client, url)
    for _ in range(10):
        open_nc(world)
    assert _register_queries(client, url) == small


def test_register_filters_by_state_and_overdue(login, world):
    open_one = nc_at(world, S.OPEN)
    planned = nc_at(world, S.ACTIONS_PLANNED)
    action = planned.actions.first()
    action.due_date = timezone.localdate() - timedelta(days=2)
    action.save()
    client = login(world.coordinator)
    body = client.get(reverse("audits:nc_list"), {"status": "open"}).content.decode()
    assert open_one.reference in body and planned.reference not in body
    body = client.get(reverse("audits:nc_list"), {"overdue": "on"}).content.decode()
    assert planned.reference in body and open_one.reference not in body
    assert "Quá hạn" in body


def test_register_shows_only_own_agency_and_refuses_foreign_department_filter(login, world):
    from tests.factories import DepartmentFactory

    mine = open_nc(world)
    foreign_dept = DepartmentFactory(agency=world.other_agency)
    theirs = svc.nc_open(agency=world.other_agency, source="staff_report", user=world.outsider,
                         description="Khác", department=foreign_dept, severity="minor")
    client = login(world.coordinator)
    body = client.get(reverse("audits:nc_list")).content.decode()
    assert f'href="{mine.get_absolute_url()}"' in body and f'href="{theirs.get_absolute_url()}"' not in body
    body = client.get(reverse("audits:nc_list"), {"department": foreign_dept.pk}).content.decode()
    assert foreign_dept.name not in body and f'href="{theirs.get_absolute_url()}"' not in body


def test_csv_export_lists_filtered_rows_and_neutralises_formulas(login, world):
    nc_at(world, S.OPEN)
    open_nc(world, description="=HYPERLINK(\"http://x\")")
    response = login(world.coordinator).get(reverse("audits:nc_export", kwargs={"fmt": "csv"}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Số phiếu" and len(rows) == 3
    assert any(r[7].startswith("'=HYPERLINK") for r in rows[1:])


def test_xlsx_export_opens_with_vietnamese_intact(login, world):
    from openpyxl import load_workbook

    open_nc(world, description="Hồ sơ đất đai trả muộn")
    response = login(world.coordinator).get(reverse("audits:nc_export", kwargs={"fmt": "xlsx"}))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet["A1"].value == "Số phiếu" and sheet["H2"].value == "Hồ sơ đất đai trả muộn"
    detected = sheet["I2"]  # Ngày phát hiện: a real date
    assert sheet["I1"].value == "Ngày phát hiện"
    assert detected.is_date and detected.number_format == "dd/mm/yyyy"
    assert detected.value.date() == Nonconformity.objects.get().detected_on
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:N2"
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["F"].width
    assert world.agency.name in sheet.oddHeader.center.text


def test_xlsx_export_writes_the_closing_date_as_a_date(login, world):
    from openpyxl import load_workbook

    nc = open_nc(world)
    nc.status, nc.closed_at = Nonconformity.Status.CLOSED, timezone.now()
    nc.save()
    response = login(world.coordinator).get(reverse("audits:nc_export", kwargs={"fmt": "xlsx"}) + "?status=closed")
    sheet = load_workbook(io.BytesIO(response.content)).active
    closed = sheet["N2"]
    assert sheet["N1"].value == "Ngày đóng"
    assert closed.is_date and closed.number_format == "dd/mm/yyyy"
    assert closed.value.date() == timezone.localdate()


def test_unknown_export_format_is_404(login, world):
    assert login(world.coordinator).get(reverse("audits:nc_export", kwargs={"fmt": "pdf"})).status_code == 404


def test_staff_member_reports_an_nc_through_the_form(login, world):
    client = login(world.staff)
    response = client.post(reverse("audits:nc_create"), {
        "kind": "nonconformity", "source": "staff_report", "department": world.departments["desk"].pk,
        "severity": "minor", "description": "Máy in phiếu hẹn hỏng, phát phiếu viết tay không có mã hồ sơ",
        "detected_on": timezone.localdate().strftime("%d/%m/%Y"), "clause": "7.5.3",
    })
    nc = Nonconformity.objects.get()
    assert response.status_code == 302 and response["Location"] == nc.get_absolute_url()
    assert nc.detected_by == world.staff and nc.clause == "7.5.3"


@pytest.mark.parametrize("description", ["", "\x00", "x" * 10001])
def test_bad_nc_input_gets_a_message_not_a_500(login, world, description):
    response = login(world.staff).post(reverse("audits:nc_create"), {
        "kind": "nonconformity", "source": "staff_report", "severity": "minor", "description": description,
        "detected_on": "31/02/2026",
    })
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Nonconformity.objects.exists()


def test_detail_page_shows_the_stepper_and_what_is_needed(login, world):
    nc = nc_at(world, S.CORRECTION)
    body = login(world.reviewer).get(nc.get_absolute_url()).content.decode()
    assert 'aria-current="step"' in body and "Phân tích nguyên nhân gốc" in body
    assert reverse("audits:nc_cause", kwargs={"pk": nc.pk}) in body


def test_head_walks_the_steps_through_the_pages(login, world):
    nc = nc_at(world, S.OPEN)
    client = login(world.reviewer)
    today = timezone.localdate()
    r = client.post(reverse("audits:nc_correction", kwargs={"pk": nc.pk}), {
        "correction": "Đã trả kết quả", "disposition": "", "correction_on": today.isoformat()})
    assert r.status_code == 302
    r = client.post(reverse("audits:nc_cause", kwargs={"pk": nc.pk}), {
        "why_1": "Chuyển chậm", "why_2": "Không quy định", "why_3": "", "cause_category": "method",
        "conclusion": "Thiếu thời hạn", "action_needed": "yes"})
    assert r.status_code == 302
    r = client.post(reverse("audits:action_create", kwargs={"pk": nc.pk}), {
        "kind": "corrective", "description": "Sửa QT-05", "owner": world.author.pk,
        "due_date": (today + timedelta(days=14)).isoformat()})
    assert r.status_code == 302
    r = client.post(reverse("audits:nc_plan", kwargs={"pk": nc.pk}))
    nc.refresh_from_db()
    assert r.status_code == 302 and nc.status == S.ACTIONS_PLANNED and nc.whys.count() == 2


def test_skipped_step_page_redirects_with_the_reason(login, world):
    nc = nc_at(world, S.OPEN)
    client = login(world.reviewer)
    response = client.get(reverse("audits:nc_cause", kwargs={"pk": nc.pk}), follow=True)
    assert "Cần ghi nhận biện pháp khắc phục trước" in response.content.decode()


def test_action_owner_is_turned_away_from_verifying(login, world):
    nc = nc_at(world, S.ACTIONS_DONE)
    response = login(world.author).get(reverse("audits:nc_verify", kwargs={"pk": nc.pk}), follow=True)
    assert "không được là người thực hiện" in response.content.decode()


def test_plan_without_actions_shows_the_reason(login, world):
    nc = nc_at(world, S.CORRECTION)
    svc.nc_analyse_cause(nc=nc, user=world.reviewer, whys=["a"], cause_category="method", conclusion="c",
                         action_needed=True)
    response = login(world.reviewer).post(reverse("audits:nc_plan", kwargs={"pk": nc.pk}), follow=True)
    assert "Cần ít nhất một hành động" in response.content.decode()


# --- Evidence ---------------------------------------------------------------------------------


def _media_files(settings):
    from tests.files import stored

    return sorted(stored())


@pytest.fixture
def action(world):
    return nc_at(world, S.ACTIONS_PLANNED).actions.get(owner=world.author)


@pytest.mark.s3
def test_owner_uploads_pdf_evidence_stored_under_a_server_name(login, world, action, settings):
    client = login(world.author)
    upload = SimpleUploadedFile("../../bien-ban họp.pdf", PDF, content_type="text/plain")
    response = client.post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}), {"file": upload})
    assert response.status_code == 302
    evidence = ActionEvidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    assert ".." not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert "bien-ban" not in evidence.file.name
    download = client.get(reverse("audits:evidence_download", kwargs={"pk": evidence.pk}))
    assert b"".join(download.streaming_content) == PDF
    assert login(world.outsider).get(reverse("audits:evidence_download", kwargs={"pk": evidence.pk})).status_code == 404


@pytest.mark.s3
def test_wrong_type_is_refused_by_content_and_leaves_nothing_on_disk(login, world, action, settings):
    client = login(world.author)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}), {"file": fake}, follow=True)
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not ActionEvidence.objects.exists() and _media_files(settings) == []


def test_oversized_file_is_refused_and_leaves_nothing_on_disk(login, world, action, settings):
    settings.QMS_MAX_UPLOAD_BYTES = 1024
    client = login(world.author)
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = client.post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}), {"file": big}, follow=True)
    assert "Tệp quá lớn" in response.content.decode()
    assert not ActionEvidence.objects.exists() and _media_files(settings) == []


def test_evidence_whose_content_is_pdf_is_stored_and_offered_as_pdf_whatever_its_name(login, world, action):
    # Issue 12 item 9: "bien-ban.html" holding a PDF kept its .html name for download.
    client = login(world.author)
    upload = SimpleUploadedFile("bien-ban.html", PDF, content_type="text/html")
    client.post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}), {"file": upload})
    evidence = ActionEvidence.objects.get()
    assert evidence.original_name == "bien-ban.pdf" and evidence.file.name.endswith(".pdf")

    response = client.get(reverse("audits:evidence_download", kwargs={"pk": evidence.pk}))

    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_evidence_recorded_before_names_were_fixed_is_still_offered_with_its_type_extension(login, world, action):
    evidence = svc.action_evidence_add(action=action, user=world.author, upload=SimpleUploadedFile("bb.pdf", PDF))
    ActionEvidence.objects.filter(pk=evidence.pk).update(original_name="bien-ban.html")  # as older versions kept it
    response = login(world.author).get(reverse("audits:evidence_download", kwargs={"pk": evidence.pk}))
    assert response["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'


@pytest.mark.s3
def test_a_missing_evidence_file_is_404(login, world, action):
    evidence = svc.action_evidence_add(action=action, user=world.author, upload=SimpleUploadedFile("bb.pdf", PDF))
    evidence.file.storage.delete(evidence.file.name)
    assert login(world.author).get(reverse("audits:evidence_download", kwargs={"pk": evidence.pk})).status_code == 404


def test_other_staff_cannot_upload_evidence(login, world, action):
    upload = SimpleUploadedFile("a.pdf", PDF)
    response = login(world.auditor).post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}), {"file": upload})
    assert response.status_code == 403 and not ActionEvidence.objects.exists()


def test_owner_completes_action_through_the_page(login, world, action):
    client = login(world.author)
    client.post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}), {"file": SimpleUploadedFile("qt05.pdf", PDF)})
    response = client.post(reverse("audits:action_complete", kwargs={"pk": action.pk}), {
        "result": "Đã ban hành QT-05 lần 03", "completed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_my_work_shows_owned_actions_and_waiting_ncs(login, world, action):
    body = login(world.author).get(reverse("core:my_work")).content.decode()
    assert action.nc.reference in body
    fresh = open_nc(world)
    body = login(world.reviewer).get(reverse("core:my_work")).content.decode()
    assert fresh.reference in body and "Sự không phù hợp chờ tôi xử lý" in body


def test_my_work_provider_query_count_is_fixed(world, django_assert_max_num_queries):
    from audits.capa.mywork import nc_work
    from audits.feedback.mywork import feedback_work

    for _ in range(3):
        nc_at(world, S.ACTIONS_PLANNED, owners=("author",))
    coordinator = world.coordinator
    coordinator.role_set  # noqa: B018 - roles cached as in a request
    with CaptureQueriesContext(connection) as small:
        nc_work(coordinator)
        feedback_work(coordinator)  # the feedback section, once part of nc_work
    for _ in range(5):
        nc_at(world, S.ACTIONS_DONE, owners=("coordinator",))
    with CaptureQueriesContext(connection) as large:
        nc_work(coordinator)
        feedback_work(coordinator)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_nc_form_offers_only_own_agency_documents(login, world):
    from processes.documents.models import Document

    mine = Document.objects.create(agency=world.agency, code="QT-05", title="Cấp giấy phép xây dựng")
    theirs = Document.objects.create(agency=world.other_agency, code="QT-99", title="Tài liệu cơ quan khác")
    client = login(world.coordinator)
    body = client.get(reverse("audits:nc_create")).content.decode()
    assert "QT-05 Cấp giấy phép xây dựng" in body and "QT-99" not in body
    response = client.post(reverse("audits:nc_create"), {
        "kind": "nonconformity", "source": "internal_audit", "severity": "minor", "description": "Dùng bản cũ",
        "detected_on": timezone.localdate().isoformat(), "document": theirs.pk,
    })
    assert response.status_code == 200 and not Nonconformity.objects.exists()
    client.post(reverse("audits:nc_create"), {
        "kind": "nonconformity", "source": "internal_audit", "severity": "minor", "description": "Dùng bản cũ",
        "detected_on": timezone.localdate().isoformat(), "document": mine.pk,
    })
    nc = Nonconformity.objects.get()
    assert nc.document == mine
    assert "QT-05 Cấp giấy phép xây dựng" in client.get(nc.get_absolute_url()).content.decode()


def test_detail_page_query_count_does_not_grow_with_actions(login, world):
    client = login(world.coordinator)
    few = nc_at(world, S.ACTIONS_PLANNED, owners=("author",))
    many = nc_at(world, S.ACTIONS_PLANNED, owners=("author", "staff", "auditor", "reviewer", "coordinator"))
    with CaptureQueriesContext(connection) as small:
        assert client.get(few.get_absolute_url()).status_code == 200
    with CaptureQueriesContext(connection) as large:
        assert client.get(many.get_absolute_url()).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_head_changes_an_action_through_the_page(login, world, action):
    client = login(world.reviewer)
    url = reverse("audits:action_change", kwargs={"pk": action.pk})
    refused = client.post(url, {"owner": world.author.pk, "due_date": "2001-01-01", "reason": ""})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    new_due = timezone.localdate() + timedelta(days=30)
    done = client.post(url, {"owner": world.author.pk, "due_date": new_due.isoformat(), "reason": "Gia hạn"})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.due_date == new_due
