"""Every file path through Django's storage API, on the local folder and (MEDIA_STORAGE=s3, the CI leg
"S3 storage") on a local S3 server: backup and restore, the readiness probe, streamed downloads. Uploads,
renders, stamping and downloads are covered by the subjects' own tests marked ``s3``."""

import json

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from qms.core.files import SCRATCH_PREFIX, walk
from qms.core.models import Notification
from qms.core.notify import notify
from tests.files import PDF, stored

pytestmark = [pytest.mark.s3, pytest.mark.django_db(transaction=True)]

FILES = {
    "tai-lieu/2026/quy-trình-kiểm-soát-tài-liệu.pdf": PDF + bytes(range(256)) * 4000,  # > one 1 MB chunk
    "tai-lieu/2026/ban-sao/00001.pdf": b"%PDF-1.7 stamped copy\x00\xff",
    "bang-chung/ảnh hiện trường.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 5000,
    "rong.txt": b"",
}


def _fill():
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name


def _raw_names(kind, local_s3):
    """What is really in the storage, scratch included: the bucket's keys under this test's prefix, or files."""
    if kind == "s3":
        prefix = default_storage.location + "/"
        return [key[len(prefix):] for key in local_s3.keys(default_storage.bucket_name, prefix)]
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def raw_names(_media_storage, request):
    server = request.getfixturevalue("local_s3") if _media_storage == "s3" else None
    return lambda: _raw_names(_media_storage, server)


def test_backup_wipe_and_restore_bring_every_stored_file_back(world, tmp_path, raw_names):
    _fill()
    notify([world.coordinator], "documents.approve", "/tai-lieu/1/", task=None,
           params={"code": "QT-01", "title": "Quy trình", "issue": "01"})
    call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text(encoding="utf-8"))
    assert {k for k in manifest["files"] if k.startswith("media/")} == {f"media/{k}" for k in FILES}
    assert (tmp_path / "bk" / "media" / "bang-chung" / "ảnh hiện trường.jpg").read_bytes() == FILES[
        "bang-chung/ảnh hiện trường.jpg"]

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    for name in list(walk(default_storage)):
        default_storage.delete(name)
    default_storage.save("sau-sao-luu.txt", ContentFile(b"written after the backup"))
    assert Notification.objects.count() == 0

    with pytest.raises(CommandError, match="--force"):  # the storage is not empty
        call_command("restore", input=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    call_command("restore", input=str(tmp_path / "bk"), force=True, stdout=open("/dev/null", "w"))

    assert stored() == FILES  # the later file is gone, every backed-up one is back byte for byte
    assert Notification.objects.count() == 1
    assert not [n for n in raw_names() if n.startswith(SCRATCH_PREFIX)], "restore left its staging behind"


def test_a_restore_refused_for_a_damaged_file_changes_no_stored_file(world, tmp_path, raw_names):
    _fill()
    call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    default_storage.delete("rong.txt")
    before = stored()
    (tmp_path / "bk" / "media" / "tai-lieu" / "2026" / "ban-sao" / "00001.pdf").write_bytes(b"tampered")
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", input=str(tmp_path / "bk"), force=True, stdout=open("/dev/null", "w"))
    assert stored() == before
    assert not [n for n in raw_names() if n.startswith(SCRATCH_PREFIX)]


def test_files_live_where_the_setting_says_and_s3_objects_are_private(world, _media_storage, request, tmp_path):
    _fill()
    if _media_storage == "s3":
        server = request.getfixturevalue("local_s3")
        key = f"{default_storage.location}/rong.txt"
        grants = server.client().get_object_acl(Bucket=default_storage.bucket_name, Key=key)["Grants"]
        assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner only: no public read
        assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))  # nothing on disk
        assert default_storage.url("rong.txt").endswith("/rong.txt") and "Signature" not in default_storage.url("rong.txt")
    else:
        assert (settings.MEDIA_ROOT / "rong.txt").is_file()


def test_a_download_streams_from_the_storage_with_its_length(world, login):
    from audits.capa import services as svc
    from audits.capa.models import ActionEvidence
    from tests.audits.capa.helpers import S, nc_at
    from django.core.files.uploadedfile import SimpleUploadedFile

    action = nc_at(world, S.ACTIONS_PLANNED).actions.get(owner=world.author)
    content = FILES["tai-lieu/2026/quy-trình-kiểm-soát-tài-liệu.pdf"]
    svc.action_evidence_add(action=action, user=world.author, upload=SimpleUploadedFile("bb.pdf", content))
    evidence = ActionEvidence.objects.get()
    response = login(world.author).get(reverse("audits:evidence_download", kwargs={"pk": evidence.pk}))
    assert response.streaming and response["Content-Length"] == str(len(content))
    chunks = list(response.streaming_content)
    assert len(chunks) > 1 and b"".join(chunks) == content  # sent in blocks, not read whole


def test_readiness_writes_reads_and_deletes_a_probe_in_the_storage(world, client, raw_names):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["storage"]["ok"] is True
    assert raw_names() == []  # the probe removed its object
