"""The oversight body's drill-down into one supervised agency (MR-4): the overview row's figures and the year's
dashboard counts, never a record (no NC text, no person, no link into the agency's lists); fixed query count."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.quality.dashboards.builders import action, audit, feedback, nc, programme
from tests.quality.dashboards.test_queries import grow


def url(agency):
    return reverse("quality:agency_figures", kwargs={"agency_id": agency.pk})


def test_oversight_sees_the_agencys_figures_and_no_record(world, client):
    a, today = world.agency, timezone.localdate()
    secret = nc(a, 1, today, source="internal_audit", clause="8.2.2")
    secret.description = "Hồ sơ của ông Nguyễn Văn Bí Mật trả chậm"
    secret.save(update_fields=["description"])
    action(secret, world.staff, today - datetime.timedelta(days=1))
    prog = programme(a, today.year)
    audit(a, prog, 1, "reported", lead=world.auditor, end_date=today)
    audit(a, prog, 2, "planned")
    feedback(a, timezone.now(), answered_after=datetime.timedelta(days=1))
    nc(world.other_agency, 1, today)  # another agency's NC is not this agency's figure

    client.force_login(world.people["oversight"])
    response = client.get(url(a))
    assert response.status_code == 200
    body = response.content.decode()
    assert a.name in body
    assert '<dd data-testid="open-ncs">1</dd>' in body
    assert '<dd data-testid="overdue-actions">1</dd>' in body
    assert "<strong>1</strong> trên <strong>2</strong>" in body  # audit programme done / planned
    assert "8.2.2" in body  # a clause is a figure's label
    # No records: not the NC's text or reference, not a person, not a link into the agency's lists.
    for forbidden in ["Bí Mật", secret.reference, world.staff.full_name, world.auditor.full_name, "Đánh giá 1"]:
        assert forbidden not in body, forbidden
    for name in ["audits:nc_list", "audits:action_list", "audits:audit_list", "audits:feedback_list",
                 "processes:register"]:
        assert f'href="{reverse(name)}' not in body, name


def test_the_overview_links_each_row_to_its_drill_down(world, client):
    client.force_login(world.people["oversight"])
    body = client.get(reverse("core:province_overview")).content.decode()
    assert f'href="{url(world.agency)}"' in body and f'href="{url(world.other_agency)}"' in body


def test_the_oversight_body_itself_is_not_drillable(world, client):
    oversight = world.people["oversight"]
    client.force_login(oversight)
    assert client.get(url(oversight.agency)).status_code == 404
    assert client.get(reverse("quality:agency_figures", kwargs={"agency_id": 999999})).status_code == 404


def test_a_manager_gets_403_for_their_own_agency_and_404_for_another(world, client):
    client.force_login(world.coordinator)
    assert client.get(url(world.agency)).status_code == 403
    assert client.get(url(world.other_agency)).status_code == 404


def _count(client, agency):
    client.get(url(agency))  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(agency))
    assert response.status_code == 200
    return len(captured.captured_queries)


# Session, user, roles, unread notifications of the menu (4), the agency (1), the overview's fills (documents, open
# NCs with those overdue in the same query, overdue actions, internal audits, objectives, management reviews, the ISO
# 9001:2015 edition's records: 7), the dashboard's figures (effective-date check, documents, acknowledgements, NC ages,
# sources, clauses, overdue actions, audit programme, feedback: 9). Was 22: open and overdue NCs are now counted in one
# query (audits/capa/overview.py).
DRILLDOWN_QUERIES = 21


def test_drill_down_query_count_is_fixed_at_two_sizes(world, client):
    client.force_login(world.people["oversight"])
    grow(world, 3, 0)
    small = _count(client, world.agency)
    grow(world, 12, 3)
    large = _count(client, world.agency)
    assert (small, large) == (DRILLDOWN_QUERIES, DRILLDOWN_QUERIES)


def test_each_charts_data_table_names_what_its_labels_are(world, client):
    a, today = world.agency, timezone.localdate()
    nc(a, 1, today, source="internal_audit", clause="8.2.2")
    client.force_login(world.people["oversight"])
    body = client.get(url(a)).content.decode()
    heads = re.findall(r'<table class="chart-data">.*?<thead><tr><th scope="col">([^<]*)</th>', body, re.S)
    # documents by status, NCs by age, by source, by clause: none of them is a period ("Kỳ")
    assert heads == ["Tình trạng", "Thời gian đã mở", "Nguồn", "Điều khoản"], heads
