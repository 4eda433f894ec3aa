"""20 simultaneous nonconformities get 20 different references (SQLite and PostgreSQL)."""

import pytest

from audits.capa import services as svc
from audits.capa.models import Nonconformity, NonconformityCounter
from tests.concurrency.helpers import run_concurrently

WRITERS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_ncs_get_unique_consecutive_references(world):
    def create(index):
        return svc.nc_open(
            agency=world.agency, source="staff_report", user=world.staff, description=f"Sự việc số {index}",
            severity="minor",
        ).reference

    outcome = run_concurrently([create] * WRITERS)
    outcome.assert_no_errors()
    year = Nonconformity.objects.first().year
    assert sorted(outcome.results) == [f"NC-{year}-{n:03d}" for n in range(1, WRITERS + 1)]
    assert Nonconformity.objects.filter(agency=world.agency).count() == WRITERS
    assert NonconformityCounter.objects.get(agency=world.agency, year=year).last_number == WRITERS
