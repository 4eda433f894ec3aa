"""Recording a finding (AUD-4): its kind is chosen by the auditor, never preselected.

The form used to open on "major nonconformity" (the first option of a select): a finding saved in a
hurry became a major NC nobody had decided on.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from audits.capa.models import Nonconformity
from audits.internal import services as svc
from audits.internal.models import Finding
from tests.audits.internal.helpers import audit

pytestmark = pytest.mark.django_db


def _post(client, a, **data):
    payload = {"clause": "4.2.3.d", "description": "Quầy 3 dùng QT-05 lần 01 đã hết hiệu lực.",
               "evidence": "Bản in QT-05/01 tại quầy 3.", "department": "", "requirement": "", "checklist_item": ""}
    payload.update(data)
    return client.post(reverse("audits:finding_add", kwargs={"pk": a.pk}), payload)


def test_finding_form_offers_each_kind_as_a_radio_with_its_meaning_and_none_chosen(world, login):
    a = audit(world, status="in_progress")
    body = login(world.auditor).get(reverse("audits:finding_add", kwargs={"pk": a.pk})).content.decode()
    radios = re.findall(r'<input type="radio" name="kind"[^>]*>', body)
    assert len(radios) == len(Finding.Kind.choices)
    assert not any("checked" in r for r in radios)
    for value, label in Finding.Kind.choices:
        assert str(label) in body
        assert str(Finding.KIND_HELP[value]) in body
    # Each explanation is tied to its radio for screen readers.
    first = radios[0]
    described = re.search(r'aria-describedby="([^"]+)"', first).group(1)
    assert f'id="{described}"' in body


def test_finding_without_a_kind_is_refused_in_vietnamese_and_nothing_is_saved(world, login):
    a = audit(world, status="in_progress")
    response = _post(login(world.auditor), a)
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "Chọn loại phát hiện: không phù hợp nặng, không phù hợp nhẹ, điểm lưu ý hoặc cơ hội cải tiến."
    ]
    assert not Finding.objects.exists() and not Nonconformity.objects.exists()


def test_finding_with_the_chosen_kind_is_saved(world, login):
    a = audit(world, status="in_progress")
    response = _post(login(world.auditor), a, kind="minor_nc")
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.kind == Finding.Kind.MINOR_NC
    assert finding.nonconformity.severity == Nonconformity.Severity.MINOR


def test_service_refuses_a_missing_kind(world):
    a = audit(world, status="in_progress")
    with pytest.raises(ValidationError) as exc:
        svc.finding_add(audit=a, user=world.auditor, kind="", clause="7.5", description="Bảng niêm yết khuất.")
    assert exc.value.message_dict["kind"][0].startswith("Chọn loại phát hiện")
    assert not Finding.objects.exists()


def test_database_refuses_a_finding_without_a_valid_kind(world):
    a = audit(world, status="in_progress")
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(agency=world.agency, audit=a, number=1, kind="", clause="7.5", description="x")
