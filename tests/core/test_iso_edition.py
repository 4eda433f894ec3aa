"""The agency's edition of ISO 9001 (issue 18): changed by the coordinator with a reason and a date, in the history;
records made before the date keep their 2008 clause and show the 2015 equivalent beside it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from qms.core import editions
from qms.core.models import Agency

URL = "/phien-ban-tieu-chuan/"


def _render(text, **context):
    with translation.override("vi"):
        return Template("{% load clauses %}" + text).render(Context(context))


def test_url_is_stable():
    assert reverse("core:iso_edition") == URL


def test_agencies_start_on_2008(world):
    assert world.agency.iso_edition == "2008" and world.agency.iso_edition_since is None
    assert editions.edition_on(world.agency, datetime.date(2030, 1, 1)) == "2008"


def test_coordinator_moves_the_agency_to_2015_with_a_reason(world, client):
    client.force_login(world.coordinator)
    page = client.get(URL).content.decode()
    assert "TCVN ISO 9001:2008" in page and 'name="reason"' in page
    response = client.post(URL, {"edition": "2015", "since": "2026-01-01", "reason": "Quyết định 45/QĐ-UBND"})
    assert response.status_code == 302
    world.agency.refresh_from_db()
    assert world.agency.iso_edition == "2015" and world.agency.iso_edition_since == datetime.date(2026, 1, 1)
    assert world.agency.qms_header.endswith("TCVN ISO 9001:2015")
    last = world.agency.history.first()
    assert last.history_change_reason == "Quyết định 45/QĐ-UBND" and last.history_user == world.coordinator
    page = client.get(URL).content.decode()
    assert "Quyết định 45/QĐ-UBND" in page and "01/01/2026" in page
    assert "TCVN ISO 9001:2015" in page.split('data-testid="current-edition"')[1][:200]
    # A record of 2025 falls under 2008; one of 2026 under 2015.
    assert editions.edition_on(world.agency, datetime.date(2025, 12, 31)) == "2008"
    assert editions.edition_on(world.agency, datetime.date(2026, 1, 1)) == "2015"


@pytest.mark.parametrize("data, field, message", [
    ({"edition": "2015", "since": "2026-01-01", "reason": " "}, "reason", "Hãy ghi lý do"),
    ({"edition": "2015", "since": "", "reason": "QĐ"}, "since", "Hãy nhập ngày bắt đầu áp dụng."),
    ({"edition": "2015", "since": "2014-01-01", "reason": "QĐ"}, "since", "chỉ áp dụng được từ ngày 15/9/2015"),
    ({"edition": "2008", "since": "2026-01-01", "reason": "QĐ"}, "edition", "Cơ quan đang áp dụng TCVN ISO 9001:2008."),
    ({"edition": "1994", "since": "2026-01-01", "reason": "QĐ"}, "edition", "Phiên bản tiêu chuẩn không hợp lệ."),
])
def test_bad_input_is_refused_with_a_message_and_nothing_changes(world, client, data, field, message):
    client.force_login(world.coordinator)
    before = world.agency.history.count()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    world.agency.refresh_from_db()
    assert world.agency.iso_edition == "2008" and world.agency.history.count() == before


def test_only_the_coordinator_changes_it(world, client):
    client.force_login(world.staff)
    assert 'name="reason"' not in client.get(URL).content.decode()
    assert client.post(URL, {"edition": "2015", "since": "2026-01-01", "reason": "x"}).status_code == 403
    world.agency.refresh_from_db()
    assert world.agency.iso_edition == "2008"


def test_the_database_refuses_2015_without_a_date(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.filter(pk=world.agency.pk).update(iso_edition="2015", iso_edition_since=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.filter(pk=world.agency.pk).update(iso_edition="2000")


def test_service_refuses_unknown_edition(world):
    with pytest.raises(ValidationError) as exc:
        editions.set_edition(agency=world.agency, edition="9", since=datetime.date(2026, 1, 1), reason="x",
                             by=world.coordinator)
    assert "edition" in exc.value.error_dict


def test_clause_tag_in_a_2008_agency(world):
    html = _render("{% clause code agency %}", code="4.2.3, 8.2.2", agency=world.agency)
    assert html == ('<span class="clause" title="Kiểm soát tài liệu">4.2.3</span>, '
                    '<span class="clause" title="Đánh giá nội bộ">8.2.2</span>')
    assert _render("{% clause code agency %}", code="", agency=world.agency) == "—"
    assert _render("{% iso_standard agency %}", agency=world.agency) == "TCVN ISO 9001:2008"


def test_clause_tag_shows_the_2015_equivalent_of_a_2008_record(world):
    editions.set_edition(agency=world.agency, edition="2015", since=datetime.date(2026, 1, 1), reason="QĐ",
                         by=world.coordinator)
    old, new = datetime.date(2025, 6, 1), datetime.date(2026, 2, 1)
    html = _render("{% clause code agency made %}", code="4.2.3.c", agency=world.agency, made=old)
    assert 'title="Kiểm soát tài liệu">4.2.3.c</span>' in html
    assert "(ISO 9001:2015: 7.5.2, 7.5.3)" in html
    # A 2015 record cites 2015 clauses: no equivalent beside it, the 2015 title.
    html = _render("{% clause code agency made %}", code="6.1", agency=world.agency, made=new)
    assert html == '<span class="clause" title="Hành động giải quyết rủi ro và cơ hội">6.1</span>'
    with translation.override("en"):
        html = Template("{% load clauses %}{% clause code agency made %}").render(
            Context({"code": "8.5.3", "agency": world.agency, "made": old}))
    assert 'title="Preventive action"' in html and "(ISO 9001:2015: 6.1)" in html
    assert _render("{% iso_standard agency %}", agency=world.agency) == "TCVN ISO 9001:2015"
    # Text that is not a clause is shown as it is, escaped.
    assert _render("{% clause code agency made %}", code="<b>x</b>", agency=world.agency, made=old) == "&lt;b&gt;x&lt;/b&gt;"
