"""The citizens' status page (no login): by code or by the QR's key; initials only; a clear 404 for an unknown
code; lookups limited per sender; the rating through the QR, once, after the result was returned."""

import pytest
from django.urls import reverse

from cases.files import services
from cases.files.models import Case
from cases.public.models import StatusLookup
from tests.cases.slips.helpers import apology, procedure, receive, returned

pytestmark = pytest.mark.django_db
LOOKUP = reverse("case_public:lookup")


def _status(case):
    return reverse("case_public:status", kwargs={"key": case.public_key})


def test_status_by_code_and_by_qr_shows_the_stage_without_personal_data(world, client):
    case = receive(world, applicant_address="12 Đường Láng", applicant_phone="0912345678")
    page = client.get(LOOKUP, {"ma": case.code.lower()}).content.decode()
    assert case.code in page and "N.V.Á." in page and "Nguyễn Văn Ánh" not in page
    assert "12 Đường Láng" not in page and "0912345678" not in page
    assert "Cấp giấy phép xây dựng" in page and "Đã tiếp nhận" in page and 'data-testid="case-late"' not in page
    assert 'data-testid="rate-form"' not in page
    b1 = case.steps.get(order=1)
    services.step_take(step=b1, user=world.staff)
    services.step_complete(step=b1, user=world.staff)
    by_key = client.get(_status(case)).content.decode()
    assert "Đang giải quyết" in by_key and "Phòng Quản lý đô thị" in by_key  # the stage: where the file is
    assert "Hoàng Văn Cán Bộ" not in by_key  # never who handles it


def test_a_late_file_shows_the_apology_and_its_new_date(world, client):
    case = receive(world)
    slip = apology(world, case)
    Case.objects.filter(pk=case.pk).update(is_late=True)
    page = client.get(_status(case)).content.decode()
    assert 'data-testid="case-late"' in page and "chỉ giới đường đỏ" in page
    assert slip.new_appointment_at.astimezone().strftime("%H:%M") in page


def test_unknown_codes_and_keys_get_a_clear_404(world, client):
    response = client.get(LOOKUP, {"ma": "UBND-THU-NGHIEM-991231-9999"})
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không có hồ sơ nào mang mã UBND-THU-NGHIEM-991231-9999" in body and 'name="ma"' in body
    assert client.get(reverse("case_public:status", kwargs={"key": "x" * 22})).status_code == 404
    bad = client.get(LOOKUP, {"ma": "a\x00b"})
    assert bad.status_code in (200, 404) and StatusLookup.objects.count() == 2  # the NUL never reached a query
    empty = client.get(LOOKUP, {"ma": ""})
    assert empty.status_code == 200 and "Nhập mã hồ sơ" in empty.content.decode()


def test_lookups_are_limited_per_sender(world, client, settings):
    settings.QMS_CASE_LOOKUPS_PER_HOUR = 3
    case = receive(world)
    for _ in range(3):
        assert client.get(LOOKUP, {"ma": "KHONG-CO-0001"}).status_code == 404
    refused = client.get(LOOKUP, {"ma": case.code})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert client.get(_status(case)).status_code == 429
    other = client.get(LOOKUP, {"ma": case.code}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_rating_through_the_qr_once_after_the_result(world, client):
    revision = procedure(world)
    open_case = receive(world, revision=revision)
    response = client.post(_status(open_case), {"rating": "satisfied"})
    assert response.status_code == 200 and Case.objects.get(pk=open_case.pk).rating == ""
    case = returned(world, revision)
    page = client.get(_status(case)).content.decode()
    assert 'data-testid="rate-form"' in page
    # By code (sequential, guessable) the page shows the state but offers no rating.
    by_code = client.get(LOOKUP, {"ma": case.code}).content.decode()
    assert 'data-testid="rate-form"' not in by_code and "quét mã QR" in by_code
    missing = client.post(_status(case), {"comment": "?"})
    assert "Chọn mức đánh giá" in missing.content.decode() and Case.objects.get(pk=case.pk).rating == ""
    done = client.post(_status(case), {"rating": "not_satisfied", "comment": "Phải đi lại hai lần"}, follow=True)
    case.refresh_from_db()
    assert (case.rating, case.rating_comment) == ("not_satisfied", "Phải đi lại hai lần")
    assert "Cảm ơn ông/bà đã đánh giá" in done.content.decode() and 'data-testid="rate-form"' not in done.content.decode()
    assert case.history.first().history_user is None and case.history.first().history_change_reason == "Người dân đánh giá"
    again = client.post(_status(case), {"rating": "satisfied"})
    assert again.status_code == 200 and Case.objects.get(pk=case.pk).rating == "not_satisfied"


def test_old_lookups_are_forgotten_by_the_daily_job(world, client):
    from datetime import timedelta

    from django.utils import timezone

    from cases.public.services import purge_lookups

    client.get(LOOKUP, {"ma": "KHONG-CO-0001"})
    StatusLookup.objects.create(ip_hash="x", at=timezone.now() - timedelta(days=2))
    assert purge_lookups() == 1 and StatusLookup.objects.count() == 1
