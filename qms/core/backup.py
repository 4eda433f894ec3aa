"""Backup and restore of the database and the media folder, with SHA-256 checksums.

A backup is a directory::

    manifest.json          what was saved: method, migrations, per-table row counts and content hashes,
                           and the SHA-256 and size of every file below
    manifest.json.sha256   checksum of the manifest itself
    database.sqlite3       SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump        PostgreSQL: pg_dump custom format (schema, data, sequences, triggers)
    database.qmsjson       fallback (``--method json``, or PostgreSQL without pg_dump): dumpdata --all in
                           JSON that keeps microseconds (qms/core/exactjson.py)
    media/...              every file of MEDIA_ROOT, same relative paths

Native methods copy every table byte for byte (history tables, FTS indexes, sequences included);
the JSON fallback keeps every row of every model with its primary key and needs the target
database migrated to the same migrations. The database snapshot and its fingerprint come from
the same transaction (SQLite: one IMMEDIATE transaction; PostgreSQL: an exported snapshot shared
with pg_dump), so the manifest describes exactly what was dumped. Media files are copied after
the snapshot; stop the application (or accept newer extra files) for a fully quiet copy.

Restore verifies every checksum before touching anything, refuses a non-empty database or media
folder unless ``--force``, restores, then fingerprints the restored database and compares it with
the manifest: a restore that lost or changed a row says so and exits non-zero.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
# pg_dump/pg_restore run with an argument list, never through a shell.
import subprocess  # nosec B404
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from qms.core.integrity import database_fingerprint, install_history_guards, non_empty_tables

FORMAT = "qms-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024

serializers.register_serializer("qmsjson", "qms.core.exactjson")


class BackupError(CommandError):
    pass


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_entry(path):
    return {"sha256": sha256_file(path), "size": path.stat().st_size}


def _applied_migrations(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _model_tables():
    from django.apps import apps

    return {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy}


def _pg_env_and_args(connection):
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


def choose_method(connection, requested="auto"):
    if requested not in {"auto", "native", "json"}:
        raise BackupError(f"Phương thức không hợp lệ: {requested} (auto, native, json). Unknown method.")
    if requested == "json":
        return "json"
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql":
        if shutil.which("pg_dump") and shutil.which("pg_restore"):
            return "pg_dump"
        if requested == "native":
            raise BackupError("Không tìm thấy pg_dump/pg_restore trên PATH. pg_dump/pg_restore not found on PATH.")
        return "json"
    if requested == "native":
        raise BackupError(f"Không có sao lưu gốc cho {connection.vendor}. No native backup for this database.")
    return "json"


# ------------------------------------------------------------------------ backup

def backup(output, *, using=DEFAULT_DB_ALIAS, method="auto", media_root=None, log=print):
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(
            f"Thư mục {output} đã có nội dung; hãy chọn thư mục mới để không ghi đè bản sao lưu cũ. "
            f"Output directory {output} is not empty."
        )
    output.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu được bên trong một giao dịch. Cannot back up inside a transaction.")
    method = choose_method(connection, method)
    media_root = Path(media_root or settings.MEDIA_ROOT)

    database_file, fingerprint, migrations = _dump_database(connection, output, method)
    files = {database_file: _file_entry(output / database_file)}
    files.update(_copy_media(media_root, output / "media"))

    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "database": {"vendor": connection.vendor, "method": method, "file": database_file, "migrations": migrations},
        "tables": fingerprint,
        "files": files,
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True)
    (output / MANIFEST).write_text(text, encoding="utf-8")
    (output / (MANIFEST + ".sha256")).write_text(hashlib.sha256(text.encode()).hexdigest() + "  " + MANIFEST + "\n")
    rows = sum(t["rows"] for t in fingerprint.values())
    media_count = len(files) - 1
    log(
        f"Đã sao lưu {rows} dòng trong {len(fingerprint)} bảng và {media_count} tệp vào {output} (phương thức {method}). "
        f"Backed up {rows} rows in {len(fingerprint)} tables and {media_count} media files."
    )
    return manifest


def _dump_database(connection, output, method):
    if method == "sqlite":
        target = output / "database.sqlite3"
        connection.ensure_connection()
        if connection.is_in_memory_db():
            # Tests only: nobody else can write, the connection itself is the source.
            fingerprint = database_fingerprint(connection.alias)
            migrations = _applied_migrations(connection)
            _sqlite_copy(connection.connection, target)
        else:
            # BEGIN IMMEDIATE holds back every writer while a second connection copies the file
            # (WAL lets it read): the copy and the fingerprint see the same committed state.
            with transaction.atomic(using=connection.alias):
                fingerprint = database_fingerprint(connection.alias)
                migrations = _applied_migrations(connection)
                source = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
                try:
                    _sqlite_copy(source, target)
                finally:
                    source.close()
        return target.name, fingerprint, migrations

    if method == "pg_dump":
        target = output / "database.pgdump"
        env, args, name = _pg_env_and_args(connection)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            fingerprint = database_fingerprint(connection.alias)
            migrations = _applied_migrations(connection)
            command = ["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
                       f"--snapshot={snapshot}", f"--file={target}", name]
            result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
            if result.returncode != 0:
                raise BackupError(
                    f"pg_dump thất bại (mã {result.returncode}): {result.stderr.strip()} "
                    "Thử lại với --method json nếu phiên bản pg_dump không khớp máy chủ."
                )
        return target.name, fingerprint, migrations

    # JSON fallback: every row of every model, primary keys kept.
    target = output / "database.qmsjson"
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        fingerprint = database_fingerprint(connection.alias)
        migrations = _applied_migrations(connection)
        call_command("dumpdata", all=True, format="qmsjson", output=str(target), database=connection.alias, verbosity=0)
    return target.name, fingerprint, migrations


def _sqlite_copy(source, target):
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dest.close()


def _copy_media(media_root, dest_root):
    files = {}
    if not media_root.exists():
        return files
    for directory, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        for filename in sorted(filenames):
            source = Path(directory) / filename
            if source.is_symlink() or not source.is_file():
                continue
            relative = source.relative_to(media_root)
            target = dest_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with open(source, "rb") as src, open(target, "wb") as dst:
                for block in iter(lambda: src.read(CHUNK), b""):
                    digest.update(block)
                    dst.write(block)
            shutil.copystat(source, target)
            files["media/" + relative.as_posix()] = {"sha256": digest.hexdigest(), "size": target.stat().st_size}
    return files


# ----------------------------------------------------------------------- restore

def read_and_verify(source):
    """Load the manifest and check every file it lists; raise BackupError on the first problem."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"Không thấy {MANIFEST} trong {source}: đây không phải bản sao lưu. Not a backup directory.")
    text = manifest_path.read_text(encoding="utf-8")
    checksum_path = source / (MANIFEST + ".sha256")
    if checksum_path.is_file():
        expected = checksum_path.read_text().split()[0]
        if hashlib.sha256(text.encode()).hexdigest() != expected:
            raise BackupError("Tệp manifest.json đã bị thay đổi (sai mã SHA-256). The manifest checksum does not match.")
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise BackupError(f"manifest.json không đọc được: {exc}. Manifest is not valid JSON.") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Định dạng bản sao lưu không được hỗ trợ. Unsupported backup format.")
    problems = []
    root = source.resolve()
    for relative, entry in sorted(manifest["files"].items()):
        path = (source / relative).resolve()
        if root not in path.parents:
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


