"""The backup folder's format and the checks backup and restore share: checksums, the manifest,
the fingerprint comparison, how pg_dump and pg_restore reach the server."""

import hashlib
import json
import os
from pathlib import Path, PurePosixPath

from django.core import serializers
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

from qms.core.integrity import table_fingerprint

FORMAT = "qms-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
DATABASE_FILES = {"sqlite": "database.sqlite3", "pg_dump": "database.pgdump", "json": "database.qmsjson"}

serializers.register_serializer("qmsjson", "qms.core.exactjson")


class BackupError(CommandError):
    pass


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path):
    return {"sha256": sha256_file(path), "size": path.stat().st_size}


def applied_migrations(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def model_tables():
    from django.apps import apps

    return {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy}


def pg_env_and_args(connection):
    s = connection.settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = []
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    return env, args, str(s["NAME"])


def read_and_verify(source):
    """Load the manifest and check every file it lists; raise BackupError on the first problem."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"Không thấy {MANIFEST} trong {source}: đây không phải bản sao lưu. Not a backup directory.")
    text = manifest_path.read_text(encoding="utf-8")
    checksum_path = source / (MANIFEST + ".sha256")
    if not checksum_path.is_file():
        # Without it nothing vouches for the manifest, and the manifest vouches for everything else.
        raise BackupError(
            f"Thiếu tệp {MANIFEST}.sha256 trong {source}: không kiểm tra được {MANIFEST}, không khôi phục gì cả. "
            f"The manifest's checksum file {MANIFEST}.sha256 is missing; nothing was restored."
        )
    expected = (checksum_path.read_text(encoding="utf-8", errors="replace").split() or [""])[0]
    if hashlib.sha256(text.encode()).hexdigest() != expected:
        raise BackupError("Tệp manifest.json đã bị thay đổi (sai mã SHA-256). The manifest checksum does not match.")
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise BackupError(f"manifest.json không đọc được: {exc}. Manifest is not valid JSON.") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Định dạng bản sao lưu không được hỗ trợ. Unsupported backup format.")
    database = manifest.get("database") or {}
    if DATABASE_FILES.get(database.get("method")) != database.get("file") or database.get("file") not in manifest["files"]:
        raise BackupError("manifest.json không ghi đúng tệp cơ sở dữ liệu. The manifest does not list its database file.")
    problems = []
    root = source.resolve()
    for relative, entry in sorted(manifest["files"].items()):
        path = (source / relative).resolve()
        parts = PurePosixPath(relative).parts
        if ".." in parts or root not in path.parents or not (relative == database["file"] or parts[0] == "media"):
            raise BackupError(f"Đường dẫn không hợp lệ trong manifest: {relative}. Path escapes the backup.")
        if not path.is_file():
            problems.append(f"thiếu tệp / missing: {relative}")
        elif path.stat().st_size != entry["size"] or sha256_file(path) != entry["sha256"]:
            problems.append(f"sai mã kiểm tra / checksum mismatch: {relative}")
    if problems:
        shown = "; ".join(problems[:10]) + (f" … (+{len(problems) - 10})" if len(problems) > 10 else "")
        raise BackupError(
            f"Bản sao lưu bị hỏng, không khôi phục gì cả ({len(problems)} lỗi): {shown}. "
            "Backup is damaged; nothing was restored."
        )
    return manifest


def verify_database(manifest, using=DEFAULT_DB_ALIAS, *, connection=None, exact=False):
    """Compare a database (``using``, or a ``connection`` outside Django's list) with the manifest.

    Returns the differences. ``exact``: a table the manifest does not list is a difference too (a
    staged copy must hold exactly what the manifest describes; a live database may keep its own).
    """
    connection = connection or connections[using]
    db = manifest["database"]
    expected = manifest["tables"]
    tables = sorted(expected)
    if db["method"] == "json":
        # dumpdata covers model tables only (not django_migrations, not raw-SQL tables such as FTS indexes).
        tables = [t for t in tables if t in model_tables()]
    present = set(connection.introspection.table_names())
    problems = [f"{t}: thiếu bảng / missing table" for t in tables if t not in present]
    if exact:
        problems += [f"{t}: bảng thừa / unexpected table" for t in sorted(present - set(expected))]
    actual = {}
    for table in tables:
        if table in present:
            count, digest = table_fingerprint(connection, table)
            actual[table] = {"rows": count, "sha256": digest}
    compare_hashes = db["vendor"] == connection.vendor
    for table, got in actual.items():
        want = expected[table]
        if got["rows"] != want["rows"]:
            problems.append(f"{table}: {got['rows']} dòng/rows, cần/expected {want['rows']}")
        elif compare_hashes and got["sha256"] != want["sha256"]:
            problems.append(f"{table}: nội dung khác / content differs")
    return problems


