"""The citizens' status page in a browser, opened from the receipt's QR address: stage, lateness and the apology,
initials only; after the result, the rating. Screenshots at phone (360 px) and desktop width."""

from pathlib import Path

import pytest

from cases.files.models import Case
from tests.cases.slips.helpers import apology, procedure, receive, returned

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/tmp/slips")


def test_citizen_follows_the_file_and_rates_it(world, page):
    SHOTS.mkdir(exist_ok=True)
    revision = procedure(world)
    late = receive(world, revision=revision)
    apology(world, late)
    Case.objects.filter(pk=late.pk).update(is_late=True)
    page.goto(f"{page.base_url}/tra-cuu-ho-so/{late.public_key}/")
    assert page.get_by_test_id("case-code").inner_text() == late.code
    assert page.get_by_test_id("case-late").is_visible() and "chỉ giới" in page.get_by_test_id("apology-reason").inner_text()
    assert "Nguyễn Văn Ánh" not in page.content()
    page.screenshot(path=str(SHOTS / "status-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(SHOTS / "status-360.png"), full_page=True)
    done = returned(world, revision)
    page.goto(f"{page.base_url}/tra-cuu-ho-so/{done.public_key}/")
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    assert page.get_by_test_id("case-rating").inner_text() == "Hài lòng"
    page.screenshot(path=str(SHOTS / "status-rated-360.png"), full_page=True)