def restore(source, *, using=DEFAULT_DB_ALIAS, force=False, media_root=None, log=print):
    source = Path(source)
    manifest = read_and_verify(source)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được bên trong một giao dịch. Cannot restore inside a transaction.")
    db = manifest["database"]
    method = db["method"]
    if method == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("Bản sao lưu SQLite chỉ khôi phục vào SQLite. A SQLite backup restores into SQLite only.")
    if method == "pg_dump":
        if connection.vendor != "postgresql":
            raise BackupError("Bản pg_dump chỉ khôi phục vào PostgreSQL. A pg_dump backup restores into PostgreSQL only.")
        if not shutil.which("pg_restore"):
            raise BackupError("Không tìm thấy pg_restore trên PATH. pg_restore not found on PATH.")
    media_root = Path(media_root or settings.MEDIA_ROOT)

    if not force:
        filled = non_empty_tables(using) if connection.introspection.table_names() else []
        if filled:
            raise BackupError(
                f"Cơ sở dữ liệu đang có dữ liệu ({len(filled)} bảng, ví dụ {', '.join(filled[:3])}); "
                "dùng --force nếu thật sự muốn ghi đè. The database is not empty: use --force to overwrite it."
            )
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(
                f"Thư mục tệp {media_root} đang có nội dung; dùng --force để ghi đè. "
                "The media folder is not empty: use --force to overwrite it."
            )

    database_path = source / db["file"]
    if method == "sqlite":
        connections.close_all()
        connection.ensure_connection()
        src = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
        connection.close()
    elif method == "pg_dump":
        connections.close_all()
        env, args, name = _pg_env_and_args(connection)
        command = ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                   "--single-transaction", "--exit-on-error", f"--dbname={name}", str(database_path)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
        if result.returncode != 0:
            raise BackupError(f"pg_restore thất bại (mã {result.returncode}), không có gì thay đổi: {result.stderr.strip()}")
    else:
        call_command("migrate", database=using, interactive=False, verbosity=0)
        here = _applied_migrations(connection)
        if here != db["migrations"]:
            missing = sorted(set(db["migrations"]) - set(here))
            extra = sorted(set(here) - set(db["migrations"]))
            raise BackupError(
                "Cấu trúc cơ sở dữ liệu khác bản sao lưu (migrations). Schema differs from the backup: "
                f"thiếu/missing {missing[:5]}, thừa/extra {extra[:5]}."
            )
        with transaction.atomic(using=using):
            call_command("flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(database_path), database=using, verbosity=0)

    install_history_guards(using)
    _restore_media(source, manifest, media_root)
    mismatches = verify_database(manifest, using)
    if mismatches:
        raise BackupError(
            f"Khôi phục xong nhưng {len(mismatches)} bảng khác bản sao lưu: {'; '.join(mismatches[:10])}. "
            "Restored data differs from the backup."
        )
    rows = sum(t["rows"] for t in manifest["tables"].values())
    media_count = len(manifest["files"]) - 1
    log(
        f"Đã khôi phục và kiểm tra {rows} dòng trong {len(manifest['tables'])} bảng và {media_count} tệp từ {source}. "
        f"Restored and verified {rows} rows and {media_count} media files."
    )
    return manifest


def verify_database(manifest, using=DEFAULT_DB_ALIAS):
    """Compare the live database with the manifest's fingerprint; list the differences."""
    connection = connections[using]
    db = manifest["database"]
    expected = manifest["tables"]
    tables = sorted(expected)
    if db["method"] == "json":
        # dumpdata covers model tables only (not django_migrations, not raw-SQL tables such as FTS indexes).
        tables = [t for t in tables if t in _model_tables()]
    present = set(connection.introspection.table_names())
    problems = [f"{t}: thiếu bảng / missing table" for t in tables if t not in present]
    actual = database_fingerprint(using, [t for t in tables if t in present])
    compare_hashes = db["vendor"] == connection.vendor
    for table, got in actual.items():
        want = expected[table]
        if got["rows"] != want["rows"]:
            problems.append(f"{table}: {got['rows']} dòng/rows, cần/expected {want['rows']}")
        elif compare_hashes and got["sha256"] != want["sha256"]:
            problems.append(f"{table}: nội dung khác / content differs")
    return problems


def _restore_media(source, manifest, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for relative, entry in sorted(manifest["files"].items()):
        if not relative.startswith("media/"):
            continue
        target = media_root / relative[len("media/"):]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, target)
        if sha256_file(target) != entry["sha256"]:
            raise BackupError(f"Tệp {relative} sai mã kiểm tra sau khi chép. Checksum mismatch after copying.")
