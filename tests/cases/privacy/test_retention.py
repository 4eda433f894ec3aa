"""Personal data (issue 16 item 9): the retention job erases applicants' details of files closed longer ago than
the agency's period, in the file and its history, keeping the figures; the coordinator's settings page and the
access log."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.files import services
from cases.files.models import Case, OneStopSettings, PersonalDataAccess
from cases.privacy.services import erase_expired
from tests.cases.slips.helpers import make_clerk, procedure, receive, returned

pytestmark = pytest.mark.django_db


def test_details_are_erased_after_the_retention_period_and_figures_kept(world):
    OneStopSettings.objects.create(agency=world.agency, retention_months=12)
    revision = procedure(world)
    old = returned(world, revision, applicant_name="Đặng Thị Hường", applicant_email="huong@example.vn",
                   applicant_id_number="001190012345")
    recent = returned(world, revision, applicant_name="Trịnh Văn Đức")
    still_open = receive(world, revision=revision, applicant_name="Ngô Bảo Châu")
    Case.objects.filter(pk__in=[old.pk, still_open.pk]).update(returned_at=timezone.now() - timedelta(days=400))
    outcome, received = old.outcome, old.received_at
    assert erase_expired() == 1
    old.refresh_from_db()
    assert old.applicant_name == "Đ.T.H." and old.applicant_email == "" and old.applicant_id_number == ""
    assert old.applicant_address == "" and old.applicant_phone == "" and old.personal_data_erased_at
    assert (old.outcome, old.received_at, old.status) == (outcome, received, Case.Status.RETURNED)
    assert old.steps.count() == 3  # the figures stay
    assert "huong" not in old.search_folded
    # The history keeps the erasure with its reason, and no earlier row keeps the details.
    assert old.history.first().history_change_reason.startswith("Hết thời hạn lưu")
    assert set(old.history.values_list("applicant_name", flat=True)) == {"Đ.T.H."}
    assert not old.history.exclude(applicant_email="").exists()
    for case in (recent, still_open):
        case.refresh_from_db()
        assert case.personal_data_erased_at is None and case.applicant_name != case.initials
    assert erase_expired() == 0  # idempotent


def test_the_default_period_is_sixty_months(world):
    case = returned(world)
    Case.objects.filter(pk=case.pk).update(returned_at=timezone.now() - timedelta(days=58 * 30))
    assert erase_expired() == 0
    Case.objects.filter(pk=case.pk).update(returned_at=timezone.now() - timedelta(days=62 * 31))
    assert erase_expired() == 1


def test_refused_and_withdrawn_files_count_from_their_closing(world):
    OneStopSettings.objects.create(agency=world.agency, retention_months=1)
    clerk = make_clerk(world)
    gone = receive(world, applicant_name="Lê Thị Hằng")
    services.case_withdraw(case=gone, user=clerk, reason="Không có nhu cầu")
    Case.objects.filter(pk=gone.pk).update(withdrawn_at=timezone.now() - timedelta(days=40))
    assert erase_expired() == 1
    assert Case.objects.get(pk=gone.pk).applicant_name == "L.T.H."


def test_the_job_is_registered_with_the_scheduler():
    from qms.core.subjects import scheduled_jobs

    names = {job.__name__ for job in scheduled_jobs()}
    assert {"erase_expired", "purge_lookups"} <= names


def test_coordinator_sets_the_period_with_history_and_bad_input_is_refused(world, login):
    client = login(world.coordinator)
    url = reverse("cases:onestop_settings")
    page = client.get(url).content.decode()
    assert 'value="60"' in page
    bad = client.post(url, {"retention_months": "0"})
    assert bad.status_code == 200 and not OneStopSettings.objects.exists()
    assert "errorlist" in bad.content.decode()
    client.post(url, {"retention_months": "24", "auto_open_late_nc": "on"})
    current = OneStopSettings.objects.get(agency=world.agency)
    assert (current.retention_months, current.auto_open_late_nc, current.updated_by) == (24, True, world.coordinator)
    assert current.history.first().history_user == world.coordinator
    # The history says what changed (the one place the automatic NC choice is set, cases/late shows it).
    assert current.history.first().history_change_reason == (
        "Thiết lập một cửa: thời hạn lưu thông tin cá nhân: 24 tháng; "
        "tự động mở sự không phù hợp cho hồ sơ trễ hạn: bật")
    client.post(url, {"retention_months": "24"})
    assert current.history.first().history_change_reason == (
        "Thiết lập một cửa: tự động mở sự không phù hợp cho hồ sơ trễ hạn: tắt")
    assert not OneStopSettings.objects.get(agency=world.agency).auto_open_late_nc
    assert "Lịch sử thay đổi" in client.get(url).content.decode()
    assert login(world.staff).get(url).status_code == 403
    assert login(world.outsider).post(url, {"retention_months": "1"}).status_code == 302
    assert OneStopSettings.objects.get(agency=world.other_agency).retention_months == 1  # their own agency's


def test_access_log_lists_who_saw_which_file_filterable(world, login):
    revision = procedure(world)
    case = receive(world, revision=revision)
    other = receive(world, revision=revision, applicant_name="Trịnh Văn Đức")
    clerk = make_clerk(world)
    login(clerk).get(reverse("cases:case_detail", args=[case.pk]))
    login(world.coordinator).get(reverse("cases:form_receipt", args=[other.pk]))
    client = login(world.coordinator)
    url = reverse("cases:access_log")
    page = client.get(url).content.decode()
    assert case.code in page and other.code in page and "Hoàng Văn Cán Bộ" in page
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01)" in page
    by_code = client.get(url, {"ma": case.code}).content.decode()
    assert case.code in by_code and other.code not in by_code
    by_person = client.get(url, {"user": world.coordinator.pk}).content.decode()
    assert other.code in by_person and case.code not in by_person
    assert login(world.staff).get(url).status_code == 403
    assert PersonalDataAccess.objects.count() >= 2
