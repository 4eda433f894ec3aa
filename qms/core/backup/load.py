"""Restoring a backup, all or nothing: nothing live changes until everything has been checked.

1. The folder: the manifest against its checksum file (required), every file against the manifest.
2. The target: a non-empty database or media folder is refused unless ``force``.
3. Staging: the database file is copied into a private temporary folder and the media files into the
   file storage under a hidden prefix (``.qms-restore-…``), each copy checked against its SHA-256 (on
   S3, read back from the bucket), so what was checked is what goes live.
4. The data against the manifest (row counts and content hashes of every table), before it replaces
   anything: SQLite: the staged copy, opened read-only; pg_dump: a scratch database the dump is
   loaded into and dropped afterwards (the role needs CREATEDB); JSON: inside the restore
   transaction, rolled back on any difference.
5. The swap: the database in one step (SQLite's backup API, ``pg_restore --single-transaction``,
   the JSON transaction), then the stored files: on the local folder by renames on the same file system;
   on S3 (no renames) the live objects are deleted and the staged ones copied in place, server side.
6. The live database against the manifest once more.
"""

import hashlib
import os
import secrets
import shutil
import sqlite3
# pg_restore runs with an argument list, never through a shell.
import subprocess  # nosec B404
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.utils import load_backend

from qms.core.backup.manifest import (
    CHUNK,
    BackupError,
    applied_migrations,
    pg_env_and_args,
    read_and_verify,
    verify_database,
)
from qms.core import files as stored
from qms.core.integrity import install_history_guards, non_empty_tables


def restore(source, *, using=DEFAULT_DB_ALIAS, force=False, storage=None, log=print):
    source = Path(source)
    manifest = read_and_verify(source)
    connection = connections[using]
    storage = storage or default_storage
    media = _LocalMedia(storage) if _local_root(storage) else _ObjectMedia(storage)
    _check_target(manifest, connection, force, storage)
    db = manifest["database"]

    with tempfile.TemporaryDirectory(prefix="qms-restore-") as work:
        database_path = Path(work) / db["file"]
        _copy_verified(source / db["file"], database_path, manifest["files"][db["file"]]["sha256"], db["file"])
        media.stage(source, manifest)
        try:
            if db["method"] == "sqlite":
                with _scratch_connection(connection, NAME=f"file:{database_path}?mode=ro", OPTIONS={}) as staged:
                    _refuse_if_different(verify_database(manifest, connection=staged, exact=True))
                _swap_sqlite(connection, database_path)
            elif db["method"] == "pg_dump":
                _check_in_scratch_database(manifest, connection, database_path)
                _pg_restore(connection, database_path, connection.settings_dict["NAME"], clean=True)
            else:
                _load_json(manifest, connection, database_path)
            install_history_guards(using)
            media.switch()
        finally:
            media.discard()

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


def _check_target(manifest, connection, force, storage):
    if connection.in_atomic_block:
        raise BackupError("Không khôi phục được bên trong một giao dịch. Cannot restore inside a transaction.")
    method = manifest["database"]["method"]
    if method == "sqlite" and connection.vendor != "sqlite":
        raise BackupError("Bản sao lưu SQLite chỉ khôi phục vào SQLite. A SQLite backup restores into SQLite only.")
    if method == "pg_dump":
        if connection.vendor != "postgresql":
            raise BackupError("Bản pg_dump chỉ khôi phục vào PostgreSQL. A pg_dump backup restores into PostgreSQL only.")
        if not shutil.which("pg_restore"):
            raise BackupError("Không tìm thấy pg_restore trên PATH. pg_restore not found on PATH.")
    if force:
        return
    filled = non_empty_tables(connection.alias) if connection.introspection.table_names() else []
    if filled:
        raise BackupError(
            f"Cơ sở dữ liệu đang có dữ liệu ({len(filled)} bảng, ví dụ {', '.join(filled[:3])}); "
            "dùng --force nếu thật sự muốn ghi đè. The database is not empty: use --force to overwrite it."
        )
    if next(stored.walk(storage), None) is not None:
        raise BackupError(
            "Kho tệp (thư mục tệp hoặc bucket S3) đang có nội dung; dùng --force để ghi đè. "
            "The media folder is not empty: use --force to overwrite it."
        )


