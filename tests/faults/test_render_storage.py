"""A master PDF that cannot be stored (full disk, read-only media folder) fails visibly and cleanly, and a
retry renders it once the disk takes files again (quality.md "Faults").

The render itself works; only writing its file fails, two ways:

- full disk: Django's storage creates the file, writes half of it, and the next write raises ENOSPC,
  so a half-written file is really left on disk unless the app removes it;
- read-only: MEDIA_ROOT lies under a regular file, so creating the folder fails with a real OSError
  (tests run as root, so a chmod-ed folder would still be writable).

Controlled and reader copies are stamped in memory and streamed, never written: with writes failing,
issuing and downloading them still works and adds nothing to the media folder.
"""

import errno
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils import timezone

from processes.copies.models import Copy, MasterPDF
from processes.documents.models import Revision
from qms.pdf import codes
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit, tomorrow

S = Revision.Status


class _DiskFillsUp:
    """Content whose writing stops halfway with ENOSPC: what a full disk does to Django's storage."""

    def __init__(self, content):
        self.data = content.read()

    def chunks(self, chunk_size=None):
        yield self.data[: len(self.data) // 2]
        raise OSError(errno.ENOSPC, "No space left on device")


class Fault:
    def __init__(self, media, heal):
        self.media = media  # the folder where files would land
        self.heal = heal  # make the disk writable again


@pytest.fixture(params=["full disk", "read-only"])
def storage_fault(request, monkeypatch, settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    if request.param == "full disk":
        real_save = FileSystemStorage._save
        monkeypatch.setattr(FileSystemStorage, "_save",
                            lambda self, name, content: real_save(self, name, _DiskFillsUp(content)))
        return Fault(media, lambda: monkeypatch.setattr(FileSystemStorage, "_save", real_save))
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")

    def heal():
        settings.MEDIA_ROOT = str(media)

    return Fault(media, heal)


def files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def approved_while_disk_fails(world, capture, effective_date=None):
    draft = make_draft(world, make_document(world))
    submit(world, draft)
    with capture(execute=True):  # approval → queue_master → the (immediate) render task
        approve(world, draft, effective_date=effective_date or tomorrow())
    draft.refresh_from_db()
    return draft


@pytest.mark.django_db
@pytest.mark.parametrize("effective, status", [("tomorrow", S.APPROVED), ("today", S.EFFECTIVE)])
def test_master_that_cannot_be_stored_is_failed_with_its_reason_and_leaves_no_file(
        world, storage_fault, login, django_capture_on_commit_callbacks, effective, status):
    when = tomorrow() if effective == "tomorrow" else timezone.localdate()
    revision = approved_while_disk_fails(world, django_capture_on_commit_callbacks, when)

    assert revision.status == status  # the approval stands
    master = MasterPDF.objects.get(revision=revision)
    assert master.status == MasterPDF.Status.FAILED
    assert "Không lưu được tệp bản gốc PDF" in master.error
    assert master.file.name == ""  # no row claims a file that is not there
    assert files_under(storage_fault.media) == []  # nothing half-written left behind
    page = login(world.coordinator).get(reverse("processes:revision_detail", kwargs={"pk": revision.pk}))
    text = page.content.decode()
    assert 'data-state="failed"' in text and 'data-testid="master-retry"' in text
    assert "Không lưu được tệp bản gốc PDF" in text  # the coordinator is told why


@pytest.mark.django_db
def test_retry_after_the_disk_is_writable_again_renders_the_master(
        world, storage_fault, login, django_capture_on_commit_callbacks):
    revision = approved_while_disk_fails(world, django_capture_on_commit_callbacks)
    storage_fault.heal()

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.coordinator).post(reverse("processes:master_retry", kwargs={"pk": revision.pk}))

    assert response.status_code == 302
    master = MasterPDF.objects.get(revision=revision)
    assert master.status == MasterPDF.Status.DONE and master.error == "" and master.attempts == 2
    with master.file.open("rb") as handle:
        assert codes.sha256_hex(handle.read()) == master.sha256
    assert [p.name for p in files_under(storage_fault.media)] == [master.file.name.rsplit("/", 1)[-1]]
    revision.refresh_from_db()
    assert revision.status == S.APPROVED


@pytest.mark.django_db
def test_reviewer_sees_the_failure_but_not_the_storage_details(world, storage_fault, login,
                                                               django_capture_on_commit_callbacks):
    revision = approved_while_disk_fails(world, django_capture_on_commit_callbacks)

    text = login(world.reviewer).get(reverse("processes:revision_detail", kwargs={"pk": revision.pk})).content.decode()

    assert 'data-state="failed"' in text
    assert "Không lưu được tệp bản gốc PDF" not in text and 'data-testid="master-retry"' not in text


@pytest.mark.django_db
def test_copies_are_streamed_so_issue_and_downloads_work_while_writes_fail(world, settings, monkeypatch, login,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revision = effective_revision(world, make_document(world))
    assert MasterPDF.objects.get(revision=revision).status == MasterPDF.Status.DONE
    media = Path(settings.MEDIA_ROOT)
    before = files_under(media)

    def refuse(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system", name)

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)  # from here on, every file write fails

    issued = login(world.coordinator).post(reverse("processes:copy_issue", kwargs={"pk": revision.pk}),
                                           {"holder": world.staff.pk})
    assert issued.status_code == 302
    copy = Copy.objects.get(revision=revision, holder=world.staff, kind=Copy.Kind.CONTROLLED)
    client = login(world.staff)
    for url in (reverse("processes:copy_controlled", kwargs={"pk": copy.pk}),
                reverse("processes:copy_uncontrolled", kwargs={"pk": revision.pk})):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert files_under(media) == before  # the master alone: copies are stamped in memory, never written
