"""Concurrent writers queue instead of failing (quality.md: "50 concurrent writers: 0 database is locked")."""

import os

import pytest
from django.db import transaction

from qms.core.history import save_tracked
from qms.core.models import Notification, Role, UserRole
from tests.concurrency.helpers import is_lock_error, run_concurrently
from tests.factories import AgencyFactory, UserFactory

WRITERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_writers_all_commit_without_lock_errors():
    user = UserFactory()

    def write(index):
        with transaction.atomic():
            # A read then a write inside one transaction: the pattern that deadlocks under
            # SQLite's default DEFERRED mode and must queue under IMMEDIATE.
            Notification.objects.filter(user=user).count()
            return Notification.objects.create(user=user, text=f"Thông báo số {index}").pk

    outcome = run_concurrently((write, WRITERS))

    assert [m for m in outcome.messages() if is_lock_error(m)] == []
    outcome.assert_no_errors()
    assert Notification.objects.filter(user=user).count() == WRITERS
    assert len(set(outcome.results)) == WRITERS


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_tracked_saves_each_write_one_history_row():
    agency = AgencyFactory()
    users = [UserFactory(agency=agency, department=None) for _ in range(WRITERS)]

    def grant(index):
        with transaction.atomic():
            role = UserRole(user=users[index], role=Role.STAFF)
            save_tracked(role, reason=f"cấp quyền {index}")

    outcome = run_concurrently((grant, WRITERS))

    outcome.assert_no_errors()
    assert UserRole.objects.filter(user__in=users).count() == WRITERS
    assert UserRole.history.filter(user__in=users, history_type="+").count() == WRITERS


@pytest.mark.django_db(transaction=True)
def test_duplicate_concurrent_inserts_are_refused_by_the_constraint_not_by_a_lock():
    user = UserFactory()

    def grant():
        with transaction.atomic():
            UserRole.objects.create(user=user, role=Role.AUDITOR)

    outcome = run_concurrently([grant] * 10)

    from django.db import IntegrityError

    outcome.assert_only(IntegrityError)
    assert outcome.ok_count == 1
    assert UserRole.objects.filter(user=user, role=Role.AUDITOR).count() == 1


def test_helper_reports_each_exception_with_its_traceback():
    def boom(index):
        if index % 2:
            raise ValueError(f"lỗi {index}")
        return index

    outcome = run_concurrently((boom, 6))

    assert outcome.ok_count == 3
    assert outcome.results[::2] == [0, 2, 4]
    assert all(isinstance(e, ValueError) for e in outcome.raised)
    with pytest.raises(AssertionError, match="ValueError"):
        outcome.assert_no_errors()


def test_sqlite_tests_run_on_a_file_so_threads_get_real_locks(tmp_path, monkeypatch):
    from qms.env import database_config

    monkeypatch.delenv("SQLITE_TEST_NAME", raising=False)
    config = database_config(f"sqlite:///{tmp_path}/qms_scale.sqlite3")
    # A file of this process's own, so that two test runs at once never share one.
    assert config["TEST"]["NAME"] == str(tmp_path / f"test_qms_scale_{os.getpid()}.sqlite3")
    monkeypatch.setenv("SQLITE_TEST_NAME", ":memory:")
    assert database_config(f"sqlite:///{tmp_path}/qms_scale.sqlite3")["TEST"]["NAME"] == ":memory:"
