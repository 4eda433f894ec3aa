"""Provincial overview additions (MR-4): open NCs with an overdue action are counted per agency, and the page
shows the management-review column (empty until the review subject registers its figure)."""

import datetime

from qms.core.overview import province_overview
from tests.quality.dashboards.builders import action, nc

TODAY = datetime.date(2026, 6, 30)


def test_overdue_ncs_are_open_ones_with_an_action_past_due(world):
    a = world.agency
    late = nc(a, 1, datetime.date(2026, 5, 1))
    action(late, world.staff, TODAY - datetime.timedelta(days=1))
    action(late, world.staff, TODAY - datetime.timedelta(days=2))  # two late actions: still one NC
    due_today = nc(a, 2, datetime.date(2026, 5, 1))
    action(due_today, world.staff, TODAY)  # due today: not overdue
    closed = nc(a, 3, datetime.date(2026, 5, 1), status="closed")
    action(closed, world.staff, TODAY - datetime.timedelta(days=5))  # a closed NC is not overdue

    rows = {r.agency: r for r in province_overview(today=TODAY)}

    assert (rows[a].open_ncs, rows[a].overdue_ncs) == (2, 1)
    assert rows[world.other_agency].overdue_ncs == 0
    assert rows[a].last_management_review is None  # not registered on this branch (quality/apps.py says where)


def test_overview_page_has_the_new_columns(world, client):
    client.force_login(world.oversight)
    body = client.get("/tong-quan-tinh/").content.decode()
    assert "Xem xét của lãnh đạo gần nhất" in body and "Sự không phù hợp quá hạn" in body
