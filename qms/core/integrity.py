"""Database integrity guards and fingerprints.

History is append-only for the application
---------------------------------------------
On PostgreSQL every history table (django-simple-history's ``*_historical*`` tables, of every app,
including apps added later) gets a ``BEFORE UPDATE OR DELETE`` row trigger that refuses the change
with an IntegrityError (SQLSTATE 23001, restrict_violation). The triggers are (re)installed after
every ``migrate`` by a post_migrate handler (see CoreConfig.ready) and by
``manage.py install_history_guards``; installing is idempotent.

- The application runs as a role that owns nothing (``QMS_DB_RUNTIME_ROLE``; migrations run as the
  owner): ``grant_runtime_role`` gives it SELECT and INSERT on history tables and nothing more, so
  UPDATE, DELETE and TRUNCATE of history are refused by privileges before any trigger, and it can
  neither drop nor disable the trigger (only a table's owner can). ``check --deploy`` warns when the
  application connects as the owner of its tables or as a superuser (qms/core/checks.py).
- TRUNCATE is not guarded by the trigger: the owner needs it for test-database flushes and ``restore``.
- A maintenance session of the owner may lift the guard for itself only, in psql, with
  ``SET qms.history_maintenance = 'on'`` (e.g. a court-ordered erasure); the trigger honours the
  setting only for a member of the table owner's role, so no other role can switch it off.
- Consequence: a user who has history rows cannot be hard-deleted (simple-history would set
  ``history_user`` to NULL, an UPDATE). Users are deactivated, never deleted.
- SQLite has no such guard (single-server installations); the source scan in
  tests/integrity/test_history_writes.py keeps ``QuerySet.update()``/``bulk_*`` out of app code.

Fingerprints
------------
``database_fingerprint()`` counts and hashes every table's rows in primary-key order; backup writes
it into the manifest and restore checks the restored database against it.
"""

import hashlib

from django.apps import apps
from django.db import connections

GUARD_FUNCTION = "qms_history_append_only"
GUARD_TRIGGER = "qms_history_append_only"

# A plain literal (no formatting): the function's name is GUARD_FUNCTION's value.
_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION qms_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('qms.history_maintenance', true), '') = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Lịch sử chỉ được ghi thêm, không được sửa hoặc xóa (% trên bảng %). History is append-only.',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
"""


def history_tables(connection):
    """Names of every history table present in the database.

    Union of the history models django-simple-history registered (whatever their table name)
    and every table whose name contains ``_historical`` (apps whose models are not loaded).
    """
    existing = set(connection.introspection.table_names())
    tables = set()
    for model in apps.get_models():
        if is_history_model(model):
            tables.add(model._meta.db_table)
    tables |= {name for name in existing if "_historical" in name}
    return sorted(tables & existing)


def is_history_model(model):
    """True for the HistoricalX models django-simple-history generates."""
    names = {f.name for f in model._meta.concrete_fields}
    return {"history_id", "history_type", "history_date"} <= names


def tracked_models():
    """Models with a ``history = HistoricalRecords()`` manager (not the history models themselves)."""
    result = []
    for model in apps.get_models():
        if is_history_model(model):
            continue
        manager = getattr(model, "history", None)
        if manager is not None and hasattr(manager, "model") and is_history_model(manager.model):
            result.append(model)
    return result


def install_history_guards(using="default"):
    """Install the append-only trigger on every history table; returns the tables guarded.

    No-op (empty list) on databases other than PostgreSQL.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    tables = history_tables(connection)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_FUNCTION_SQL)
        for table in tables:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {GUARD_TRIGGER} BEFORE UPDATE OR DELETE ON {quote(table)} "
                f"FOR EACH ROW EXECUTE FUNCTION {GUARD_FUNCTION}()"
            )
    return tables


