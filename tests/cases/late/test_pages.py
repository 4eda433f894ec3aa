"""The late-files list (coordinator), its one-step NC button and the automatic choice, the apology form before and
after the date, the file page's panel, the rating's buttons; another agency 404, people not handling 403; English."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audits.capa.models import Nonconformity
from cases.files.models import ApologySlip, Case, OneStopSettings
from cases.files import services as files
from qms.core.workdays import TZ
from tests.cases.files.helpers import make_clerk, procedure, receive
from tests.cases.late.helpers import next_working_morning, returned

pytestmark = pytest.mark.django_db
LIST = reverse("cases:late_list")


def _late(world, revision=None, **extra):
    """A file received 20 working days ago (more than its 15): late now."""
    make_clerk(world)
    revision = revision or procedure(world)
    long_ago = timezone.now() - datetime.timedelta(days=40)
    from tests.cases.files.helpers import intake

    return files.case_receive(user=world.staff, intake=intake(world, revision, **extra), now=long_ago)


def test_the_coordinator_lists_late_files_and_opens_an_nc_in_one_step(world, login):
    late = _late(world)
    on_time = receive(world, revision=late.revision)
    client = login(world.coordinator)
    page = client.get(LIST).content.decode()
    assert late.code in page and on_time.code not in page and "Mở phiếu không phù hợp" in page
    response = client.post(reverse("cases:late_open_nc", args=[late.pk]), {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    late.refresh_from_db()
    assert late.nc.source == Nonconformity.Source.LATE_CASE
    page = client.get(LIST).content.decode()
    assert late.nc.reference in page
    assert late.code not in client.get(LIST, {"nc": "0"}).content.decode()
    # A forged "next" goes to the file, not elsewhere.
    again = client.post(reverse("cases:late_open_nc", args=[on_time.pk]), {"next": "https://example.com/"})
    assert again["Location"] == on_time.get_absolute_url()
    assert "không trễ hạn" in client.get(on_time.get_absolute_url()).content.decode()


def test_the_late_list_takes_a_fixed_number_of_queries(world, login):
    first = _late(world)
    client = login(world.coordinator)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(5):
        _late(world, revision=first.revision)
    with CaptureQueriesContext(connection) as six:
        assert client.get(LIST).status_code == 200
    assert len(six) == len(one)


def test_the_list_shows_the_automatic_choice_and_links_to_the_settings_page(world, login):
    client = login(world.coordinator)
    shown = client.get(LIST).content.decode().split('data-testid="late-settings">')[1].split("</p>")[0]
    assert "Tự động mở sự không phù hợp:" in shown and "<strong>tắt</strong>" in shown
    assert f'href="{reverse("cases:onestop_settings")}"' in shown
    assert 'name="auto_open_late_nc"' not in client.get(LIST).content.decode()  # set in one place only
    client.post(reverse("cases:onestop_settings"), {"retention_months": "60", "auto_open_late_nc": "on"})
    shown = client.get(LIST).content.decode().split('data-testid="late-settings">')[1].split("</p>")[0]
    assert "<strong>bật</strong>" in shown


def _apology_data(case, world, **extra):
    moment = next_working_morning(case)
    return {"new_date": moment.date().isoformat(), "new_time": "09:00", "reason": "Chờ ý kiến Sở Xây dựng",
            "signed_by": world.head.pk, **extra}


def test_the_apology_form_issues_the_slip_before_the_date(world, login):
    case = receive(world)
    client = login(world.coordinator)
    detail = client.get(case.get_absolute_url()).content.decode()
    url = reverse("cases:apology_issue", args=[case.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert 'data-testid="apology-form"' in page and world.head.display_name in page
    bad = client.post(url, _apology_data(case, world, reason="", new_time="12:00"))
    assert bad.status_code == 200 and "Cần ghi lý do" in bad.content.decode() or "bắt buộc" in bad.content.decode()
    weekend = client.post(url, _apology_data(case, world, new_date="2099-01-03"))  # a Saturday
    assert "ngày làm việc" in weekend.content.decode()
    assert not ApologySlip.objects.exists()
    response = client.post(url, _apology_data(case, world))
    assert response.status_code == 302
    slip = ApologySlip.objects.get()
    case.refresh_from_db()
    assert case.new_appointment_at == slip.new_appointment_at and slip.new_appointment_at.astimezone(TZ).hour == 9
    assert "Chờ ý kiến Sở Xây dựng" in client.get(case.get_absolute_url()).content.decode()


def test_after_the_date_the_page_says_the_apology_had_to_come_first(world, login):
    case = _late(world)
    client = login(world.coordinator)
    url = reverse("cases:apology_issue", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="apology-too-late"' in page and "apology-form" not in page
    response = client.post(url, _apology_data(case, world))
    assert response.status_code == 200 and "phải lập trước ngày hẹn" in response.content.decode()
    assert not ApologySlip.objects.exists()


def test_who_may_open_the_apology_form(world, login):
    case = receive(world)
    url = reverse("cases:apology_issue", args=[case.pk])
    assert login(world.auditor).get(url).status_code == 403  # staff not handling the file
    assert login(world.outsider).get(url).status_code == 404  # another agency
    assert login(world.outsider).post(reverse("cases:late_open_nc", args=[case.pk])).status_code == 404
    assert url not in login(world.auditor).get(case.get_absolute_url()).content.decode()
    files.step_take(step=case.steps.get(order=1), user=world.staff)
    assert login(world.staff).get(url).status_code == 200  # the handler


def test_a_dissatisfied_rating_becomes_feedback_or_an_nc_from_the_file_page(world, login):
    case = returned(world)
    client = login(world.staff)
    page = client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:rating_feedback", args=[case.pk]) in page
    client.post(reverse("cases:rating_feedback", args=[case.pk]))
    client.post(reverse("cases:rating_nc", args=[case.pk]))
    case.refresh_from_db()
    assert case.feedback is not None and case.nc.source == Nonconformity.Source.CITIZEN_FEEDBACK
    page = client.get(case.get_absolute_url()).content.decode()
    assert case.feedback.tracking_code in page and case.nc.reference in page
    assert reverse("cases:rating_feedback", args=[case.pk]) not in page
    assert login(world.author).post(reverse("cases:rating_nc", args=[case.pk])).status_code == 403
    assert login(world.outsider).post(reverse("cases:rating_nc", args=[case.pk])).status_code == 404


def test_the_pages_in_english(world, login):
    late = _late(world)
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["language"])
    client = login(world.coordinator)
    page = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Late files" in page and "Open a nonconformity" in page and "Late by (working days)" in page
    assert "Danh sách hồ sơ trễ hạn" not in page and "Mở phiếu" not in page
    form = client.get(reverse("cases:apology_issue", args=[late.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "had to be made before" in form and "Phiếu xin lỗi" not in form
