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
The folder is 0700 and every file in it 0600 (it holds password hashes and every document).

Restore refuses a folder without ``manifest.json.sha256``, checks every checksum, refuses a
non-empty database or media folder unless ``--force``, then stages the database and the media and
compares the staged data with the manifest's row counts and hashes; only then does it replace the
live database and media (load.py says how for each method), and it compares once more afterwards.
The checksums catch damage and inconsistent edits; someone able to rewrite the whole folder
consistently is not caught by them, which is why the folder is private to its owner.
"""

from qms.core.backup.dump import backup, choose_method
from qms.core.backup.load import restore
from qms.core.backup.manifest import BackupError, read_and_verify, sha256_file, verify_database

__all__ = ["BackupError", "backup", "choose_method", "read_and_verify", "restore", "sha256_file", "verify_database"]
