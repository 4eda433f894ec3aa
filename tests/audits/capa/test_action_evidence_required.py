"""An action is done only with evidence (NC-5), or with a written reason for having none.

The reason is stored on the action, kept in its history, and shown to whoever verifies effectiveness
(the check's page) and on the NC's page; before, an action could be completed with nothing behind it.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.capa import services as svc
from audits.capa.models import Action, Nonconformity
from tests.audits.capa.helpers import nc_at

S = Nonconformity.Status
pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MISSING = "Chưa có tệp bằng chứng: tải tệp lên, hoặc ghi lý do không có bằng chứng."
REASON = "Hành động là buổi họp giao ban; biên bản giấy lưu tại Văn phòng, sổ số 12."


def _planned(world):
    nc = nc_at(world, S.ACTIONS_PLANNED, owners=("author", "staff"))
    return nc, nc.actions.get(owner=world.author), nc.actions.get(owner=world.staff)


def _complete_url(action):
    return reverse("audits:action_complete", kwargs={"pk": action.pk})


def test_action_without_evidence_or_reason_is_refused_and_stays_open(world):
    _nc, action, _other = _planned(world)
    history = action.history.count()
    with pytest.raises(ValidationError) as exc:
        svc.action_complete(action=action, user=world.author, result="Đã sửa QT-05.")
    assert exc.value.message_dict["no_evidence_reason"] == [MISSING]
    action.refresh_from_db()
    assert action.status == Action.Status.PLANNED and action.history.count() == history


def test_blank_reason_counts_as_none(world):
    _nc, action, _other = _planned(world)
    with pytest.raises(ValidationError):
        svc.action_complete(action=action, user=world.author, result="Đã sửa QT-05.", no_evidence_reason=" \x00 ")
    assert Action.objects.get(pk=action.pk).status == Action.Status.PLANNED


def test_action_with_uploaded_evidence_completes_without_a_reason(world):
    _nc, action, _other = _planned(world)
    svc.action_evidence_add(action=action, user=world.author, upload=SimpleUploadedFile("qt05.pdf", PDF))
    svc.action_complete(action=action, user=world.author, result="Đã ban hành QT-05 lần 03.")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.no_evidence_reason == ""


def test_written_reason_is_stored_and_recorded_in_history(world):
    _nc, action, _other = _planned(world)
    svc.action_complete(action=action, user=world.author, result="Đã họp giao ban.", no_evidence_reason=REASON)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.no_evidence_reason == REASON
    record = action.history.order_by("-history_id").first()
    assert record.no_evidence_reason == REASON and record.history_user == world.author
    assert REASON in record.history_change_reason


def test_action_page_asks_for_a_reason_only_while_there_is_no_evidence(world, login):
    _nc, action, _other = _planned(world)
    client = login(world.author)
    page = client.get(action.get_absolute_url()).content.decode()
    assert 'name="no_evidence_reason"' in page
    svc.action_evidence_add(action=action, user=world.author, upload=SimpleUploadedFile("qt05.pdf", PDF))
    page = client.get(action.get_absolute_url()).content.decode()
    assert 'name="no_evidence_reason"' not in page


def test_completing_through_the_page_without_evidence_or_reason_shows_why(world, login):
    _nc, action, _other = _planned(world)
    response = login(world.author).post(_complete_url(action), {
        "result": "Đã sửa QT-05.", "completed_on": timezone.localdate().isoformat(), "no_evidence_reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["no_evidence_reason"] == [MISSING]
    assert MISSING in response.content.decode()
    assert Action.objects.get(pk=action.pk).status == Action.Status.PLANNED


def test_completing_through_the_page_with_a_reason(world, login):
    _nc, action, _other = _planned(world)
    response = login(world.author).post(_complete_url(action), {
        "result": "Đã họp giao ban.", "completed_on": timezone.localdate().isoformat(), "no_evidence_reason": REASON})
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).no_evidence_reason == REASON


def test_verifier_and_nc_page_show_the_evidence_or_the_reason_for_none(world, login):
    nc, with_file, without = _planned(world)
    svc.action_evidence_add(action=with_file, user=world.author, upload=SimpleUploadedFile("QT-05-lan-03.pdf", PDF))
    svc.action_complete(action=with_file, user=world.author, result="Đã ban hành QT-05 lần 03.")
    svc.action_complete(action=without, user=world.staff, result="Đã họp giao ban.", no_evidence_reason=REASON)
    nc.refresh_from_db()
    assert nc.status == S.ACTIONS_DONE
    client = login(world.auditor)  # found the NC: the check is theirs
    verify = client.get(reverse("audits:nc_verify", kwargs={"pk": nc.pk})).content.decode()
    assert "QT-05-lan-03.pdf" in verify and REASON in verify
    assert reverse("audits:evidence_download", kwargs={"pk": with_file.evidence.get().pk}) in verify
    detail = client.get(nc.get_absolute_url()).content.decode()
    assert "QT-05-lan-03.pdf" in detail and REASON in detail
