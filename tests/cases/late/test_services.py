"""The apology slip (before/after the date, its checks), a late file's NC in one step and automatically, a
dissatisfied rating turned into feedback or an NC, and who may do each."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits.capa.models import Nonconformity
from audits.feedback.models import Feedback
from cases.files.models import ApologySlip, Case, OneStopSettings
from cases.late import jobs, services
from cases.privacy.services import settings_update
from qms.core.models import Notification
from tests.cases.late.helpers import at, next_working_morning, received, returned

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


def _issue(world, case, **extra):
    data = {"case": case, "user": world.coordinator, "new_appointment_at": next_working_morning(case),
            "reason": "Chờ ý kiến thẩm định của Sở Xây dựng", "signed_by": world.head,
            "now": case.received_at + datetime.timedelta(hours=1), **extra}
    return services.apology_issue(**data)


def test_an_apology_before_the_date_sets_the_new_date_numbered_per_file_with_the_reason_in_history(world):
    case = received(world, at(2026, 6, 1, 9, 0), days=3)
    first = _issue(world, case)
    case.refresh_from_db()
    assert (first.number, first.signed_by, first.issued_by) == (1, world.head, world.coordinator)
    assert case.new_appointment_at == first.new_appointment_at and case.appointment_at < case.new_appointment_at
    assert "Chờ ý kiến thẩm định" in case.history.first().history_change_reason
    second = _issue(world, case, new_appointment_at=next_working_morning(case, hour=14), reason="Lãnh đạo đi vắng")
    assert second.number == 2 and ApologySlip.objects.filter(case=case).count() == 2
    # Another file starts again at 1.
    other = received(world, at(2026, 6, 1, 9, 30), days=3, revision=case.revision)
    assert _issue(world, other).number == 1


def test_after_the_date_the_apology_is_refused_saying_it_had_to_be_made_before(world):
    case = received(world, at(2026, 6, 1, 9, 0), days=1)
    with pytest.raises(ValidationError, match="phải lập trước ngày hẹn trả kết quả"):
        _issue(world, case, now=case.appointment_at + MINUTE)
    with pytest.raises(ValidationError, match="phải lập trước"):
        _issue(world, case, now=case.appointment_at)  # at the very moment: already too late
    assert not ApologySlip.objects.exists()


@pytest.mark.parametrize("change, field, words", [
    ({"reason": "  "}, "reason", "lý do"),
    ({"new_appointment_at": None}, "new_appointment_at", "Cần chọn"),
    ({"new_appointment_at": "same"}, "new_appointment_at", "phải sau ngày hẹn hiện tại"),
    ({"new_appointment_at": at(2026, 6, 6, 9, 0)}, "new_appointment_at", "ngày làm việc"),  # a Saturday
    ({"new_appointment_at": at(2026, 6, 8, 12, 0)}, "new_appointment_at", "giờ làm việc"),  # lunch break
    ({"new_appointment_at": at(2026, 6, 8, 18, 0)}, "new_appointment_at", "giờ làm việc"),
    ({"signed_by": "staff"}, "signed_by", "lãnh đạo"),
    ({"signed_by": None}, "signed_by", "lãnh đạo"),
])
def test_the_apology_checks_each_field_and_saves_nothing(world, change, field, words):
    case = received(world, at(2026, 6, 1, 9, 0), days=1)
    change = dict(change)
    if change.get("new_appointment_at") == "same":
        change["new_appointment_at"] = case.appointment_at
    if change.get("signed_by") == "staff":
        change["signed_by"] = world.staff
    with pytest.raises(ValidationError) as caught:
        _issue(world, case, **change)
    assert words in " ".join(caught.value.message_dict[field])
    case.refresh_from_db()
    assert case.new_appointment_at is None and not ApologySlip.objects.exists()


def test_the_handler_or_the_coordinator_issue_the_apology_nobody_else(world):
    case = received(world, at(2026, 6, 1, 9, 0), days=3)
    for outsider in (world.auditor, world.head, world.outsider):
        with pytest.raises(PermissionDenied):
            _issue(world, case, user=outsider)
    from cases.files import services as files

    files.step_take(step=case.steps.get(order=1), user=world.staff, now=at(2026, 6, 1, 9, 5))
    assert _issue(world, case, user=world.staff).issued_by == world.staff


def test_a_late_file_becomes_an_nc_in_one_step_with_what_the_coordinator_needs(world):
    case = received(world, at(2026, 6, 1, 9, 0), days=1)
    with pytest.raises(ValidationError, match="không trễ hạn"):
        services.late_case_open_nc(case=case, user=world.coordinator, now=case.appointment_at)
    later = at(2026, 6, 4, 9, 0)  # two working days after Tuesday 09:00
    with pytest.raises(PermissionDenied):
        services.late_case_open_nc(case=case, user=world.staff, now=later)
    nc = services.late_case_open_nc(case=case, user=world.coordinator, now=later)
    case.refresh_from_db()
    assert case.nc == nc and case.is_late
    assert nc.source == Nonconformity.Source.LATE_CASE and nc.get_source_display() == "Hồ sơ trễ hạn"
    assert nc.source_ref == case.code and nc.document == case.document and nc.created_by == world.coordinator
    for words in (case.code, "1.009994", "trễ hạn 2.00 ngày làm việc", "02/06/2026", "Các bước trễ hạn", "B1"):
        assert words in nc.description
    with pytest.raises(ValidationError, match=nc.reference):
        services.late_case_open_nc(case=case, user=world.coordinator, now=later)
    assert Nonconformity.objects.count() == 1


def test_late_files_open_their_nc_by_themselves_when_the_agency_chose_it(world):
    case = received(world, at(2026, 6, 1, 9, 0), days=1)
    late = case.appointment_at + MINUTE
    assert jobs.alert_late(now=late)["ncs"] == 0  # not chosen: offered to the coordinator only
    assert Case.objects.get(pk=case.pk).nc is None
    # The choice is made on the one-stop settings page (cases/privacy), the one place for it.
    settings_update(agency=world.agency, user=world.coordinator, retention_months=60, auto_open_late_nc=True)
    assert OneStopSettings.objects.get(agency=world.agency).auto_open_late_nc
    assert jobs.alert_late(now=late + MINUTE)["ncs"] == 1
    case.refresh_from_db()
    assert case.nc.source == Nonconformity.Source.LATE_CASE
    # The system opened it: no person in the NC or in the file's history.
    assert case.nc.created_by is None and case.history.first().history_user is None
    assert "Tự động mở" in case.history.first().history_change_reason
    assert jobs.alert_late(now=late + 2 * MINUTE)["ncs"] == 0
    with pytest.raises(PermissionDenied):
        settings_update(agency=world.agency, user=world.staff, retention_months=60, auto_open_late_nc=False)
    assert OneStopSettings.objects.get(agency=world.agency).auto_open_late_nc


def test_a_dissatisfied_rating_becomes_feedback_once(world):
    case = returned(world)
    feedback = services.rating_to_feedback(case=case, user=world.staff)
    case.refresh_from_db()
    assert case.feedback == feedback and feedback.status == Feedback.Status.RECEIVED
    assert case.code in feedback.content and "Phải đi lại nhiều lần" in feedback.content
    assert feedback.name == "N.V.Á." and "Nguyễn" not in feedback.content  # initials only
    assert feedback.history.first().history_user == world.staff
    assert Notification.objects.filter(key="feedback.new", user=world.coordinator).exists()
    with pytest.raises(ValidationError, match=feedback.tracking_code):
        services.rating_to_feedback(case=case, user=world.coordinator)


def test_a_dissatisfied_rating_becomes_an_nc_and_others_are_refused(world):
    case = returned(world)
    with pytest.raises(PermissionDenied):
        services.rating_to_nc(case=case, user=world.author)
    nc = services.rating_to_nc(case=case, user=world.coordinator)
    case.refresh_from_db()
    assert case.nc == nc and nc.source == Nonconformity.Source.CITIZEN_FEEDBACK and nc.source_ref == case.code
    with pytest.raises(ValidationError, match=nc.reference):
        services.rating_to_nc(case=case, user=world.coordinator)
    happy = returned(world, rating="satisfied", revision=case.revision)
    with pytest.raises(ValidationError, match="Không hài lòng"):
        services.rating_to_feedback(case=happy, user=world.staff)
