"""Serialising a check-then-insert on one key, on both databases.

A rule such as "at most 5 feedbacks per address per hour" counts rows and then inserts one; two
transactions counting at once both see 4 and both insert. On PostgreSQL the transaction takes a
transaction-scoped advisory lock on the key first, so the second waits until the first commits and
then counts its row. On SQLite nothing is needed: transactions begin IMMEDIATE (settings), so
writers already run one at a time.
"""

import hashlib

from django.db import connections


def lock_key(name):
    """A signed 64-bit advisory-lock key for ``name`` (stable across processes and restarts)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def serialise_on(name, using="default"):
    """Call inside ``transaction.atomic``: other transactions serialising on ``name`` wait for this one."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])
