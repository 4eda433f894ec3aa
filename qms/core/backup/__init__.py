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

from qms.core.backup.dump import backup, choose_method
from qms.core.backup.load import restore
from qms.core.backup.manifest import BackupError, read_and_verify, sha256_file, verify_database

__all__ = ["BackupError", "backup", "choose_method", "read_and_verify", "restore", "sha256_file", "verify_database"]
