"""Bad input found in review: NUL bytes, junk ids, reasons for changes to documents in force."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from processes.documents.models import Document
from tests.processes.documents.helpers import approve, make_document, make_draft, submit

pytestmark = pytest.mark.django_db


def test_nul_bytes_in_step_rows_are_dropped_not_a_server_error(world, client):
    draft = make_draft(world, make_document(world))
    client.force_login(world.coordinator)
    response = client.post(reverse("processes:revision_edit", kwargs={"pk": draft.pk}), {
        "title": "Cấp giấy phép xây dựng", "purpose": "Mục đích\x00", "processing_time_days": "15",
        "steps__step": ["B1\x00"], "steps__responsibility": ["Một cửa"], "steps__description": ["Tiếp nhận"],
        "steps__time": ["1 ngày"], "steps__forms": [""],
    })
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert "\x00" not in draft.steps[0]["step"]


def test_junk_distribution_entry_id_is_ignored(world, client):
    document = make_document(world)
    client.force_login(world.coordinator)
    for junk in ("abc", "²", "9" * 30):
        response = client.post(reverse("processes:distribution", kwargs={"pk": document.pk}), {"remove": junk})
        assert response.status_code == 302


def test_editing_a_document_in_force_needs_a_reason(world, client):
    document = make_document(world)
    draft = make_draft(world, document)
    submit(world, draft)
    approve(world, draft)
    client.force_login(world.coordinator)
    url = reverse("processes:document_edit", kwargs={"pk": document.pk})
    # What a browser sends: code and title are disabled (signed), so they are not posted.
    data = {"doc_type": document.doc_type, "department": document.department_id, "review_interval_months": 24}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Cần nêu lý do cho thay đổi này." in response.content.decode()
    document.refresh_from_db()
    assert document.review_interval_months == 12
    response = client.post(url, {**data, "reason": "Theo Quyết định 15/QĐ-UBND"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.review_interval_months == 24
    assert (document.code, document.title) == ("QT-05", "Cấp giấy phép xây dựng")
    assert document.history.latest().history_change_reason == "Theo Quyết định 15/QĐ-UBND"


def test_refused_duplicate_external_document_leaves_no_file(world, settings):
    from processes.documents import services

    make_document(world, code="TL-01")
    upload = SimpleUploadedFile("luat.pdf", b"%PDF-1.4 luat xay dung", content_type="application/pdf")
    document = Document(agency=world.agency, code="TL-01", title="Luật Xây dựng", doc_type=Document.Type.EXTERNAL,
                        external_file=upload)
    with pytest.raises(Exception):
        services.document_save(document=document, user=world.coordinator)
    stored = list((settings.MEDIA_ROOT / "external").rglob("*")) if (settings.MEDIA_ROOT / "external").exists() else []
    assert [p for p in stored if p.is_file()] == []
