"""The quality pages the benchmark times (quality/*/bench.py) cost the same queries whatever the data: the
dashboard as coordinator and head, the provincial overview, its XLSX and one agency's drill-down as the oversight
officer, the yearly report's page and downloads, an objective's page, a held review and its minutes, a risk of the
2015 register with its actions and the transition view (as the coordinator of the agency seed_scale moves to
ISO 9001:2015, with more risks, actions and procedures citing 2008 in the larger set).

Each is requested on data made by the seed_scale generators at two sizes: one agency, and three agencies each
five times larger (so the overview has three times the rows, and every count in them is larger). Lists are
pinned by test_list_query_counts.py; these are the other pages. The figures are SQL aggregates (COUNT … FILTER,
GROUP BY agency): a view that loaded the rows to count them would still pass a count test, so the large data set
is also checked to hold more rows than any page shows.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.pages import Context
from qms.core.models import Agency, Role, User
from quality.dashboards import bench as dashboards
from quality.objectives import bench as objectives
from quality.reports import bench as reports
from quality.review import bench as review
from quality.risks import bench as risks
from quality.risks.models import Risk, RiskAction
from quality.transition import bench as transition

SIZES = {"small": (1, 0.002), "large": (3, 0.03)}  # (agencies, scale): each agency ×5, the province ×15

EXPECTED = {
    # session, user, roles, unread notifications (4); the effective-date check; documents, acknowledgements (2);
    # NC ages, sources, clauses, overdue actions (4); audit programme; feedback.
    "quality_dashboard": 13, "quality_dashboard_custom": 13, "quality_dashboard_head": 13,
    # the 4 of every page; the supervised agencies; one per overview figure, grouped by agency (documents, open
    # NCs with the overdue ones among them, overdue actions, last audit, objectives met, last review, the ISO 9001:2015
    # edition's records). The download has no menu badge. Was 13 and 12 before open and overdue NCs were counted in
    # one query.
    "province_overview": 12, "province_overview_xlsx": 11,
    # the 4, the agency; its overview row (7); its dashboard (9). Was 22, for the same reason.
    "province_agency_figures": 21,
    # A report reads its frozen figures: session, user, roles, the report (+ notifications and history on the page).
    "report_detail": 6, "report_xlsx": 4, "report_pdf": 4,
    "objective_detail": 7,
    "review_detail": 10, "review_minutes_pdf": 7,
    # The 4 of every page, the risk, its actions with their owners (one join), the menu's unread count.
    "risk_detail": 7,
    # The 4, the 2015 records (one query, an EXISTS each), the procedures citing clauses, the transition template.
    "transition": 7,
}


def pages():
    return [p for m in (dashboards, reports, objectives, review, risks, transition) for p in m.PAGES
            if p.path and p.kind not in ("list", "search")]


def measure(client):
    coordinator = User.objects.with_role(Role.COORDINATOR).order_by("id").first()
    ctx = Context(user=coordinator, agency=coordinator.agency)
    counts = {}
    for page in pages():
        if page.setup:
            page.setup(ctx)
        client.force_login(page.user(ctx) if page.user else coordinator)
        path = page.path(ctx)
        client.get(path)  # warm per-process caches (content types, translations) out of the count
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (page.name, response.status_code)
        counts[page.name] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("size", list(SIZES))
def test_quality_pages_cost_fixed_queries_at_province_scale(client, seed_scale, size):
    agencies, scale = SIZES[size]
    seed_scale(scale, agencies=agencies)
    assert Agency.objects.supervised().count() == agencies

    measured = measure(client)

    assert measured == EXPECTED
    # The 2015 pages had rows to show, more in the larger set.
    on_2015 = Agency.objects.supervised().filter(iso_edition="2015")
    assert on_2015.count() == 1
    assert Risk.objects.count() == {"small": 2, "large": 12}[size] and RiskAction.objects.exists()
    for page in pages():
        assert measured[page.name] <= page.max_queries, (page.name, measured[page.name], page.max_queries)


def test_every_quality_page_of_the_benchmark_is_pinned():
    assert {p.name for p in pages()} == set(EXPECTED)
