"""Every list page's query count does not grow with the data (quality.md: fixed, ≤ 12 whatever the rows).

The pages are the benchmark's own ("list" and "search" entries of every app's bench.py), so a
page added to the benchmark is pinned here too. Each is requested as the agency's coordinator on
data made by the seed_scale generators at two sizes (×5 apart: the larger one spans two pages
of the paginated lists), and the counts must equal the same pinned figures at both sizes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.common import load_app_modules
from bench.pages import PAGES as CORE_PAGES
from bench.pages import Context
from qms.core.models import Role, User

SMALL, LARGE = 0.002, 0.01

# Pinned query counts per page (session, user with agency and department, roles, page queries, paginator COUNT …).
EXPECTED = {
    "my_work": 21,  # 4 for every page, unread notifications, and 16 queues of 6 apps (one query each)
    "documents_register": 9, "documents_register_p50": 9, "documents_register_filtered": 9,
    # The register's search: its page of 50 as the register's, plus one query for the sections of the
    # documents that match by content only (where each matched is shown: processes/documents/matches.py).
    "search_cai_cach": 10, "search_duong": 10, "search_duong_accented": 10,
    "master_list": 7, "change_requests": 5,
    "nc_register": 8, "nc_register_open": 8, "actions": 7, "feedback_inbox": 6,
    "nc_search": 8, "actions_search": 7, "feedback_search": 6,  # a search box costs its list nothing more
    "copy_register": 7, "copy_register_revision": 7,
    "audit_list": 10, "audit_list_year": 10, "audit_search": 10, "audit_programmes": 5, "audit_programme": 10,
    "checklist_templates": 5,
    # The citizens' front door, measured here with a signed-in visitor (the menu's session and user queries);
    # the agency page's search has matches at both sizes ("linh vuc" is in many generated titles).
    "public_home": 5, "public_agency": 8, "public_agency_search": 8,
    "review_list": 5,
    "objective_list": 6,  # objectives of the year, then all their measurements in one prefetch
    "report_list": 5,  # the agency's yearly reports (one a year)
    "report_received": 5,  # the oversight body's: the reports its agencies sent, with the agency's name
    # The API's documents with a token: the token and its owner, the owner's roles, the page and its issues in
    # force (one prefetch), the log row of the token's use (plus the session the test client also sends).
    "api_documents": 7,
    # One-stop files' register (form 06): 4 for every page, the procedure and department filter lists, the
    # paginator's COUNT and the page of 50 (procedure and current step's department joined).
    "case_register": 8, "case_register_late": 8, "case_search": 8,
    # Late files (the coordinator's): 4 for every page, the agency's settings, the working-day calendar's moved
    # days, the paginator's COUNT and the page of 50 (procedure, NC and current step's department joined).
    "late_files": 8, "late_files_without_nc": 8,
    # ISO 9001:2015 registers, as the coordinator of the agency on 2015 (seed_scale moves the first): 4 for every
    # page; the context page's issues and parties (2); the risk register with its actions counted in SQL (1).
    "context_page": 6, "risk_list": 5,
}


def list_pages():
    pages = CORE_PAGES + load_app_modules("PAGES")
    # My work is a dashboard, not a list, but it gathers every app's queue: its count must not grow either.
    return [p for p in pages if p.kind in ("list", "search") or p.name == "my_work"]


def measure(client):
    user = User.objects.with_role(Role.COORDINATOR).get()
    client.force_login(user)
    ctx = Context(user=user, agency=user.agency)
    counts = {}
    for page in list_pages():
        if page.setup:
            page.setup(ctx)
        path = page.path(ctx)
        # A page of another role (the oversight officer's lists) is requested as its own user.
        client.force_login(page.user(ctx) if page.user else user)
        headers = page.headers(ctx) if page.headers else None
        client.get(path, headers=headers)  # warm per-process caches (content types, translations) out of the count
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, (page.name, response.status_code)
        counts[page.name] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("scale", [SMALL, LARGE], ids=["small", "large"])
def test_coordinator_sees_every_list_page_with_fixed_query_count(client, seed_scale, scale):
    counts = seed_scale(scale)
    if scale == LARGE:  # the larger data set really is larger and spans more than one page of 50
        from audits.internal.models import Audit
        from audits.capa.models import Nonconformity
        from processes.copies.models import Copy, CopyDownload
        from processes.documents.models import Document

        assert Document.objects.count() > 30 and Nonconformity.objects.count() > 50, counts
        # … and more than one register page of copies and downloads (100 each), more audits than a handful.
        assert Copy.objects.controlled().count() > 100 and CopyDownload.objects.count() > 100, counts
        assert Audit.objects.count() >= 20 and Copy.objects.to_recall().exists(), counts
        from cases.files.models import Case

        assert Case.objects.count() > 100 and Case.objects.open().exists(), counts  # several register pages

    measured = measure(client)

    assert measured == EXPECTED
    assert all(n <= 12 for name, n in measured.items() if name != "my_work"), measured