def _refuse_if_different(problems):
    if problems:
        raise BackupError(
            f"Dữ liệu trong bản sao lưu không khớp với manifest.json ({len(problems)} bảng: "
            f"{'; '.join(problems[:10])}); không khôi phục gì cả. "
            "The backup's data does not match its manifest; nothing was restored."
        )


# ------------------------------------------------------------------- staging

def _copy_verified(source, target, sha256, label, mode=None):
    """Copy ``source`` to ``target``, hashing on the way; refuse a copy that is not what was checked."""
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(target, "wb") as dst:
        for block in iter(lambda: src.read(CHUNK), b""):
            digest.update(block)
            dst.write(block)
    if digest.hexdigest() != sha256:
        raise BackupError(f"Tệp {label} sai mã kiểm tra khi chép; không khôi phục gì cả. Checksum mismatch while copying.")
    stat = source.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    if mode is not None:
        os.chmod(target, mode)


def _local_root(storage):
    """The folder of a storage on the local file system (renames work there), or None (S3 and the like)."""
    try:
        return Path(storage.path(""))
    except NotImplementedError:
        return None


class _LocalMedia:
    """Staging in a hidden folder of the storage's own folder (same file system), switched by renames."""

    def __init__(self, storage):
        self.root = _local_root(storage)
        self.staged = None

    def stage(self, source, manifest):
        self.root.mkdir(parents=True, exist_ok=True)
        staged = self.root / f"{stored.SCRATCH_PREFIX}restore-{secrets.token_hex(6)}"
        staged.mkdir(mode=0o700)
        self.staged = staged
        for relative, entry in sorted(manifest["files"].items()):
            if relative.startswith("media/"):
                target = staged / relative[len("media/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                _copy_verified(source / relative, target, entry["sha256"], relative, mode=settings.FILE_UPLOAD_PERMISSIONS)
        if settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS is not None:
            for folder in staged.rglob("*"):
                if folder.is_dir():
                    folder.chmod(settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS)

    def switch(self):
        """The folder's entries become the staged ones. Entries move, not the folder: it may be a mount point."""
        replaced = self.root / f"{stored.SCRATCH_PREFIX}replaced-{secrets.token_hex(6)}"
        replaced.mkdir(mode=0o700)
        for child in list(self.root.iterdir()):
            if child not in (self.staged, replaced):
                child.rename(replaced / child.name)
        for child in list(self.staged.iterdir()):
            child.rename(self.root / child.name)
        self.staged.rmdir()
        shutil.rmtree(replaced)

    def discard(self):
        if self.staged is not None and self.staged.exists():
            shutil.rmtree(self.staged)


class _ObjectMedia:
    """Staging under a hidden prefix of the bucket; the switch deletes the live objects and copies the staged
    ones in place (S3 has no rename). Stop the web nodes and workers while restoring, as for the database."""

    def __init__(self, storage):
        self.storage = storage
        self.prefix = f"{stored.SCRATCH_PREFIX}restore-{secrets.token_hex(6)}/"
        self.names = []

    def stage(self, source, manifest):
        for relative, entry in sorted(manifest["files"].items()):
            if not relative.startswith("media/"):
                continue
            name = relative[len("media/"):]
            with open(source / relative, "rb") as handle:
                saved = self.storage.save(self.prefix + name, File(handle, name=name))
            self.names.append(name)
            if saved != self.prefix + name or stored.sha256_stored(self.storage, saved) != entry["sha256"]:
                raise BackupError(f"Tệp {relative} sai mã kiểm tra khi chép vào kho tệp; không khôi phục gì cả. "
                                  "Checksum mismatch while staging in the file storage.")

    def switch(self):
        for name in list(stored.walk(self.storage)):
            self.storage.delete(name)
        for name in self.names:
            stored.copy_within(self.storage, self.prefix + name, name)
            if stored.sha256_stored(self.storage, name) != stored.sha256_stored(self.storage, self.prefix + name):
                raise BackupError(f"Tệp {name} sai mã kiểm tra sau khi chuyển; bản đã kiểm tra còn ở {self.prefix}. "
                                  "Checksum mismatch after the switch; the checked copy stays staged.")

    def discard(self):
        for name in self.names:
            self.storage.delete(self.prefix + name)


@contextmanager
def _scratch_connection(connection, **overrides):
    """A connection like ``connection`` to another database (``overrides``), outside Django's list."""
    settings_dict = {**connection.settings_dict, **overrides}
    scratch = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, f"restore-check-{secrets.token_hex(4)}")
    if connection.vendor == "sqlite":
        # Django probes SQLite's JSON support in a transaction opened by alias, and this connection has
        # none (on purpose: it stays out of Django's list). Same library, same answer as the live one.
        scratch.features.supports_json_field = connection.features.supports_json_field
    try:
        yield scratch
    finally:
        scratch.close()


# ----------------------------------------------------------------- databases

def _swap_sqlite(connection, database_path):
    connections.close_all()
    connection.ensure_connection()
    src = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)
    try:
        src.backup(connection.connection)  # all pages in one step, under the destination's write lock
    finally:
        src.close()
    connection.close()


