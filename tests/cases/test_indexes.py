"""The one-stop files' indexes that queries reach only through a condition or an expression: if either side changes
without the other, PostgreSQL silently stops using the index and the page reads every file again. Each is checked
by its query's plan (PostgreSQL; SQLite keeps its own plans, and the indexes' existence is checked there).

- ``case_late_or_running``: the late files (late_condition), a tenth of an agency's files, by appointment: the
  coordinator's list is counted and paged through it.
- ``case_code_upper``: a file found by its code in any letter case, in no agency in particular (the public status
  page, the API): among the province's 1,000,000 files.
- ``case_agency_search``, ``case_agency_search_code``: the register's search counted from the index.
"""

import pytest
from django.db import connection, transaction

from cases.files.models import Case

pytestmark = pytest.mark.django_db


def _plan(queryset, sort=True):
    with transaction.atomic(), connection.cursor() as cursor:
        # A small test table is read whole whichever indexes exist: only an index the query allows is taken. Without
        # sorting, an ordered query must take an index that gives its order (the other tests' rows may make another
        # index and a sort look cheaper).
        cursor.execute("SET LOCAL enable_seqscan = off")
        if not sort:
            cursor.execute("SET LOCAL enable_sort = off")
        return queryset.explain()


@pytest.fixture
def indexes(db):
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Case._meta.db_table)


def test_the_late_list_is_counted_and_paged_through_its_index(world, indexes):
    assert indexes["case_late_or_running"]["columns"][:3] == ["agency_id", "appointment_at", "id"]
    if connection.vendor != "postgresql":
        return  # SQLite proves no implication through OR: its plan reads the agency's files either way
    late = Case.objects.late().filter(agency=world.agency).order_by("appointment_at", "pk")
    assert "case_late_or_running" in _plan(late[:50], sort=False)  # the first page
    assert "case_late_or_running" in _plan(late.filter(nc__isnull=True)[:50], sort=False)  # "without NC"
    # A query the condition does not imply (files awaiting supplements are not late) cannot use it.
    assert "case_late_or_running" not in _plan(Case.objects.filter(agency=world.agency, status="supplement"))


def test_a_file_is_found_by_its_code_through_an_index(indexes):
    assert "case_code_upper" in indexes
    if connection.vendor != "postgresql":
        return
    # The lookup of cases/public/services.py (by_code) and of the personal-data log's filter (cases/privacy).
    assert "case_code_upper" in _plan(Case.objects.filter(code__iexact="ubnd-hk-261001-0001").order_by("pk")[:1])




def test_the_register_search_can_be_counted_from_its_index(indexes):
    """``case_agency_search`` and ``case_agency_search_code``: a common word (thousands of an agency's files) is
    counted from (agency, folded text) entries, not from the agency's rows. (Which index answers a word depends on
    how many files have it: measured at province scale, bench/README.md.)"""
    assert indexes["case_agency_search"]["columns"] == ["agency_id", "search_folded"]
    assert indexes["case_agency_search_code"]["columns"] == ["agency_id", "search_code"]
