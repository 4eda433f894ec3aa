"""Checklists (AUD-3): templates copied into the audit and edited, answers, evidence files, progress."""


import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.internal import services as svc
from audits.internal.models import ChecklistAttachment, ChecklistItem, ChecklistTemplate
from tests.audits.internal.helpers import audit, refresh

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _template(world, clause="4.2.3"):
    return svc.template_save(
        agency=world.agency, user=world.auditor, title="Kiểm soát tài liệu", clause=clause,
        questions="Tài liệu tại nơi làm việc có đúng lần ban hành hiện hành?\n\nTài liệu hết hiệu lực có được thu hồi?\n",
    )


def _files(settings):
    from tests.files import stored

    return sorted(stored())


def test_auditor_copies_template_into_checklist_and_edits_the_copy(world):
    template = _template(world)
    a = audit(world, status="in_progress")
    items = svc.checklist_apply_template(audit=a, user=world.auditor, template=template)
    assert [i.order for i in items] == [1, 2] and all(i.clause == "4.2.3" for i in items)
    svc.checklist_answer(item=items[0], user=world.auditor, answer="nonconform",
                         evidence="Quầy 3 dùng QT-05/01", question="Quầy tiếp nhận có đúng lần ban hành QT-05?")
    item = refresh(items[0])
    assert item.question == "Quầy tiếp nhận có đúng lần ban hành QT-05?"
    assert item.answered_by == world.auditor
    # The template itself is untouched by edits of the copy.
    assert refresh(template).question_list[0] == "Tài liệu tại nơi làm việc có đúng lần ban hành hiện hành?"
    assert svc.checklist_progress(a) == {"total": 2, "answered": 1, "percent": 50}


def test_template_without_clause_or_process_is_refused(world):
    with pytest.raises(ValidationError):
        svc.template_save(agency=world.agency, user=world.auditor, title="Chung", questions="Câu hỏi?")
    assert not ChecklistTemplate.objects.exists()


def test_staff_cannot_write_templates(world):
    with pytest.raises(PermissionDenied):
        svc.template_save(agency=world.agency, user=world.staff, title="x", clause="4.2.3", questions="Câu hỏi?")


def test_answers_are_refused_before_the_audit_starts(world):
    a = audit(world)
    item = svc.checklist_add_item(audit=a, user=world.auditor, question="Hồ sơ có được lưu?", clause="4.2.4")
    with pytest.raises(ValidationError):
        svc.checklist_answer(item=item, user=world.auditor, answer="conform")
    assert refresh(item).answer == ""


@pytest.mark.s3
def test_auditor_attaches_pdf_evidence_stored_under_a_server_name(world, settings):
    a = audit(world, status="in_progress")
    item = svc.checklist_add_item(audit=a, user=world.auditor, question="Q?", clause="4.2.3")
    upload = SimpleUploadedFile("../../etc/ảnh quầy.pdf", PDF, content_type="image/png")
    att = svc.checklist_attach(item=item, user=world.auditor, upload=upload)
    assert att.content_type == "application/pdf"  # from the content, not from the browser
    assert att.original_name == "ảnh quầy.pdf" and "quầy" not in att.file.name
    assert att.file.name.startswith(f"audit-evidence/{world.agency.pk}/") and att.file.name.endswith(".pdf")
    assert len(_files(settings)) == 1


@pytest.mark.parametrize("name,data", [("script.pdf", b"<script>alert(1)</script>"), ("empty.png", b"")])
def test_attachment_of_wrong_type_is_refused_leaving_nothing(world, settings, name, data):
    a = audit(world, status="in_progress")
    item = svc.checklist_add_item(audit=a, user=world.auditor, question="Q?", clause="4.2.3")
    with pytest.raises(ValidationError):
        svc.checklist_attach(item=item, user=world.auditor, upload=SimpleUploadedFile(name, data))
    assert not ChecklistAttachment.objects.exists() and _files(settings) == []


def test_oversized_attachment_is_refused_leaving_nothing(world, settings):
    settings.QMS_MAX_UPLOAD_BYTES = 2048
    a = audit(world, status="in_progress")
    item = svc.checklist_add_item(audit=a, user=world.auditor, question="Q?", clause="4.2.3")
    with pytest.raises(ValidationError) as exc:
        svc.checklist_attach(item=item, user=world.auditor, upload=SimpleUploadedFile("big.png", PNG + b"\x00" * 4096))
    assert "quá lớn" in exc.value.messages[0]
    assert not ChecklistAttachment.objects.exists() and _files(settings) == []


def test_attachment_download_is_for_the_agency_only(world, login, client):
    a = audit(world, status="in_progress")
    item = svc.checklist_add_item(audit=a, user=world.auditor, question="Q?", clause="4.2.3")
    att = svc.checklist_attach(item=item, user=world.auditor, upload=SimpleUploadedFile("bb.png", PNG))
    response = login(world.coordinator).get(f"/danh-gia/cau-hoi/tep/{att.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert login(world.outsider).get(f"/danh-gia/cau-hoi/tep/{att.pk}/").status_code == 404


@pytest.mark.s3
def test_attachment_is_stored_and_offered_with_the_extension_of_its_content(world, login):
    # Issue 12 item 9: the offered name takes the detected type's extension, not the uploader's.
    a = audit(world, status="in_progress")
    item = svc.checklist_add_item(audit=a, user=world.auditor, question="Q?", clause="4.2.3")
    att = svc.checklist_attach(item=item, user=world.auditor, upload=SimpleUploadedFile("ảnh quầy.html", PNG))
    assert att.original_name == "ảnh quầy.png" and att.file.name.endswith(".png")

    response = login(world.coordinator).get(f"/danh-gia/cau-hoi/tep/{att.pk}/")

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E1%BA%A3nh%20qu%E1%BA%A7y.png"
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"


def test_checklist_page_shows_progress(world, login):
    a = audit(world, status="in_progress")
    svc.checklist_apply_template(audit=a, user=world.auditor, template=_template(world))
    item = ChecklistItem.objects.filter(audit=a).first()
    client = login(world.auditor)
    response = client.post(f"/danh-gia/cau-hoi/{item.pk}/", {
        f"i{item.pk}-clause": "4.2.3", f"i{item.pk}-question": item.question,
        f"i{item.pk}-answer": "conform", f"i{item.pk}-evidence": "Đúng lần 02",
    })
    assert response.status_code == 302
    body = client.get(f"/danh-gia/cuoc-danh-gia/{a.pk}/cau-hoi/").content.decode()
    assert "Đã trả lời 1/2" in body
