"""Each number on the dashboard links to the list of exactly the rows it counts: the list's paginator counts the
same number (the lists' own filters, extended where one was missing)."""

import datetime
import html
import re

from django.utils import timezone

from quality.dashboards.forms import period_dates
from tests.quality.dashboards.builders import (ack, action, audit, document, feedback, nc, programme)

LINK = re.compile(r'<a href="([^"]+)" data-figure="([^"]+)">(\d+)</a>')


def build_mixed(world):
    """A bit of everything around today, so that every figure has rows in and rows out."""
    a, today, day = world.agency, timezone.localdate(), datetime.timedelta(days=1)
    start, end = period_dates("year", today)
    _d, current = document(a, "QT-01", author=world.author, next_review_due=today - day)
    document(a, "QT-02", status="draft", author=world.author, next_review_due=today + 20 * day)
    document(a, "QT-03", author=world.author, withdrawn=True)
    ack(current, world.staff, done=False)
    ack(current, world.reviewer, done=True)
    numbers = iter(range(1, 100))
    for age in (0, 31, 100, 200, 400):
        nc(a, next(numbers), today - age * day, source="internal_audit", clause="8.2.2" if age % 2 else "")
    nc(a, next(numbers), start, source="citizen_feedback", clause="7.5", status="closed")
    nc(a, next(numbers), start - day, source="citizen_feedback", clause="7.5")  # last year: only in the ages
    item = nc(a, next(numbers), today, source="staff_report")
    action(item, world.staff, today - day)
    action(item, world.staff, today + day)
    this_year = programme(a, today.year)
    for number, status in enumerate(["planned", "reported", "closed"], 1):
        audit(a, this_year, number, status, lead=world.auditor, end_date=start + datetime.timedelta(days=40))
    noon = timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))
    feedback(a, noon, answered_after=datetime.timedelta(days=2))
    feedback(a, noon, answered_after=datetime.timedelta(days=20))
    feedback(a, noon)
    feedback(a, noon - datetime.timedelta(days=1))  # last year


def test_every_figure_links_to_a_list_showing_exactly_its_rows(world, client):
    build_mixed(world)
    client.force_login(world.coordinator)
    body = client.get("/chat-luong/bang-dieu-khien/").content.decode()
    links = LINK.findall(body)
    assert len(links) >= 20
    checked = set()
    for href, figure, shown in links:
        response = client.get(html.unescape(href))
        assert response.status_code == 200, href
        assert response.context["page"].paginator.count == int(shown), (figure, href)
        checked.add(figure)
    assert checked >= {"documents", "reviews", "ack", "nc-detected", "nc-age", "nc-source", "nc-clause",
                       "overdue-actions", "audits-planned", "audits-done", "feedback-received", "feedback"}
    # … and the data have rows on both sides of most filters (the test would pass on zeros otherwise).
    assert sum(int(shown) for _h, _f, shown in links) > 25
