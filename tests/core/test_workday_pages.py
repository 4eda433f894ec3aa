"""The "Lịch làm việc" page: holidays named in the reader's language, changes of the agency and the province,
managed by the coordinator (agency) and the provincial oversight (province-wide)."""

import datetime

from django.test import Client
from django.urls import reverse

from qms.core import workdays
from qms.core.models import CalendarChange

URL = reverse("core:workday_calendar")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_holidays_named_in_vietnamese_and_english(world):
    page = client_for(world.staff).get(URL + "?nam=2026").content.decode()
    for name in ("Tết Dương lịch", "Tết Nguyên đán (mùng 1)", "Giỗ Tổ Hùng Vương", "Giỗ Tổ Hùng Vương (nghỉ bù)",
                 "Ngày Giải phóng miền Nam", "Quốc tế Lao động", "Quốc khánh", "Ngày làm bù (Chính phủ quy định)"):
        assert name in page, name
    assert "17/02/2026" in page and "27/04/2026" in page and "22/08/2026" in page
    world.staff.language = "en"
    world.staff.save()
    english = Client()
    english.force_login(world.staff)
    english.cookies["django_language"] = "en"
    page = english.get(URL + "?nam=2026", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lunar New Year" in page and "Hung Kings&#x27; Commemoration Day (observed)" in page
    assert "Tết Nguyên đán" not in page


def test_changes_listed_for_the_agency_not_another(world):
    workdays.add_change(agency=world.agency, day=datetime.date(2026, 9, 4), kind="day_off",
                        reason="Quyết định nghỉ bù của cơ quan", by=world.coordinator)
    workdays.add_change(agency=world.other_agency, day=datetime.date(2026, 9, 7), kind="day_off",
                        reason="Bí mật cơ quan khác", by=world.outsider)
    workdays.add_change(agency=None, day=datetime.date(2026, 10, 3), kind="working_day",
                        reason="Làm bù toàn tỉnh", by=world.oversight)
    page = client_for(world.staff).get(URL + "?nam=2026").content.decode()
    assert "Quyết định nghỉ bù của cơ quan" in page and "Làm bù toàn tỉnh" in page
    assert "Bí mật cơ quan khác" not in page
    assert "Thêm vào lịch" not in page  # staff read, they do not enter
    province = client_for(world.oversight).get(URL + "?nam=2026").content.decode()
    assert "Làm bù toàn tỉnh" in province and "Quyết định nghỉ bù của cơ quan" not in province
    other = CalendarChange.objects.get(agency=world.other_agency)
    assert client_for(world.coordinator).post(reverse("core:workday_change_remove", args=[other.pk]),
                                              {"reason": "x"}).status_code == 404


def test_coordinator_adds_and_removes_a_future_day(world):
    client = client_for(world.coordinator)
    response = client.post(URL, {"date": "2099-09-04", "kind": "day_off", "reason": "Công văn 12/UBND"})
    assert response.status_code == 302
    added = CalendarChange.objects.get()
    assert (added.agency, added.created_by, added.reason) == (world.agency, world.coordinator, "Công văn 12/UBND")
    page = client.get(URL + "?nam=2099").content.decode()
    assert "04/09/2099" in page and "Xóa" in page
    # The same date again: a clear message, nothing saved.
    page = client.post(URL, {"date": "2099-09-04", "kind": "working_day", "reason": "lần hai"}).content.decode()
    assert "Ngày 04/09/2099 đã có trong lịch" in page and CalendarChange.objects.count() == 1
    page = client.post(URL, {"date": "ngày mai", "kind": "day_off", "reason": ""}).content.decode()
    assert "Hãy nhập một ngày" in page and "Hãy ghi lý do" in page and CalendarChange.objects.count() == 1
    client.post(reverse("core:workday_change_remove", args=[added.pk]), {"reason": "Hủy công văn"})
    assert not CalendarChange.objects.exists()


def test_past_day_not_removable_and_non_coordinator_refused(world):
    past = CalendarChange.objects.create(date=datetime.date(2025, 1, 6), kind="day_off", reason="cũ",
                                         agency=world.agency, created_by=world.coordinator)
    client = client_for(world.coordinator)
    assert "Xóa" not in client.get(URL + "?nam=2025").content.decode().split("change-list")[1]
    response = client.post(reverse("core:workday_change_remove", args=[past.pk]), {"reason": "x"}, follow=True)
    assert "Chỉ xóa được thay đổi của những ngày sau hôm nay" in response.content.decode()
    assert CalendarChange.objects.filter(pk=past.pk).exists()
    staff = client_for(world.staff)
    assert staff.post(URL, {"date": "2099-01-02", "kind": "day_off", "reason": "x"}).status_code == 403
    assert staff.post(reverse("core:workday_change_remove", args=[past.pk]), {"reason": "x"}).status_code == 403
    # The coordinator cannot remove a province-wide day; the oversight enters province-wide ones.
    province = workdays.add_change(agency=None, day=datetime.date(2099, 2, 2), kind="day_off", reason="tỉnh",
                                   by=world.oversight)
    assert client.post(reverse("core:workday_change_remove", args=[province.pk]), {"reason": "x"}).status_code == 403
    assert client_for(world.oversight).post(URL, {"date": "2099-02-03", "kind": "working_day", "reason": "Tỉnh"}).status_code == 302
    assert CalendarChange.objects.get(date=datetime.date(2099, 2, 3)).agency is None


def test_page_query_count(world, django_assert_max_num_queries):
    for day in range(1, 20):
        CalendarChange.objects.create(date=datetime.date(2026, 10, day), kind="day_off", reason="r",
                                      agency=world.agency, created_by=world.coordinator)
    client = client_for(world.coordinator)
    client.get(URL)
    with django_assert_max_num_queries(8):
        page = client.get(URL + "?nam=2026")
    assert page.content.decode().count("<td>r</td>") == 19
