"""The register's search through the trigram indexes (PostgreSQL: LIKE, SQLite: instr) finds exactly the files whose
folded code or applicant contains every word: an underscore is a character, not LIKE's wildcard."""

import pytest
from django.db import connection
from django.urls import reverse

from cases.files.models import Case
from qms.core import search
from tests.cases.files.helpers import procedure, receive

pytestmark = pytest.mark.django_db


def _codes(client, typed):
    response = client.get(reverse("cases:case_list"), {"q": typed})
    return {case.code for case in response.context["page"].object_list}


def test_a_word_is_a_substring_whatever_the_database(world, login):
    revision = procedure(world)
    underscore = receive(world, revision=revision, applicant_name="Công ty TNHH A_B Việt")
    other = receive(world, revision=revision, applicant_name="Công ty TNHH AXB Việt")
    client = login(world.coordinator)

    assert _codes(client, "a_b") == {underscore.code}  # "_" matches itself only
    assert _codes(client, "cong ty viet") == {underscore.code, other.code}
    assert _codes(client, "CÔNG TY axb") == {other.code}
    assert _codes(client, underscore.code.lower()) == {underscore.code}
    # Those who may not see applicants search the code only.
    auditor = login(world.auditor)
    assert _codes(auditor, "a_b") == set() and _codes(auditor, other.code.lower()) == {other.code}


def test_the_folded_columns_are_searched_through_their_trigram_indexes_on_postgresql():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Case._meta.db_table)
    trigram = {name for name in indexes if name in ("case_search_folded_trgm", "case_search_code_trgm")}
    if connection.vendor == "postgresql":
        assert search.trigram_columns(Case.objects.all()) == ("search_folded", "search_code")
        assert trigram == {"case_search_folded_trgm", "case_search_code_trgm"}
        sql = str(Case.objects.filter(search.matching("a_b", indexed=("search_folded",))).query)
        assert "LIKE" in sql and "STRPOS" not in sql.upper()
    else:  # SQLite: instr() over the rows, no index to use
        assert search.trigram_columns(Case.objects.all()) == () and trigram == set()
