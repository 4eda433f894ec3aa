"""Recording a nonconformity (NC-1): its severity is chosen, never preselected, with what each grade means."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import Nonconformity
from audits.feedback import services as fsvc
from audits.feedback.models import Feedback
from tests.audits.capa.helpers import open_nc

pytestmark = pytest.mark.django_db
MISSING = "Chọn mức độ: không phù hợp nặng hoặc không phù hợp nhẹ."


def _radios(body, name="severity"):
    return re.findall(rf'<input type="radio" name="{name}"[^>]*>', body)


def _nc_data(**data):
    payload = {"kind": "nonconformity", "source": "staff_report", "description": "Phiếu hẹn viết tay, không có mã hồ sơ.",
               "detected_on": timezone.localdate().isoformat(), "clause": "7.5.3"}
    payload.update(data)
    return payload


def test_nc_form_offers_both_grades_with_their_meaning_and_none_chosen(world, login):
    body = login(world.staff).get(reverse("audits:nc_create")).content.decode()
    radios = _radios(body)
    assert len(radios) == 2 and not any("checked" in r for r in radios)
    for value, label in Nonconformity.Severity.choices:
        assert str(label) in body and str(Nonconformity.SEVERITY_HELP[value]) in body


def test_nc_without_severity_is_refused_in_vietnamese_and_nothing_is_saved(world, login):
    response = login(world.staff).post(reverse("audits:nc_create"), _nc_data())
    assert response.status_code == 200
    assert response.context["form"].errors["severity"] == [MISSING]
    assert not Nonconformity.objects.exists()


def test_nc_with_chosen_severity_is_saved(world, login):
    response = login(world.staff).post(reverse("audits:nc_create"), _nc_data(severity="major"))
    assert response.status_code == 302
    assert Nonconformity.objects.get().severity == Nonconformity.Severity.MAJOR


def test_editing_an_nc_keeps_the_grade_it_was_given(world, login):
    nc = open_nc(world, severity="major")
    body = login(world.reviewer).get(reverse("audits:nc_edit", kwargs={"pk": nc.pk})).content.decode()
    checked = [r for r in _radios(body) if "checked" in r]
    assert len(checked) == 1 and 'value="major"' in checked[0]


def test_service_refuses_an_nc_without_severity(world):
    with pytest.raises(ValidationError) as exc:
        svc.nc_open(agency=world.agency, source="staff_report", user=world.staff, description="Phiếu hẹn viết tay.")
    assert exc.value.message_dict["severity"] == [MISSING]
    assert not Nonconformity.objects.exists()


def test_database_refuses_an_nc_without_a_valid_severity(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nonconformity.objects.create(agency=world.agency, year=2026, number=1, reference="NC-2026-001",
                                     source="staff_report", description="x", detected_on=timezone.localdate())


def test_feedback_turned_into_nc_needs_a_chosen_severity(world, login):
    feedback = fsvc.feedback_submit(agency=world.agency, content="Hồ sơ của tôi trả muộn 5 ngày.")
    client = login(world.coordinator)
    body = client.get(reverse("audits:feedback_detail", kwargs={"pk": feedback.pk})).content.decode()
    assert len(_radios(body)) == 2 and not any("checked" in r for r in _radios(body))
    refused = client.post(reverse("audits:feedback_to_nc", kwargs={"pk": feedback.pk}),
                          {"department": world.departments["desk"].pk, "clause": "8.2.1", "description": ""})
    assert refused.status_code == 400 and MISSING in refused.content.decode()
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert feedback.nc_id is None and not Nonconformity.objects.exists()
    with pytest.raises(ValidationError):
        fsvc.feedback_to_nc(feedback=feedback, user=world.coordinator, department=world.departments["desk"])
    assert not Nonconformity.objects.exists()
