"""Every upload answers a media folder that refuses files with a clear message and writes nothing: no row,
no history, no file, half-written or whole (quality.md "Faults"; security review issue 12 item 10).

Two real OS errors, as in test_render_storage.py:

- full disk: Django's storage creates the file, writes half of it, and the next write raises ENOSPC, so a
  half-written file is really left on disk unless the app removes it;
- read-only: MEDIA_ROOT lies under a regular file, so creating its folders fails with a real OSError
  (tests run as root, so a chmod-ed folder would still be writable).

Word import stores nothing in the media folder (the file is read into the draft), so it keeps working.
"""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.capa.models import ActionEvidence, Nonconformity
from audits.internal import services as internal
from audits.internal.models import ChecklistAttachment
from processes.documents.models import Document, Revision
from tests import files
from tests.audits.capa.helpers import nc_at
from tests.audits.internal.helpers import audit
from tests.processes.documents.helpers import make_document
from tests.processes.documents.test_views import _docx

REFUSED = "Không lưu được tệp lên máy chủ"


class _DiskFillsUp:
    """Content whose writing stops halfway with ENOSPC: what a full disk does to Django's storage."""

    def __init__(self, content):
        self.data = content.read()

    def chunks(self, chunk_size=None):
        yield self.data[: len(self.data) // 2]
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture(params=["full disk", "read-only"])
def refusing_media(request, monkeypatch, settings, tmp_path):
    """The folder where files would land; the storage refuses to write there."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    if request.param == "full disk":
        real_save = FileSystemStorage._save
        monkeypatch.setattr(FileSystemStorage, "_save",
                            lambda self, name, content: real_save(self, name, _DiskFillsUp(content)))
        return media
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")
    return blocker


def files_under(path):
    if path.is_file():  # the read-only case: nothing can be under a regular file
        return []
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


@pytest.mark.django_db
def test_evidence_upload_explains_and_saves_nothing(client, world, refusing_media):
    nc = nc_at(world, Nonconformity.Status.ACTIONS_PLANNED)
    action = nc.actions.first()
    client.force_login(action.owner)

    response = client.post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}),
                           {"file": SimpleUploadedFile("bien-ban.pdf", files.PDF, content_type="application/pdf")},
                           follow=True)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert ActionEvidence.objects.count() == 0
    assert ActionEvidence.history.count() == 0
    assert files_under(refusing_media) == []


@pytest.mark.django_db
def test_external_document_upload_explains_and_saves_nothing(client, world, refusing_media):
    client.force_login(world.coordinator)

    response = client.post(reverse("processes:document_create"), {
        "code": "TLBN-01", "title": "Luật Xây dựng", "doc_type": "external", "review_interval_months": 12,
        "issuer": "Quốc hội", "external_number": "50/2014/QH13", "external_date": "2014-06-18",
        "external_file": SimpleUploadedFile("luat.pdf", files.PDF, content_type="application/pdf"),
    })

    assert response.status_code == 200  # the form again, with the reason; never a 500
    assert REFUSED in response.content.decode()
    assert not Document.objects.filter(code="TLBN-01").exists()
    assert Document.history.filter(code="TLBN-01").count() == 0
    assert files_under(refusing_media) == []


@pytest.mark.django_db
def test_external_file_replacement_explains_and_keeps_the_stored_one(client, world, refusing_media):
    document = make_document(world, code="TLBN-02", doc_type=Document.Type.EXTERNAL, issuer="Bộ Xây dựng")
    before = Document.history.filter(pk=document.pk).count()
    client.force_login(world.coordinator)

    response = client.post(reverse("processes:document_edit", kwargs={"pk": document.pk}), {
        "code": "TLBN-02", "title": "Thông tư", "doc_type": "external", "review_interval_months": 12,
        "issuer": "Bộ Xây dựng", "external_file": SimpleUploadedFile("tt.docx", files.DOCX),
    })

    assert response.status_code == 200 and REFUSED in response.content.decode()
    document.refresh_from_db()
    assert not document.external_file and document.external_file_name == "" and document.title != "Thông tư"
    assert Document.history.filter(pk=document.pk).count() == before
    assert files_under(refusing_media) == []


@pytest.mark.django_db
def test_checklist_attachment_explains_and_saves_nothing(client, world, refusing_media):
    running = audit(world, status="in_progress")
    item = internal.checklist_add_item(audit=running, user=world.auditor, question="Hồ sơ có được lưu?",
                                       clause="4.2.4")
    client.force_login(world.auditor)

    response = client.post(reverse("audits:checklist_attach", kwargs={"pk": item.pk}),
                           {"file": SimpleUploadedFile("anh-quay.png", files.PNG)}, follow=True)

    assert response.status_code == 200  # was a 500 (issue 12 item 10)
    assert REFUSED in response.content.decode()
    assert ChecklistAttachment.objects.count() == 0
    assert ChecklistAttachment.history.count() == 0
    assert files_under(refusing_media) == []


@pytest.mark.django_db
def test_word_import_stores_no_file_so_it_still_works(client, world, refusing_media):
    document = make_document(world)
    client.force_login(world.coordinator)

    preview = client.post(reverse("processes:revision_import", kwargs={"pk": document.pk}), {
        "file": SimpleUploadedFile("quy-trinh.docx", _docx(["# 1. Mục đích", "Quy định việc cấp phép."]))})
    assert preview.status_code == 200 and preview.context["token"]  # the preview, nothing written yet
    response = client.post(reverse("processes:revision_import_confirm", kwargs={"pk": document.pk}),
                           {"token": preview.context["token"]})

    assert response.status_code == 302
    assert document.revisions.get(status=Revision.Status.DRAFT).purpose == "Quy định việc cấp phép."
    assert files_under(refusing_media) == []
