"""The API's benchmark pages (api/v1/bench.py) cost a fixed number of queries whatever the data: the list is
pinned with the other lists (tests/scale/test_list_query_counts.py); here the revision, and the list once more
without a session, as an integration calls them (no cookie at all), at two data sizes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.v1.bench import PAGES
from bench.pages import Context
from qms.core.models import Role, User

# token with owner and agency, owner's roles, the rows (+ one prefetch for the list), the log of the token's use
EXPECTED = {"api_documents": 5, "api_revision": 4}


@pytest.mark.parametrize("scale", [0.002, 0.01], ids=["small", "large"])
def test_api_pages_have_a_fixed_query_count(seed_scale, scale):
    seed_scale(scale)
    user = User.objects.with_role(Role.COORDINATOR).get()
    ctx = Context(user=user, agency=user.agency)
    client = Client()
    counts = {}
    for page in PAGES:
        page.setup(ctx)
        path, headers = page.path(ctx), page.headers(ctx)
        client.get(path, headers=headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, (page.name, response.content[:300])
        counts[page.name] = len(captured.captured_queries)
    assert counts == EXPECTED
