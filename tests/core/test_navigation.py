"""The main menu shows what the user's roles use (issue 13, item 18): the provincial oversight officer reads the
provincial overview and nothing of their own agency's QMS; agency staff never see the overview."""

import re

from django.urls import reverse

from qms.core.models import Role, UserRole

AGENCY_PAGES = ["processes:register", "processes:master_list", "audits:nc_list", "audits:action_list",
                "audits:audit_list", "core:my_work"]


def _menu(client, url="/tong-quan-tinh/"):
    body = client.get(url).content.decode()
    nav = body.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', nav))


def test_oversight_officer_menu_has_only_the_provincial_overview_and_the_calendar(world, client):
    # The oversight officer enters the province-wide days off and make-up working days (Lịch làm việc).
    client.force_login(world.oversight)
    menu = _menu(client)
    assert menu == {reverse("core:province_overview"), reverse("core:workday_calendar")}
    assert not menu & {reverse(name) for name in AGENCY_PAGES}


def test_oversight_officers_brand_link_leads_home_to_the_overview(world, client):
    client.force_login(world.oversight)
    body = client.get("/tong-quan-tinh/").content.decode()
    brand = re.search(r'<a class="brand" href="([^"]+)"', body)[1]
    assert client.get(brand)["Location"] == reverse("core:province_overview")


def test_agency_staff_menu_has_their_qms_and_no_overview(world, client):
    client.force_login(world.coordinator)
    menu = _menu(client, reverse("core:my_work"))
    assert {reverse(name) for name in AGENCY_PAGES} <= menu
    assert reverse("core:province_overview") not in menu


def test_someone_with_both_roles_sees_both(world, client):
    UserRole.objects.create(user=world.coordinator, role=Role.OVERSIGHT)
    client.force_login(world.coordinator)
    menu = _menu(client, reverse("core:my_work"))
    assert {reverse(name) for name in AGENCY_PAGES} | {reverse("core:province_overview")} <= menu
