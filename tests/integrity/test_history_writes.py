"""No QuerySet.update()/bulk_* on history-tracked models outside code that writes their history."""

from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from qms.core.integrity import guarded_tables, history_tables, install_history_guards, tracked_models
from qms.core.models import Agency, Notification, User
from tests.integrity.scan import dedent, scan_source, scan_tree, tracked_vocabulary

BASE = Path(__file__).resolve().parents[2]
ROOTS = ["qms", "processes", "audits"]


def test_project_code_never_bypasses_history_with_update_or_bulk_writes():
    violations = scan_tree(ROOTS, BASE)
    assert violations == [], (
        "History-tracked rows changed without history (use save_tracked, or "
        "simple_history.utils.bulk_create_with_history; mark code that writes the history rows itself "
        "with '# history-written-here: <why>'):\n" + "\n".join(map(str, violations))
    )


def test_vocabulary_knows_the_core_models_and_their_reverse_accessors():
    names, accessors, _ = tracked_vocabulary()
    assert {"Agency", "Department", "User", "UserRole", "HistoricalUser"} <= names
    assert "Notification" not in names
    assert {"roles", "departments", "members", "users"} <= accessors
    assert "notifications" not in accessors


def _scan(code):
    names, accessors, _ = tracked_vocabulary()
    return scan_source(dedent(code), names=names, accessors=accessors, self_scope_classes={"DocumentQuerySet"})


@pytest.mark.parametrize(
    "code",
    [
        "Agency.objects.filter(code='x').update(name='y')",
        "Department._default_manager.bulk_create([a, b])",
        "User.objects.bulk_update(users, ['title'])",
        "HistoricalUser.objects.filter(id=1).update(title='z')",
        "user.roles.filter(role='staff').update(role='head')",
        "agency.departments.all().update(name='x')",
        "def f():\n    qs = Agency.objects.filter(is_active=True)\n    qs.update(is_active=False)",
        "class DocumentQuerySet:\n    def retire(self):\n        return self.update(status='obsolete')",
    ],
)
def test_scan_catches_history_bypass(code):
    assert len(_scan(code)) == 1


@pytest.mark.parametrize(
    "code",
    [
        # qms/core/views.py: notifications are not history-tracked.
        "request.user.notifications.filter(read_at__isnull=True).update(read_at=now)",
        "Notification.objects.bulk_create(items)",
        "settings_dict.update({'a': 1})",
        "data = {}\ndata.update(x=1)",
        "Agency.objects.bulk_create(rows)  # history-written-here: seeder writes HistoricalAgency rows too",
        "# history-written-here: the next call writes its own history\nUser.objects.bulk_update(users, ['title'])",
        "# history-written-here: module\nAgency.objects.filter().update(name='x')",
        "def f():\n    qs = Agency.objects.all()\ndef g(qs):\n    qs.update(x=1)",
    ],
)
def test_scan_lets_through_untracked_or_marked_writes(code):
    assert _scan(code) == []


# ------------------------------------------------------------------ PostgreSQL append-only history


@pytest.mark.django_db
def test_every_history_table_is_found_for_guarding():
    tables = history_tables(connection)
    expected = {m.history.model._meta.db_table for m in tracked_models()}
    assert expected and expected <= set(tables)


@pytest.mark.django_db
def test_update_or_delete_of_a_history_row_is_refused_on_postgresql(world):
    """On SQLite the guard is the source scan above; on PostgreSQL the database refuses too."""
    row = world.staff.history.latest("history_id")
    if connection.vendor != "postgresql":
        assert install_history_guards() == []
        return
    assert set(history_tables(connection)) <= set(guarded_tables())
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic():
            type(row).objects.filter(pk=row.pk).update(title="sửa lịch sử")  # the forbidden write, on purpose
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic():
            type(row).objects.filter(pk=row.pk).delete()
    with pytest.raises(IntegrityError, match="Lịch sử chỉ được ghi thêm"):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {row._meta.db_table} SET title = 'x'")
    row.refresh_from_db()
    assert row.title == world.staff.title


@pytest.mark.django_db
def test_history_keeps_growing_on_postgresql_when_guarded(world):
    before = world.staff.history.count()
    world.staff.title = "Phó trưởng phòng"
    world.staff.save()
    Notification.objects.create(user=world.staff, text="vẫn ghi được")
    Notification.objects.filter(user=world.staff).update(read_at=None)  # untracked tables are unaffected
    assert world.staff.history.count() == before + 1


@pytest.mark.django_db
def test_guards_cover_tables_created_after_migrate(world):
    if connection.vendor != "postgresql":
        assert guarded_tables() == []
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE later_app_historicalthing (history_id serial primary key, note text)")
        cursor.execute("INSERT INTO later_app_historicalthing (note) VALUES ('ghi')")
    assert "later_app_historicalthing" in install_history_guards()
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM later_app_historicalthing")
    assert Agency.objects.exists() and User.objects.exists()
