"""Provincial overview additions (MR-4): open NCs with an overdue action are counted per agency, and the page
shows the last management review held and how many of the year's measured objectives are met."""

import datetime
from decimal import Decimal

from qms.core.overview import province_overview
from quality.objectives import services as svc
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
    assert rows[a].last_management_review is None  # no review held


def test_overview_page_has_the_new_columns(world, client):
    client.force_login(world.oversight)
    body = client.get("/tong-quan-tinh/").content.decode()
    assert "Xem xét của lãnh đạo gần nhất" in body and "Sự không phù hợp quá hạn" in body


def test_the_overview_shows_the_last_review_held_and_the_objectives_met(world, client):
    from quality.review.models import ManagementReview
    from tests.quality.objectives.test_services import make_objective
    from tests.quality.review.helpers import draft_review, held_review

    held_review(world, held_on=datetime.date(2026, 6, 10), today=datetime.date(2026, 6, 10))
    draft_review(world, held_on=datetime.date(2026, 6, 20))  # a planned meeting is not a review held
    assert ManagementReview.objects.count() == 2
    met = make_objective(world, code="MT-01", title="Hồ sơ đúng hạn")  # at least 95 %
    missed = make_objective(world, code="MT-02", title="Hồ sơ trễ hạn", target=Decimal("2"), direction="at_most")
    make_objective(world, code="MT-03", title="Chưa đo")  # not measured yet: not counted either way
    svc.measurement_record(objective=met, user=world.coordinator, period_start=datetime.date(2026, 1, 1),
                           value="96", note="Quý I")
    svc.measurement_record(objective=missed, user=world.coordinator, period_start=datetime.date(2026, 1, 1),
                           value="3,5", note="Quý I")

    rows = {r.agency: r for r in province_overview(today=TODAY)}

    assert rows[world.agency].last_management_review == datetime.date(2026, 6, 10)
    assert rows[world.agency].objectives_met == (1, 2)
    assert rows[world.other_agency].last_management_review is None
    assert rows[world.other_agency].objectives_met is None
    client.force_login(world.oversight)
    body = client.get("/tong-quan-tinh/").content.decode()
    assert "Mục tiêu đạt trong năm" in body and ">1/2<" in body
