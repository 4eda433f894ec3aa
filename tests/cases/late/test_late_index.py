"""The late files' index (``case_late_or_running``): its condition must stay implied by late_condition's, or
PostgreSQL silently stops using it and the coordinator's list reads all of an agency's files again (a tenth of
them are late or running). Changing either side without the other fails here."""

import pytest
from django.db import connection, transaction

from cases.files.models import Case

pytestmark = pytest.mark.django_db


def _plan(queryset):
    with transaction.atomic(), connection.cursor() as cursor:
        # An empty test table is read whole whichever indexes exist: only an index the condition allows is taken.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_the_late_list_is_counted_and_paged_through_its_index(world):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Case._meta.db_table)
    assert constraints["case_late_or_running"]["columns"][:3] == ["agency_id", "appointment_at", "id"]
    if connection.vendor != "postgresql":
        return  # SQLite proves no implication through OR: its plan reads the agency's files either way
    late = Case.objects.late().filter(agency=world.agency)
    assert "case_late_or_running" in _plan(late.order_by("appointment_at", "pk")[:50])  # the first page
    assert "case_late_or_running" in _plan(late.filter(nc__isnull=True).values("pk"))  # its count, "without NC"
    # A query the condition does not imply (files awaiting supplements are not late) cannot use it.
    assert "case_late_or_running" not in _plan(Case.objects.filter(agency=world.agency, status="supplement"))
