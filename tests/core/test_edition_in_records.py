"""Records under the agency's edition (issue 18): a 2008 NC in an agency now on 2015 shows its 2015 equivalent;
the coverage view lists 2015 clauses and counts a 2008 audit's criteria under their 2015 equivalents."""

import datetime

from django.urls import reverse

from audits.internal.views.planning import coverage
from qms.core import editions
from tests.audits.capa.helpers import open_nc
from tests.audits.internal.helpers import YEAR, audit, programme


def _to_2015(world, since):
    editions.set_edition(agency=world.agency, edition="2015", since=since, reason="QĐ chuyển đổi",
                         by=world.coordinator)


def test_a_2008_nc_shows_its_2015_equivalent_and_a_2015_nc_does_not(world, client):
    old = open_nc(world, clause="8.5.3")
    _to_2015(world, datetime.date.today() + datetime.timedelta(days=1))  # the NC above was made before the date
    client.force_login(world.coordinator)
    page = client.get(reverse("audits:nc_detail", args=[old.pk])).content.decode()
    cell = page.split('data-testid="nc-clause">')[1].split("</dd>")[0]
    assert 'title="Hành động phòng ngừa">8.5.3</span>' in cell and "(ISO 9001:2015: 6.1)" in cell
    listing = client.get(reverse("audits:nc_list")).content.decode()
    assert "(ISO 9001:2015: 6.1)" in listing


def test_coverage_in_a_2015_agency(world):
    audit(world, departments=("desk",), clauses="4.2.3, 8.2.2", month=3,
          start=datetime.date(YEAR, 3, 10), end=datetime.date(YEAR, 3, 12))
    _to_2015(world, datetime.date.today() + datetime.timedelta(days=1))
    data = coverage(programme(world))
    codes = [row["clause"] for row in data["clause_rows"]]
    assert codes[:4] == ["4.1", "4.2", "4.3", "4.4"] and "8.5.3" not in codes
    # 4.2.3 → 7.5.2/7.5.3 covers 7.5; 8.2.2 → 9.2.
    assert "7.5" not in data["gaps"]["clauses"] and "9.2" not in data["gaps"]["clauses"]
    assert "6.1" in data["gaps"]["clauses"] and "4.1" in data["gaps"]["clauses"]
    titles = dict((row["clause"], str(row["title"])) for row in data["clause_rows"])
    assert titles["6.1"] == "Hành động giải quyết rủi ro và cơ hội"
