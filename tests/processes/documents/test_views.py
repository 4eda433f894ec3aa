"""Pages of document control: editor, signing, register query count, exports, import, compare."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from processes.documents.models import Revision, Signature
from qms.core.mywork import work_for
from tests.factories import PASSWORD
from tests.processes.documents.helpers import effective_revision, make_document, make_draft, submit

S = Revision.Status
pytestmark = pytest.mark.django_db


def test_editor_saves_reordered_and_removed_rows(world, client):
    draft = make_draft(world, make_document(world))
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:revision_edit", kwargs={"pk": draft.pk}), {
        "title": "Cấp giấy phép xây dựng", "purpose": "Mục đích mới", "processing_time_days": "15",
        "steps__step": ["B2", "B1"], "steps__responsibility": ["Phòng QLĐT", "Một cửa"],
        "steps__description": ["Thẩm định", "Tiếp nhận"], "steps__time": ["10 ngày", "5 ngày"],
        "steps__forms": ["", "BM-01"],
        "records__name": ["Sổ theo dõi"], "records__keeper": ["Một cửa"], "records__place": ["Kho"],
        "records__retention": ["5 năm"],
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [s["step"] for s in draft.steps] == ["B2", "B1"]
    assert draft.records == [{"name": "Sổ theo dõi", "keeper": "Một cửa", "place": "Kho", "retention": "5 năm"}]
    assert draft.purpose == "Mục đích mới" and draft.step_days_total == 15


def test_sign_page_wrong_password_shows_error_and_saves_nothing(world, client):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    client.force_login(world.reviewer)
    response = client.post(reverse("processes:revision_sign", kwargs={"pk": draft.pk}), {"password": "sai"})
    assert response.status_code == 200
    assert "Mật khẩu không đúng" in response.content.decode()
    assert not Signature.objects.exists()


def test_submit_page_refuses_author_as_approver_choice(world, client):
    draft = make_draft(world, make_document(world), author=world.author)
    client.force_login(world.author)
    response = client.get(reverse("processes:revision_submit", kwargs={"pk": draft.pk}))
    approvers = list(response.context["form"].fields["approver"].queryset)
    assert world.head in approvers and world.author not in approvers


def test_revision_page_shows_time_warning(world, client):
    revision = effective_revision(world, make_document(world), processing_time_days=20)
    client.force_login(world.staff)
    body = client.get(reverse("processes:revision_detail", kwargs={"pk": revision.pk})).content.decode()
    assert 'data-testid="time-warning"' in body


def test_staff_cannot_see_superseded_revision_but_auditor_can(world, client):
    document = make_document(world)
    first = effective_revision(world, document)
    second = make_draft(world, document)
    submit(world, second)
    from tests.processes.documents.helpers import approve

    approve(world, second)
    client.force_login(world.staff)
    assert client.get(reverse("processes:revision_detail", kwargs={"pk": first.pk})).status_code == 404
    client.force_login(world.auditor)
    response = client.get(reverse("processes:revision_detail", kwargs={"pk": first.pk}))
    assert response.status_code == 200 and 'data-testid="historic-banner"' in response.content.decode()


def test_register_query_count_does_not_grow(world, client):
    client.force_login(world.staff)
    url = reverse("processes:register")

    def count():
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"q": "kiem soat"}).status_code == 200
        return len(ctx)

    for n in range(3):
        effective_revision(world, make_document(world, code=f"QT-{n:02d}", title=f"Kiểm soát số {n}"))
    small = count()
    for n in range(3, 15):
        effective_revision(world, make_document(world, code=f"QT-{n:02d}", title=f"Kiểm soát số {n}"))
    assert count() == small


def test_master_list_exports(world, client):
    effective_revision(world, make_document(world))
    client.force_login(world.staff)
    csv_body = client.get(reverse("processes:master_list_csv")).content.decode("utf-8")
    assert "Cấp giấy phép xây dựng" in csv_body and "QT-05" in csv_body
    from openpyxl import load_workbook

    xlsx = client.get(reverse("processes:master_list_xlsx")).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[1]][:3] == ["STT", "Mã hiệu", "Tên tài liệu"]
    assert [c.value for c in sheet[2]][:3] == [1, "QT-05", "Cấp giấy phép xây dựng"]
    effective = sheet["F2"]  # Ngày hiệu lực: a real date, sortable and filterable
    assert sheet["F1"].value == "Ngày hiệu lực"
    assert effective.is_date and effective.value.date() == timezone.localdate()
    assert effective.number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:G2"
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    assert world.agency.name in sheet.oddHeader.center.text
    assert f"{timezone.localdate():%d/%m/%Y}" in csv_body  # CSV: the same date, written dd/mm/yyyy


def _docx(paragraphs):
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{text[2:]}</w:t></w:r></w:p>' if text.startswith("# ")
        else f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body>{body}</w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


def test_word_import_fills_sections(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)
    data = _docx(["# 1. Mục đích", "Quy định việc cấp phép.", "# 2. Phạm vi áp dụng", "Toàn quận.",
                  "# 5. Nội dung quy trình", "Tiếp nhận tại một cửa."])
    preview = client.post(reverse("processes:revision_import", kwargs={"pk": document.pk}),
                          {"file": SimpleUploadedFile("quy-trinh.docx", data)})
    assert preview.status_code == 200 and not document.revisions.exists()  # a preview first (test_word_import.py)
    response = client.post(reverse("processes:revision_import_confirm", kwargs={"pk": document.pk}),
                           {"token": preview.context["token"]})
    assert response.status_code == 302
    draft = document.revisions.get(status=S.DRAFT)
    assert draft.purpose == "Quy định việc cấp phép." and draft.scope == "Toàn quận."
    assert "Tiếp nhận tại một cửa." in draft.procedure_html


def test_word_import_refuses_a_renamed_file(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:revision_import", kwargs={"pk": document.pk}),
                           {"file": SimpleUploadedFile("gia.docx", b"%PDF-1.4 not a word file")})
    assert response.status_code == 200
    assert "không phải tài liệu Word .docx" in response.content.decode()
    assert not document.revisions.exists()


def test_word_import_refuses_oversized_file(world, client, settings):
    settings.QMS_MAX_UPLOAD_BYTES = 1024
    document = make_document(world)
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:revision_import", kwargs={"pk": document.pk}),
                           {"file": SimpleUploadedFile("lon.docx", _docx(["x" * 5000]))})
    assert "Tệp quá lớn" in response.content.decode()
    assert not document.revisions.exists()


def test_compare_highlights_changed_step(world, client):
    document = make_document(world)
    first = effective_revision(world, document)
    draft = make_draft(world, document)
    steps = [dict(s) for s in draft.steps]
    steps[1]["time"] = "8 ngày"
    from processes.documents import services

    services.revision_update_content(revision=draft, user=world.coordinator, data={"steps": steps})
    client.force_login(world.coordinator)
    response = client.get(reverse("processes:compare", kwargs={"pk": document.pk}), {"a": first.pk, "b": draft.pk})
    body = response.content.decode()
    assert 'class="row-changed"' in body and '<ins class="diff-new">8' in body


def test_my_work_lists_review_then_acknowledgement(world):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    assert any(item.url.endswith(f"/ban-hanh/{draft.pk}/") for item in work_for(world.reviewer))
    from processes.documents.models import DistributionEntry
    from tests.processes.documents.helpers import approve

    DistributionEntry.objects.create(document=draft.document, agency=world.agency, department=world.departments["desk"])
    approve(world, draft)
    assert any("đọc" in item.section for item in work_for(world.staff))


def test_document_create_refuses_duplicate_code(world, client):
    make_document(world, code="QT-01")
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:document_create"), {
        "code": "qt-01", "title": "Trùng", "doc_type": "procedure", "review_interval_months": 12})
    assert response.status_code == 200
    assert "Mã hiệu này đã được dùng" in response.content.decode()


def test_document_page_activates_due_revision(world, client):
    from django.utils import timezone

    document = make_document(world)
    first = effective_revision(world, document)
    draft = make_draft(world, document)
    submit(world, draft)
    from tests.processes.documents.helpers import approve, tomorrow

    approve(world, draft, effective_date=tomorrow())
    Revision.objects.filter(pk=draft.pk).update(effective_date=timezone.localdate())  # the date has come
    client.force_login(world.staff)
    client.get(reverse("processes:document_detail", kwargs={"pk": document.pk}))
    draft.refresh_from_db()
    first.refresh_from_db()
    assert (draft.status, first.status) == (S.EFFECTIVE, S.SUPERSEDED)


def test_staff_cannot_open_history_of_a_draft(world, client):
    draft = make_draft(world, make_document(world))
    url = reverse("core:history", kwargs={"model": "processes.revision", "pk": draft.pk})
    client.force_login(world.staff)
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200


def test_coordinator_registers_a_form_under_its_procedure(world, client):
    procedure = make_document(world, code="QT-05")
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:document_create"), {
        "code": "bm-05-01", "title": "Phiếu kiểm soát quá trình", "doc_type": "form", "parent": procedure.pk,
        "department": world.departments["urban"].pk, "review_interval_months": 24, "clause_choices": ["4.2.4", "4.2.3"]})
    assert response.status_code == 302, response.context["form"].errors
    from processes.documents.models import Document

    form = Document.objects.get(code="BM-05-01")
    assert form.parent == procedure and form.clauses == "4.2.3, 4.2.4" and form.agency == world.agency
    assert form.search_folded == "bm-05-01 phieu kiem soat qua trinh"


def test_department_of_another_agency_is_refused(world, client):
    from tests.factories import DepartmentFactory

    foreign = DepartmentFactory(agency=world.other_agency)
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:document_create"), {
        "code": "QT-99", "title": "X", "doc_type": "procedure", "department": foreign.pk, "review_interval_months": 12})
    assert response.status_code == 200 and "department" in response.context["form"].errors


def test_external_document_needs_issuer_and_keeps_file(world, client):
    client.force_login(world.coordinator)
    url = reverse("processes:document_create")
    data = {"code": "TCVN-1", "title": "Tiêu chuẩn", "doc_type": "external", "review_interval_months": 12}
    response = client.post(url, data)
    assert "issuer" in response.context["form"].errors
    data.update(issuer="Bộ KH&CN", external_number="TCVN ISO 9001:2008",
                external_file=SimpleUploadedFile("tcvn.pdf", b"%PDF-1.4 x"))
    assert client.post(url, data).status_code == 302
    from processes.documents.models import Document

    document = Document.objects.get(code="TCVN-1")
    import hashlib

    assert document.external_file_sha256 == hashlib.sha256(b"%PDF-1.4 x").hexdigest()
    # Staff see a document (and its file) once it is in force (issue 12 #8: the file follows the document's page).
    effective_revision(world, document)
    client.force_login(world.staff)
    response = client.get(reverse("processes:external_file", kwargs={"pk": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"


def test_approver_sees_sign_button_only_after_reviewers_signed(world, client):
    from processes.documents import services

    draft = make_draft(world, make_document(world))
    submit(world, draft)
    url = reverse("processes:revision_detail", kwargs={"pk": draft.pk})
    sign_url = reverse("processes:revision_sign", kwargs={"pk": draft.pk})
    client.force_login(world.head)
    assert sign_url not in client.get(url).content.decode()
    client.force_login(world.reviewer)
    assert sign_url in client.get(url).content.decode()
    services.revision_sign(revision=draft, user=world.reviewer, password=PASSWORD, meaning="reviewed")
    assert sign_url not in client.get(url).content.decode()
    client.force_login(world.head)
    assert sign_url in client.get(url).content.decode()


def test_my_work_query_count_does_not_grow(world):
    from django.test.utils import CaptureQueriesContext

    from processes.documents import services

    def count():
        user = type(world.coordinator).objects.get(pk=world.coordinator.pk)
        with CaptureQueriesContext(connection) as ctx:
            work_for(user)
        return len(ctx)

    for n in range(2):
        doc = make_document(world, code=f"QT-{n}")
        effective_revision(world, doc)
        services.change_request_create(document=doc, user=world.staff, reason="Lý do")
    small = count()
    for n in range(2, 8):
        doc = make_document(world, code=f"QT-{n}")
        effective_revision(world, doc)
        services.change_request_create(document=doc, user=world.staff, reason="Lý do")
        make_draft(world, make_document(world, code=f"HD-{n}"))
    assert count() == small


@pytest.fixture
def back_to_vietnamese():
    yield
    from django.utils import translation

    translation.activate("vi")  # requests in English leave the thread's language switched


def test_pages_are_translated_to_english(world, client, back_to_vietnamese):
    revision = effective_revision(world, make_document(world))
    world.staff.language = "en"
    world.staff.save()
    client.force_login(world.staff)
    body = client.get(reverse("processes:register")).content.decode()
    assert "Quality management system documents" in body
    body = client.get(reverse("processes:revision_detail", kwargs={"pk": revision.pk})).content.decode()
    assert "Read and understood" in body and "5.7 Processing steps" in body


def test_document_page_shows_amendment_table_from_revisions(world, client):
    from tests.processes.documents.helpers import approve

    document = make_document(world)
    effective_revision(world, document)
    second = make_draft(world, document)
    submit(world, second, summary="Rút ngắn thời gian thẩm định")
    approve(world, second)
    client.force_login(world.staff)
    body = client.get(reverse("processes:document_detail", kwargs={"pk": document.pk})).content.decode()
    table = body.split("THEO DÕI SỬA ĐỔI TÀI LIỆU", 1)[1].split("</table>", 1)[0]
    assert "Ban hành lần đầu" in table and "Rút ngắn thời gian thẩm định" in table
    assert table.index("Ban hành lần đầu") < table.index("Rút ngắn thời gian thẩm định")


def test_reviewer_comments_on_a_section(world, client):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    client.force_login(world.reviewer)
    response = client.post(reverse("processes:revision_comment", kwargs={"pk": draft.pk}),
                           {"section": "steps", "text": "Bước 2 nên ghi rõ biểu mẫu"})
    assert response.status_code == 302
    comment = draft.comments.get()
    assert (comment.section, comment.user, comment.is_rejection) == ("steps", world.reviewer, False)
    body = client.get(reverse("processes:revision_detail", kwargs={"pk": draft.pk})).content.decode()
    assert "Bước 2 nên ghi rõ biểu mẫu" in body
