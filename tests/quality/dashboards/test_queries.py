"""The dashboard costs the same number of queries whatever the agency's size (every figure an SQL aggregate)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.quality.dashboards.builders import ack, action, audit, document, feedback, nc, programme

# Session, user, roles (3), the effective-date check, documents (1), acknowledgements (1), NC ages, sources,
# clauses, overdue actions (4), audit programme (1), feedback (1).
DASHBOARD_QUERIES = 13


def grow(world, n, offset):
    a, today = world.agency, timezone.localdate()
    prog = programme(a, today.year) if offset == 0 else a.audit_programmes.get(year=today.year)
    for i in range(offset, offset + n):
        _d, rev = document(a, f"QT-{i:03d}", author=world.author, next_review_due=today)
        ack(rev, world.staff, done=i % 2 == 0)
        item = nc(a, i + 1, today - datetime.timedelta(days=i * 7), source="internal_audit", clause=f"8.{i % 5}")
        action(item, world.staff, today - datetime.timedelta(days=1))
        audit(a, prog, i + 1, "reported" if i % 2 else "planned", lead=world.auditor, end_date=today)
        feedback(a, timezone.now() - datetime.timedelta(days=i), answered_after=datetime.timedelta(days=i % 15))


def count(client):
    client.get("/chat-luong/bang-dieu-khien/")  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/chat-luong/bang-dieu-khien/")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_dashboard_query_count_is_fixed_at_two_sizes(world, client):
    client.force_login(world.coordinator)
    grow(world, 3, 0)
    small = count(client)
    grow(world, 12, 3)
    large = count(client)
    assert (small, large) == (DASHBOARD_QUERIES, DASHBOARD_QUERIES)
