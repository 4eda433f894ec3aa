"""Taking a backup: the database snapshot and its fingerprint from one transaction, then the media."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
# pg_dump runs with an argument list, never through a shell.
import subprocess  # nosec B404
from pathlib import Path, PurePosixPath

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from qms.core.backup.manifest import (
    DATABASE_FILES,
    FORMAT,
    MANIFEST,
    VERSION,
    BackupError,
    applied_migrations,
    file_entry,
    pg_env_and_args,
)
from qms.core.files import copy_out
from qms.core.files import walk as stored_names
from qms.core.integrity import database_fingerprint

# A backup holds every password hash and every document: only its owner may read it.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


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


def backup(output, *, using=DEFAULT_DB_ALIAS, method="auto", storage=None, log=print):
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(
            f"Thư mục {output} đã có nội dung; hãy chọn thư mục mới để không ghi đè bản sao lưu cũ. "
            f"Output directory {output} is not empty."
        )
    # Private before anything is written into it, so no file is ever readable by others, even briefly.
    output.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    output.chmod(PRIVATE_FOLDER)
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu được bên trong một giao dịch. Cannot back up inside a transaction.")
    method = choose_method(connection, method)
    storage = storage or default_storage

    database_file, fingerprint, migrations = _dump_database(connection, output, method)
    files = {database_file: file_entry(output / database_file)}
    files.update(_copy_media(storage, output / "media"))

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
    _make_private(output)
    rows = sum(t["rows"] for t in fingerprint.values())
    media_count = len(files) - 1
    log(
        f"Đã sao lưu {rows} dòng trong {len(fingerprint)} bảng và {media_count} tệp vào {output} (phương thức {method}). "
        f"Backed up {rows} rows in {len(fingerprint)} tables and {media_count} media files."
    )
    return manifest


def _dump_database(connection, output, method):
    if method == "sqlite":
        target = output / DATABASE_FILES["sqlite"]
        connection.ensure_connection()
        if connection.is_in_memory_db():
            # Tests only: nobody else can write, the connection itself is the source.
            fingerprint = database_fingerprint(connection.alias)
            migrations = applied_migrations(connection)
            _sqlite_copy(connection.connection, target)
        else:
            # BEGIN IMMEDIATE holds back every writer while a second connection copies the file
            # (WAL lets it read): the copy and the fingerprint see the same committed state.
            with transaction.atomic(using=connection.alias):
                fingerprint = database_fingerprint(connection.alias)
                migrations = applied_migrations(connection)
                source = sqlite3.connect(f"file:{connection.settings_dict['NAME']}?mode=ro", uri=True)
                try:
                    _sqlite_copy(source, target)
                finally:
                    source.close()
        return target.name, fingerprint, migrations

    if method == "pg_dump":
        target = output / DATABASE_FILES["pg_dump"]
        env, args, name = pg_env_and_args(connection)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            fingerprint = database_fingerprint(connection.alias)
            migrations = applied_migrations(connection)
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
    target = output / DATABASE_FILES["json"]
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        fingerprint = database_fingerprint(connection.alias)
        migrations = applied_migrations(connection)
        call_command("dumpdata", all=True, format="qmsjson", output=str(target), database=connection.alias, verbosity=0)
    return target.name, fingerprint, migrations


def _sqlite_copy(source, target):
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dest.close()


def _copy_media(storage, dest_root):
    """Every stored file (local folder or S3 alike, through the storage API) into the backup's media folder."""
    files = {}
    for name in stored_names(storage):
        if ".." in PurePosixPath(name).parts or name.startswith("/"):
            raise BackupError(f"Tên tệp không hợp lệ trong kho tệp: {name}. A stored name escapes the backup.")
        target = dest_root / PurePosixPath(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        sha256, _size = copy_out(storage, name, target)
        # The backup keeps content, not the storage's times or modes: the copy stays private (_make_private).
        files["media/" + name] = {"sha256": sha256, "size": target.stat().st_size}
    return files


def _make_private(output):
    """Every folder 0700 and every file 0600, whatever created them (sqlite3, pg_dump, dumpdata)."""
    for directory, dirnames, filenames in os.walk(output):
        os.chmod(directory, PRIVATE_FOLDER)
        for filename in filenames:
            path = os.path.join(directory, filename)
            if not os.path.islink(path):
                os.chmod(path, PRIVATE_FILE)
