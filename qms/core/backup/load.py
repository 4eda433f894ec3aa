"""Restoring a backup: verify, refuse a non-empty target without --force, restore, compare."""

import shutil
import sqlite3
# pg_restore runs with an argument list, never through a shell.
import subprocess  # nosec B404
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from qms.core.backup.manifest import (
    BackupError,
    applied_migrations,
    pg_env_and_args,
    read_and_verify,
    sha256_file,
    verify_database,
)
from qms.core.integrity import install_history_guards, non_empty_tables

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
        env, args, name = pg_env_and_args(connection)
        command = ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                   "--single-transaction", "--exit-on-error", f"--dbname={name}", str(database_path)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
        if result.returncode != 0:
            raise BackupError(f"pg_restore thất bại (mã {result.returncode}), không có gì thay đổi: {result.stderr.strip()}")
    else:
        call_command("migrate", database=using, interactive=False, verbosity=0)
        here = applied_migrations(connection)
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