def _pg_restore(connection, dump, dbname, *, clean):
    env, args, _name = pg_env_and_args(connection)
    options = ["--clean", "--if-exists"] if clean else []
    command = ["pg_restore", *args, *options, "--no-owner", "--no-privileges",
               "--single-transaction", "--exit-on-error", f"--dbname={dbname}", str(dump)]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại (mã {result.returncode}), không có gì thay đổi: {result.stderr.strip()}")


def _load_json(manifest, connection, dump):
    """Flush and load in one transaction, compared with the manifest before it commits."""
    using = connection.alias
    call_command("migrate", database=using, interactive=False, verbosity=0)
    here = applied_migrations(connection)
    expected = manifest["database"]["migrations"]
    if here != expected:
        missing = sorted(set(expected) - set(here))
        extra = sorted(set(here) - set(expected))
        raise BackupError(
            "Cấu trúc cơ sở dữ liệu khác bản sao lưu (migrations). Schema differs from the backup: "
            f"thiếu/missing {missing[:5]}, thừa/extra {extra[:5]}."
        )
    with transaction.atomic(using=using):
        call_command("flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(dump), database=using, verbosity=0)
        _refuse_if_different(verify_database(manifest, using))  # raising rolls the flush back too


def _check_in_scratch_database(manifest, connection, dump):
    """Load the dump into a new database like the live one, compare it with the manifest, drop it."""
    quote = connection.ops.quote_name
    name = f"{connection.settings_dict['NAME'][:40]}_check_{secrets.token_hex(4)}"
    try:
        with connection.cursor() as cursor:
            cursor.execute(_create_like_current(cursor, quote(name)))
    except DatabaseError as exc:
        raise BackupError(
            f"Không tạo được cơ sở dữ liệu tạm để kiểm tra bản sao lưu trước khi ghi đè ({exc}). Vai trò "
            "cần quyền CREATEDB khi khôi phục; không có gì thay đổi. Restore checks the dump in a scratch "
            "database before replacing anything: the role needs CREATEDB. Nothing was changed."
        ) from None
    try:
        _pg_restore(connection, dump, name, clean=False)
        with _scratch_connection(connection, NAME=name) as scratch:
            problems = verify_database(manifest, connection=scratch, exact=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
    _refuse_if_different(problems)


def _create_like_current(cursor, quoted_name):
    """CREATE DATABASE with the live database's encoding and locale (text keys sort the same way)."""
    # SELECT *: the locale columns differ between PostgreSQL versions (daticulocale became datlocale).
    cursor.execute("SELECT pg_encoding_to_char(encoding) AS encoding_name, * FROM pg_database "
                   "WHERE datname = current_database()")
    row = dict(zip([c.name for c in cursor.description], cursor.fetchone()))
    options = {"ENCODING": row["encoding_name"], "LC_COLLATE": row["datcollate"], "LC_CTYPE": row["datctype"]}
    provider = row.get("datlocprovider")
    locale = row.get("datlocale") or row.get("daticulocale")
    if provider == "i":
        options.update(LOCALE_PROVIDER="icu", ICU_LOCALE=locale)
    elif provider == "b":
        options.update(LOCALE_PROVIDER="builtin", BUILTIN_LOCALE=locale)
    # Values come from pg_database itself, quoted as literals; the name is a quoted identifier.
    literal = lambda value: "'" + str(value).replace("'", "''") + "'"  # noqa: E731
    return f"CREATE DATABASE {quoted_name} TEMPLATE template0 " + " ".join(
        f"{key} {literal(value)}" for key, value in options.items()
    )
