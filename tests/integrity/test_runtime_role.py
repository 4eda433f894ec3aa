"""The application's PostgreSQL role cannot change a history row by any means (issue: the guard could be
switched off by any role with ``SET qms.history_maintenance = 'on'``, and by the owner the app ran as).

Runs against a real second connection as the runtime role; the rights are committed, so the test
uses a transactional database. On SQLite there is no role: granting is a no-op, and the source scan
of test_history_writes.py is the guard.
"""

import psycopg
import pytest
from django.db import connection, transaction

from qms.core.checks import runtime_role_check
from qms.core.integrity import grant_runtime_role, runtime_role_problems
from tests.factories import AgencyFactory, Role, make_user

ROLE = "qms_runtime_test"
MISCONFIGURED = "qms_runtime_overgranted"


def _ensure_role(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{name}" LOGIN')  # test-only fixed name


def _connect_as(role):
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=role, host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, autocommit=True
    )


def _refused(conn, sql, params=None):
    """The error class name the database answered with, or None if the statement went through."""
    try:
        conn.execute(sql, params)
    except psycopg.Error as exc:
        return type(exc).__name__
    return None


@pytest.fixture
def history_row(transactional_db):
    agency = AgencyFactory(code="ubnd-vai-tro", name="UBND Vai Trò")
    user = make_user(agency, [Role.STAFF], username="vaitro.canbo")
    user.title = "Chuyên viên"
    user.save()
    return user.history.model._meta.db_table, user.history.latest("history_id").history_id, user.pk


def test_the_runtime_role_cannot_change_history_by_any_means(history_row):
    if connection.vendor != "postgresql":
        assert grant_runtime_role(ROLE) == [] and runtime_role_problems() == []
        return
    table, history_id, user_id = history_row
    _ensure_role(ROLE)
    granted = grant_runtime_role(ROLE)
    assert table in granted and "core_user" in granted
    with _connect_as(ROLE) as conn:
        # What the application needs still works: read history, append to it, change its own rows.
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE id = %s", [user_id]).fetchone()[0] >= 2
        assert _refused(conn, "UPDATE core_user SET title = 'Trưởng phòng' WHERE id = %s", [user_id]) is None
        # Every way to rewrite or erase history is refused.
        attempts = {
            "update": f"UPDATE {table} SET title = 'sửa' WHERE history_id = {history_id}",
            "delete": f"DELETE FROM {table} WHERE history_id = {history_id}",
            "truncate": f"TRUNCATE {table}",
            "disable trigger": f"ALTER TABLE {table} DISABLE TRIGGER qms_history_append_only",
            "drop trigger": f"DROP TRIGGER qms_history_append_only ON {table}",
            "replace function": "CREATE OR REPLACE FUNCTION qms_history_append_only() RETURNS trigger "
                                "LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            "drop table": f"DROP TABLE {table}",
            "take ownership": f"ALTER TABLE {table} OWNER TO {ROLE}",
            "fake a migration": "DELETE FROM django_migrations",
        }
        answers = {name: _refused(conn, sql) for name, sql in attempts.items()}
        assert answers == {name: "InsufficientPrivilege" for name in attempts}
        conn.execute("SET qms.history_maintenance = 'on'")
        assert _refused(conn, attempts["update"]) == "InsufficientPrivilege"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), min(title) FROM {table} WHERE history_id = %s", [history_id])
        assert cursor.fetchone() == (1, "Chuyên viên")


def test_the_maintenance_switch_is_honoured_for_the_owner_only(history_row):
    """Even a role wrongly granted UPDATE on history cannot lift the trigger by setting the switch."""
    if connection.vendor != "postgresql":
        return
    table, history_id, _ = history_row
    _ensure_role(MISCONFIGURED)
    grant_runtime_role(MISCONFIGURED)
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT UPDATE ON {table} TO "{MISCONFIGURED}"')
    with _connect_as(MISCONFIGURED) as conn:
        conn.execute("SET qms.history_maintenance = 'on'")
        assert _refused(conn, f"UPDATE {table} SET title = 'sửa' WHERE history_id = {history_id}") == "RestrictViolation"
    # The owner's documented maintenance session still can (e.g. a court-ordered erasure).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL qms.history_maintenance = 'on'")
        cursor.execute(f"UPDATE {table} SET title = 'đã xóa theo quyết định' WHERE history_id = %s", [history_id])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {table} WHERE history_id = %s", [history_id])
        assert cursor.fetchone() == ("đã xóa theo quyết định",)


def test_check_deploy_warns_when_the_application_connects_as_the_owner(history_row):
    if connection.vendor != "postgresql":
        assert runtime_role_check() == []
        return
    warnings = runtime_role_check()  # the test suite connects as the owner (a superuser here)
    assert [w.id for w in warnings] == ["qms.W001"] and "superuser" in warnings[0].msg
    _ensure_role(ROLE)
    grant_runtime_role(ROLE)
    from django.db.backends.postgresql.base import DatabaseWrapper

    runtime = DatabaseWrapper({**connection.settings_dict, "USER": ROLE}, alias="runtime-check")
    try:
        assert runtime_role_problems(runtime) == []
    finally:
        runtime.close()
