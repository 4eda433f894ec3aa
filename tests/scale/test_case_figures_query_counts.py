"""The one-stop figures pages and My work as the desk and a department see it, as the benchmark times them
(cases/figures/bench.py), cost the same queries whatever the
number of files: on data made by the seed_scale generators at two sizes (×5 apart), every figures page is asked
for as the agency's coordinator and its count must equal the pinned one at both sizes, and stay under the bench
page's ceiling. The larger data set is checked to hold far more files than any page shows, and the summary
tables (rebuilt by seed_scale after the files) to hold them: a page that counted the rows in Python, or fell
back to the plain aggregates, would still pass a count test but not these.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.pages import Context
from cases.figures import bench
from cases.figures import tallies
from cases.figures.models import MonthTally
from cases.files.models import Case
from qms.core.models import Role, User

SMALL, LARGE = 0.002, 0.01

EXPECTED = {
    # session, user, roles, unread notifications (4); the procedure and department options (2); the summary
    # tables' months, procedures, departments and late steps (4); the open files by month and procedure, and by
    # department, with the departments' names read apart (3).
    "case_figures": 13, "case_figures_two_years": 13,
    # … and the chosen procedure or department itself (the selector's validation).
    "case_figures_procedure": 14, "case_figures_department": 14,
    # A period cut mid-month: the plain aggregates over the files instead of the tables (5 for 4).
    "case_figures_cut": 14,
    # My work (the core page, every subject's queue) as a desk clerk and as a member of the busiest department:
    # 4 for every page, unread notifications, and the subjects' queues; the one-stop files' are the steps held and
    # the department's (or desk's) queue, plus, for the desk, results waiting to be returned: 17 and 16.
    "case_my_work_clerk": 17, "case_my_work_department": 16,
}
# What each page must show, so that a page which stopped listing what it measures fails here. The department
# member's My work is pinned by its count only: at these sizes the few open files' steps wait at the desk.
SHOWS = {"case_figures": b"figures-months", "case_my_work_clerk": "Hồ sơ một cửa chờ phòng tôi nhận xử lý".encode()}


def pages():
    return list(bench.PAGES)


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
        for marker in [marker for prefix, marker in SHOWS.items() if page.name.startswith(prefix)]:
            assert marker in response.content, page.name
        counts[page.name] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("scale", [SMALL, LARGE], ids=["small", "large"])
def test_figures_pages_cost_fixed_queries_at_province_scale(client, seed_scale, scale):
    seed_scale(scale)
    agency = User.objects.with_role(Role.COORDINATOR).order_by("id").first().agency
    if scale == LARGE:
        assert Case.objects.filter(agency=agency).count() > 400
    assert MonthTally.objects.filter(agency=agency).exists()
    assert tallies.differences(agency.pk) == (0, 0)  # seed_scale's rebuild: the tables hold every file

    measured = measure(client)

    assert measured == EXPECTED
    for page in pages():
        assert measured[page.name] <= page.max_queries, (page.name, measured[page.name], page.max_queries)


def test_every_one_stop_page_of_the_benchmark_is_pinned():
    assert {p.name for p in pages()} == set(EXPECTED)