def guarded_tables(using="default"):
    """Tables that currently carry the guard trigger (PostgreSQL), for checks and tests."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND NOT t.tgisinternal ORDER BY 1",
            [GUARD_TRIGGER],
        )
        return [row[0] for row in cursor.fetchall()]


def grant_runtime_role(role, using="default"):
    """Give the application's runtime role the rights it needs and no more; returns the tables granted.

    Run as the owner (after migrate, by the post_migrate handler when ``QMS_DB_RUNTIME_ROLE`` is set,
    or by ``manage.py grant_runtime_role``). Tables: SELECT, INSERT, UPDATE, DELETE; history tables:
    SELECT and INSERT only (UPDATE, DELETE and TRUNCATE revoked); ``django_migrations``: SELECT only,
    since the runtime never migrates. Sequences: USAGE and SELECT, for new rows' ids. No-op off
    PostgreSQL. Idempotent.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    quote = connection.ops.quote_name
    history = set(history_tables(connection))
    tables = sorted(connection.introspection.table_names())
    role_name = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise ValueError(f"PostgreSQL role {role!r} does not exist: create it first (CREATE ROLE … LOGIN).")
        # Identifiers come from the database's catalogue or the operator's setting, quoted; no user input.
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {role_name}")  # nosec B608
        for table in tables:
            name = quote(table)
            cursor.execute(f"REVOKE ALL ON {name} FROM {role_name}")  # nosec B608
            if table in history:
                rights = "SELECT, INSERT"
            elif table == "django_migrations":
                rights = "SELECT"
            else:
                rights = "SELECT, INSERT, UPDATE, DELETE"
            cursor.execute(f"GRANT {rights} ON {name} TO {role_name}")  # nosec B608
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role_name}")  # nosec B608
    return tables


def runtime_role_problems(connection=None):
    """Why the connection's role could change history, or [] (PostgreSQL only): for check --deploy."""
    connection = connection or connections["default"]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        user, superuser = cursor.fetchone()
        if superuser:
            return [f"the application connects as {user}, a superuser"]
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"
        )
        owned = cursor.fetchone()[0]
    if owned:
        return [f"the application connects as {user}, which owns {owned} of its tables"]
    return []


def post_migrate_install_guards(sender, using="default", **kwargs):
    from django.conf import settings

    tables = install_history_guards(using)
    verbosity = kwargs.get("verbosity", 1)
    if tables and verbosity >= 2:
        print(f"  History guards on {len(tables)} tables.")
    role = getattr(settings, "QMS_DB_RUNTIME_ROLE", "")
    if role and tables:
        granted = grant_runtime_role(role, using)
        if verbosity >= 2:
            print(f"  Rights of runtime role {role} set on {len(granted)} tables.")


# ---------------------------------------------------------------- fingerprints

def _normalise(value):
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + hashlib.sha256(value).hexdigest()
    return repr(value)


def table_fingerprint(connection, table):
    """(row count, sha256 over every row in primary-key order)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        try:
            pk = connection.introspection.get_primary_key_column(cursor, table)
        except Exception:
            pk = None
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        order = quote(pk) if pk else ", ".join(quote(c) for c in columns)
        # Identifiers come from the database's own catalogue and are quoted; no user input.
        sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} ORDER BY {order}"  # nosec B608
        cursor.execute(sql)
        digest = hashlib.sha256()
        count = 0
        while True:
            rows = cursor.fetchmany(2000)
            if not rows:
                break
            for row in rows:
                count += 1
                digest.update(("\x1f".join(_normalise(v) for v in row) + "\x1e").encode())
    return count, digest.hexdigest()


def database_fingerprint(using="default", tables=None):
    """{table: {"rows": n, "sha256": hex}} for every table of the database."""
    connection = connections[using]
    names = tables if tables is not None else sorted(connection.introspection.table_names())
    result = {}
    for table in names:
        count, digest = table_fingerprint(connection, table)
        result[table] = {"rows": count, "sha256": digest}
    return result


# Tables that `migrate` itself fills: a database with rows only here is "empty" for restore.
MIGRATE_FILLED_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


def non_empty_tables(using="default"):
    connection = connections[using]
    quote = connection.ops.quote_name
    filled = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table in MIGRATE_FILLED_TABLES or table.startswith("sqlite_"):
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # nosec B608
            if cursor.fetchone():
                filled.append(table)
    return filled
