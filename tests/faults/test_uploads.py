"""An unwritable media folder on upload gives a clear error and leaves no orphaned rows (quality.md "Faults").

Tests run as root, so a read-only directory would still be writable: the storage is made to fail
the way a read-only or full disk does (OSError from the file write).
"""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.capa.models import ActionEvidence, Nonconformity
from processes.documents.models import Document
from tests.audits.capa.helpers import nc_at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def unwritable_media(monkeypatch, settings, tmp_path):
    # MEDIA_ROOT under a regular file: even root cannot create a directory there.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")

    def refuse(self, name, content, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", name)

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    return blocker


def files_under(path):
    return [p for p in path.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_evidence_upload_to_unwritable_media_explains_and_saves_nothing(client, world, unwritable_media):
    nc = nc_at(world, Nonconformity.Status.ACTIONS_PLANNED)
    action = nc.actions.first()
    client.force_login(action.owner)

    response = client.post(reverse("audits:evidence_upload", kwargs={"pk": action.pk}),
                           {"file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")},
                           follow=True)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Không lưu được tệp" in text
    assert ActionEvidence.objects.count() == 0
    assert ActionEvidence.history.count() == 0


@pytest.mark.django_db
def test_external_document_upload_to_unwritable_media_explains_and_saves_nothing(client, world, unwritable_media):
    client.force_login(world.coordinator)

    response = client.post(reverse("processes:document_create"), {
        "code": "TLBN-01", "title": "Luật Xây dựng", "doc_type": "external", "review_interval_months": 12,
        "issuer": "Quốc hội", "external_number": "50/2014/QH13", "external_date": "2014-06-18",
        "external_file": SimpleUploadedFile("luat.pdf", PDF, content_type="application/pdf"),
    })

    assert response.status_code == 200  # the form again, with the reason; never a 500
    assert "Không lưu được tệp" in response.content.decode()
    assert not Document.objects.filter(code="TLBN-01").exists()
    assert Document.history.filter(code="TLBN-01").count() == 0
