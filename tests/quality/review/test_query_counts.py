"""The review list and a held review's page cost a fixed number of queries, whatever their rows: the list
annotates the decision counts, the page reads the frozen snapshot (no aggregate over the agency's records)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quality.review import services as svc
from tests.quality.review.helpers import add_decision, held_review

pytestmark = pytest.mark.django_db
LIST_QUERIES = 5  # session, user, roles, unread notifications, the reviews with their decision counts
DETAIL_QUERIES = 11  # the same 4, the review, participants, notes, decisions, history (records + m2m)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _reviews(world, n, first_year):
    made = []
    for i in range(n):
        year = first_year + i
        review = held_review(world, held_on=datetime.date(year, 7, 10), start=datetime.date(year, 1, 1),
                             end=datetime.date(year, 6, 30))
        for _ in range(3):
            add_decision(world, review, due=datetime.date(year, 9, 30))
        svc.section_annotate(review=review, user=world.coordinator, section="audits", text="Nhận xét")
        made.append(review)
    return made


def test_list_and_detail_query_counts_do_not_grow_with_rows(world, login):
    client = login(world.coordinator)
    first = _reviews(world, 1, 2020)[0]
    small = (_count(client, reverse("quality:review_list")), _count(client, first.get_absolute_url()))
    last = _reviews(world, 5, 2021)[-1]
    large = (_count(client, reverse("quality:review_list")), _count(client, last.get_absolute_url()))
    assert small == large == (LIST_QUERIES, DETAIL_QUERIES)
