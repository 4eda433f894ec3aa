"""20 simultaneous nonconformities get 20 different references (SQLite and PostgreSQL)."""

import threading

from django.db import close_old_connections, connection

from audits import services_nc as svc
from audits.models import Nonconformity, NonconformityCounter
from tests.conftest import build_world

WRITERS = 20


def test_twenty_simultaneous_ncs_get_unique_consecutive_references(concurrent_db):
    world = build_world()
    barrier = threading.Barrier(WRITERS)
    errors, references = [], []
    lock = threading.Lock()

    def create(i):
        try:
            barrier.wait(timeout=30)
            nc = svc.nc_open(
                agency=world.agency, source="staff_report", user=world.staff, description=f"Sự việc số {i}"
            )
            with lock:
                references.append(nc.reference)
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
    year = Nonconformity.objects.first().year
    assert sorted(references) == [f"NC-{year}-{n:03d}" for n in range(1, WRITERS + 1)]
    assert Nonconformity.objects.filter(agency=world.agency).count() == WRITERS
    assert NonconformityCounter.objects.get(agency=world.agency, year=year).last_number == WRITERS
