"""Audits planned at the same moment get different numbers (the programme row is the counter).

Real threads with their own connections (transactional_db): SQLite serialises writers with
IMMEDIATE transactions, PostgreSQL with select_for_update on the programme row.
"""

import threading

from django.db import close_old_connections, connection

from audits.internal import services as svc
from audits.internal.models import Audit, AuditProgramme
from tests.conftest import build_world

WRITERS = 8


def test_simultaneous_audits_get_unique_consecutive_codes(concurrent_db):
    world = build_world()
    programme = AuditProgramme.objects.create(agency=world.agency, year=2026, title="Chương trình 2026")
    barrier = threading.Barrier(WRITERS)
    errors, codes = [], []
    lock = threading.Lock()

    def create(i):
        try:
            barrier.wait(timeout=30)
            audit = svc.audit_create(programme=programme, user=world.coordinator, title=f"Đánh giá số {i}",
                                     planned_month=(i % 12) + 1, departments=[world.departments["desk"]])
            with lock:
                codes.append(audit.code)
        except Exception as exc:  # collected and asserted below
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    close_old_connections()

    assert errors == []
    assert sorted(codes) == [f"DG-2026-{n:02d}" for n in range(1, WRITERS + 1)]
    assert Audit.objects.count() == WRITERS
    programme.refresh_from_db()
    assert programme.last_audit_number == WRITERS
