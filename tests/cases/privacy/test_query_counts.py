"""Query counts of the personal-data access log and the public status page stay fixed as rows grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.files.models import PersonalDataAccess
from tests.cases.slips.helpers import procedure, receive

pytestmark = pytest.mark.django_db
# The status page: the sender's lookups this hour, the lock, the file with its joins, the lookup row, the latest
# apology slip, the savepoints of the atomic count, the session (SQLite, anonymous).
STATUS_QUERIES = {"sqlite": 10, "postgresql": 11}  # PostgreSQL: the advisory lock's query


def _count(client, url, **params):
    client.get(url, params)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_access_log_and_status_page_counts_do_not_grow(world, login, client):
    revision = procedure(world)
    case = receive(world, revision=revision)
    coordinator = login(world.coordinator)
    url = reverse("cases:access_log")
    PersonalDataAccess.objects.create(case=case, agency=case.agency, user=world.staff, what="detail")
    few = _count(coordinator, url)
    for _ in range(3):
        other = receive(world, revision=revision)
        PersonalDataAccess.objects.bulk_create([PersonalDataAccess(case=other, agency=other.agency, user=world.staff,
                                                                   what="form01_pdf") for _ in range(40)])
    many = _count(coordinator, url)
    assert few == many == 7, (few, many)  # the 4 of every page, the user filter's list, COUNT, the page of 100
    status = reverse("case_public:status", kwargs={"key": case.public_key})
    measured = _count(client, status)
    assert measured == STATUS_QUERIES[connection.vendor], measured
