"""manage.py backup / restore: every row and every file comes back intact (quality.md, "Integrity")."""

import hashlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from qms.core.history import save_tracked
from qms.core.integrity import database_fingerprint
from qms.core.models import Notification, Role, UserRole
from qms.core.notify import notify

pytestmark = pytest.mark.django_db(transaction=True)

MEDIA = {
    "tai-lieu/2026/quy-trình-kiểm-soát-tài-liệu.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "tai-lieu/2026/ban-sao/00001.pdf": b"%PDF-1.7 stamped copy\x00\xff",
    "bang-chung/ảnh hiện trường.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 5000,
    "rong.txt": b"",
}


def _fill(world):
    """Rows in many tables (history included) and media files with Vietnamese names."""
    notify([world.coordinator, world.head], "documents.approve", "/tai-lieu/1/", task=None,
           params={"code": "QT-01", "title": "Quy trình tiếp dân “một cửa”", "issue": "01"})
    role = UserRole.objects.get(user=world.staff, role=Role.STAFF)
    save_tracked(world.staff, reason="Đổi chức danh — thử nghiệm sao lưu")
    world.staff.title = "Chuyên viên chính"
    save_tracked(world.staff, user=world.coordinator, reason="bổ nhiệm")
    save_tracked(role, user=world.coordinator, reason="xác nhận vai trò")
    media = Path(settings.MEDIA_ROOT)
    for relative, content in MEDIA.items():
        path = media / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _media_snapshot():
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _wipe(world):
    """Lose everything: the database is flushed, the media folder emptied."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert Notification.objects.count() == 0


@pytest.mark.parametrize("method", ["auto", "json"])
def test_coordinator_data_survives_backup_wipe_and_restore(world, tmp_path, method):
    _fill(world)
    before = database_fingerprint()
    media_before = _media_snapshot()
    assert before["core_historicaluser"]["rows"] >= 3 and before["core_notification"]["rows"] == 2

    call_command("backup", output=str(tmp_path / "bk"), method=method, stdout=open("/dev/null", "w"))
    _wipe(world)
    call_command("restore", input=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))

    after = database_fingerprint()
    assert after == before, [t for t in before if before[t] != after.get(t)]
    assert _media_snapshot() == media_before
    staff = type(world.staff).objects.get(pk=world.staff.pk)
    assert staff.title == "Chuyên viên chính"
    assert [h.history_change_reason for h in staff.history.order_by("history_id")][-1] == "bổ nhiệm"


def test_manifest_lists_a_checksum_for_every_file_and_a_count_for_every_table(world, tmp_path):
    _fill(world)
    manifest = json.loads(
        (Path(call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w")) or tmp_path / "bk") / "manifest.json").read_text()
    )
    expected_method = {"sqlite": "sqlite", "postgresql": "pg_dump"}[connection.vendor]
    assert manifest["database"]["method"] == expected_method
    assert {k for k in manifest["files"] if k.startswith("media/")} == {f"media/{k}" for k in MEDIA}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert set(manifest["tables"]) == set(connection.introspection.table_names())


def test_restore_refuses_a_non_empty_database_without_force(world, tmp_path):
    _fill(world)
    call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    Notification.objects.create(user=world.staff, text="ghi sau khi sao lưu")

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", input=str(tmp_path / "bk"))
    assert Notification.objects.filter(text="ghi sau khi sao lưu").exists()

    call_command("restore", input=str(tmp_path / "bk"), force=True, stdout=open("/dev/null", "w"))
    assert not Notification.objects.filter(text="ghi sau khi sao lưu").exists()
    assert Notification.objects.count() == 2


def test_restore_refuses_a_tampered_backup_and_changes_nothing(world, tmp_path):
    _fill(world)
    call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    Notification.objects.create(user=world.staff, text="vẫn còn")
    tampered = tmp_path / "bk" / "media" / "tai-lieu" / "2026" / "ban-sao" / "00001.pdf"
    tampered.write_bytes(tampered.read_bytes().replace(b"stamped", b"STAMPED"))

    with pytest.raises(CommandError, match="sai mã kiểm tra"):
        call_command("restore", input=str(tmp_path / "bk"), force=True)
    assert Notification.objects.filter(text="vẫn còn").exists()
    assert _media_snapshot()["tai-lieu/2026/ban-sao/00001.pdf"] == MEDIA["tai-lieu/2026/ban-sao/00001.pdf"]


def test_restore_refuses_a_backup_missing_its_database_file(world, tmp_path):
    _fill(world)
    manifest = call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    database_file = json.loads((tmp_path / "bk" / "manifest.json").read_text())["database"]["file"]
    (tmp_path / "bk" / database_file).unlink()

    with pytest.raises(CommandError, match="thiếu tệp"):
        call_command("restore", input=str(tmp_path / "bk"), force=True)
    assert manifest is None  # commands print, they return nothing


def test_backup_refuses_to_write_into_a_non_empty_directory(world, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "old-backup.txt").write_text("đừng ghi đè")

    with pytest.raises(CommandError, match="không ghi đè"):
        call_command("backup", output=str(tmp_path / "bk"))
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == ["old-backup.txt"]


def test_restore_refuses_a_directory_that_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", input=str(tmp_path))


# Security review, issue 13: restore trusted manifest.json when its checksum file was missing, and
# overwrote the database and emptied the media folder before finding that the data disagreed with it.

def _live_state(world):
    """After the backup: one more row and one changed file, so a restore would visibly undo them."""
    Notification.objects.create(user=world.staff, text="ghi sau khi sao lưu")
    path = Path(settings.MEDIA_ROOT) / "tai-lieu/2026/ban-sao/00001.pdf"
    path.write_bytes(b"%PDF-1.7 newer copy")
    return Notification.objects.count(), _media_snapshot()


def _assert_untouched(world, state):
    count, media = state
    assert Notification.objects.count() == count
    assert Notification.objects.filter(text="ghi sau khi sao lưu").exists()
    assert _media_snapshot() == media  # nothing emptied, nothing half-copied, no staging left behind


def _rewrite_manifest(folder, change, *, recompute_checksum):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True)
    path.write_text(text, encoding="utf-8")
    if recompute_checksum:
        (folder / "manifest.json.sha256").write_text(hashlib.sha256(text.encode()).hexdigest() + "  manifest.json\n")


def test_restore_refuses_a_backup_without_its_checksum_file_and_changes_nothing(world, tmp_path):
    _fill(world)
    call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    (tmp_path / "bk" / "manifest.json.sha256").unlink()
    state = _live_state(world)

    with pytest.raises(CommandError, match="manifest.json.sha256"):
        call_command("restore", input=str(tmp_path / "bk"), force=True, stdout=open("/dev/null", "w"))
    _assert_untouched(world, state)


@pytest.mark.parametrize("method", ["auto", "json"])
@pytest.mark.parametrize("recompute_checksum", [False, True], ids=["stale-checksum", "recomputed-checksum"])
def test_restore_refuses_a_manifest_whose_row_count_disagrees_with_the_data(world, tmp_path, method, recompute_checksum):
    _fill(world)
    call_command("backup", output=str(tmp_path / "bk"), method=method, stdout=open("/dev/null", "w"))

    def one_more_notification(manifest):
        manifest["tables"]["core_notification"]["rows"] += 1

    _rewrite_manifest(tmp_path / "bk", one_more_notification, recompute_checksum=recompute_checksum)
    state = _live_state(world)

    with pytest.raises(CommandError, match="core_notification") if recompute_checksum else pytest.raises(
        CommandError, match="SHA-256"
    ):
        call_command("restore", input=str(tmp_path / "bk"), force=True, stdout=open("/dev/null", "w"))
    _assert_untouched(world, state)


def test_restore_still_works_after_a_refused_attempt(world, tmp_path):
    _fill(world)
    call_command("backup", output=str(tmp_path / "good"), stdout=open("/dev/null", "w"))
    call_command("backup", output=str(tmp_path / "bad"), stdout=open("/dev/null", "w"))
    _rewrite_manifest(
        tmp_path / "bad", lambda m: m["tables"]["core_user"].update(rows=m["tables"]["core_user"]["rows"] - 1),
        recompute_checksum=True,
    )
    _live_state(world)

    with pytest.raises(CommandError, match="core_user"):
        call_command("restore", input=str(tmp_path / "bad"), force=True, stdout=open("/dev/null", "w"))
    call_command("restore", input=str(tmp_path / "good"), force=True, stdout=open("/dev/null", "w"))

    assert not Notification.objects.filter(text="ghi sau khi sao lưu").exists()
    assert _media_snapshot() == MEDIA


@pytest.mark.parametrize("method", ["auto", "json"])
def test_backup_files_are_readable_by_their_owner_only(world, tmp_path, method):
    _fill(world)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # readable by everyone on the server

    call_command("backup", output=str(tmp_path / "bk"), method=method, stdout=open("/dev/null", "w"))

    folder = tmp_path / "bk"
    modes = {p.relative_to(folder).as_posix(): oct(p.stat().st_mode & 0o777) for p in folder.rglob("*")}
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert {k: v for k, v in modes.items() if (folder / k).is_dir() and v != "0o700"} == {}
    assert {k: v for k, v in modes.items() if (folder / k).is_file() and v != "0o600"} == {}
    assert {"manifest.json", "manifest.json.sha256", "media/rong.txt"} <= set(modes)


def test_restore_refuses_a_manifest_naming_a_file_outside_the_media_folder(world, tmp_path):
    _fill(world)
    call_command("backup", output=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    (tmp_path / "bk" / "extra.txt").write_bytes(b"")  # inside the backup, but not a media file

    def add_outside_file(manifest):
        manifest["files"]["media/../extra.txt"] = {"sha256": hashlib.sha256(b"").hexdigest(), "size": 0}

    _rewrite_manifest(tmp_path / "bk", add_outside_file, recompute_checksum=True)
    state = _live_state(world)

    with pytest.raises(CommandError, match="Path escapes"):
        call_command("restore", input=str(tmp_path / "bk"), force=True, stdout=open("/dev/null", "w"))
    _assert_untouched(world, state)
    assert not (Path(settings.MEDIA_ROOT).parent / "extra.txt").exists()
