"""Citizens' feedback (NC-7): the public form's anti-spam, the status page, the coordinator's inbox."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits.feedback import services as fsvc
from audits.feedback.models import Feedback
from audits.capa.models import Nonconformity
from audits.feedback.models import TRACKING_ALPHABET

pytestmark = pytest.mark.django_db


def _form_url(world):
    return reverse("audits:feedback_form", kwargs={"agency_code": world.agency.code})


def _post(client, world, ip="203.0.113.5", **data):
    payload = {"name": "Nguyễn Văn A", "contact": "0912345678", "procedure": "Cấp giấy phép xây dựng",
               "content": "Hồ sơ của tôi trả muộn 5 ngày so với phiếu hẹn.", "website": ""}
    payload.update(data)
    return client.post(_form_url(world), payload, REMOTE_ADDR=ip)


def test_citizen_without_login_sends_feedback_and_gets_a_tracking_code(client, world):
    response = _post(client, world)
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("audits:feedback_status", kwargs={"code": feedback.tracking_code})
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert feedback.tracking_code in body and "Cảm ơn bạn" in body
    assert "0912345678" not in body  # contact details are never public
    assert feedback.agency == world.agency and feedback.status == Feedback.Status.RECEIVED
    assert world.coordinator.notifications.filter(text__contains=feedback.tracking_code).exists()


def test_tracking_codes_are_random_and_readable(world):
    codes = {fsvc.feedback_submit(agency=world.agency, content=f"Nội dung {i}", ip=f"10.0.0.{i}").tracking_code
             for i in range(5)}
    assert len(codes) == 5
    for code in codes:
        prefix, first, second = code.split("-")
        assert prefix == "PA" and len(first + second) == 10 and set(first + second) <= set(TRACKING_ALPHABET)


def test_empty_feedback_is_refused_with_a_message_and_nothing_stored(client, world):
    response = _post(client, world, content="   ")
    assert response.status_code == 200
    assert "Xin vui lòng nhập nội dung" in response.content.decode()
    assert not Feedback.objects.exists()


def test_oversized_feedback_is_refused(client, world):
    response = _post(client, world, content="x" * (fsvc.MAX_CONTENT + 1))
    assert response.status_code == 200 and not Feedback.objects.exists()
    assert str(fsvc.MAX_CONTENT) in response.content.decode()  # the message names the limit


def test_script_laden_feedback_is_stored_as_text_and_shown_escaped(client, world):
    _post(client, world, content="<script>alert('x')</script> Hồ sơ trễ")
    feedback = Feedback.objects.get()
    page = client.get(reverse("audits:feedback_status", kwargs={"code": feedback.tracking_code}))
    body = page.content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;" in body


def test_filled_honeypot_is_refused_politely_and_nothing_stored(client, world):
    response = _post(client, world, website="http://spam.example")
    assert response.status_code == 429
    assert "Không thể tiếp nhận" in response.content.decode()
    assert not Feedback.objects.exists()


def test_flooding_from_one_address_is_refused_after_the_limit(client, world, settings):
    settings.QMS_FEEDBACK_PER_HOUR = 5
    for i in range(5):
        assert _post(client, world, content=f"Phản ánh {i}").status_code == 302
    refused = _post(client, world, content="Phản ánh 6")
    assert refused.status_code == 429
    assert "thử lại sau" in refused.content.decode()
    assert Feedback.objects.count() == 5
    # Another address is not affected.
    assert _post(client, world, ip="198.51.100.7").status_code == 302


def test_address_is_kept_only_as_a_keyed_hash(client, world):
    _post(client, world, ip="203.0.113.5")
    feedback = Feedback.objects.get()
    assert "203.0.113.5" not in feedback.ip_hash and len(feedback.ip_hash) == 64


def test_unknown_agency_code_answers_404(client):
    assert client.get(reverse("audits:feedback_form", kwargs={"agency_code": "khong-co"})).status_code == 404


def test_lookup_redirects_to_the_status_page_or_says_not_found(client, world):
    feedback = fsvc.feedback_submit(agency=world.agency, content="Trễ hạn")
    url = reverse("audits:feedback_lookup")
    found = client.get(url, {"code": feedback.tracking_code.lower()})
    assert found.status_code == 302 and feedback.tracking_code in found["Location"]
    missing = client.get(url, {"code": "PA-AAAAA-BBBBB"})
    assert missing.status_code == 200 and "Không tìm thấy" in missing.content.decode()
    assert client.get(reverse("audits:feedback_status", kwargs={"code": "PA-AAAAA-BBBBB"})).status_code == 404


def test_coordinator_turns_feedback_into_nc_and_answers(world):
    feedback = fsvc.feedback_submit(agency=world.agency, content="Hồ sơ trễ hạn 5 ngày", procedure="Cấp GPXD")
    nc = fsvc.feedback_to_nc(feedback=feedback, user=world.coordinator, department=world.departments["urban"],
                              severity="minor")
    assert nc.source == Nonconformity.Source.CITIZEN_FEEDBACK and nc.source_ref == feedback.tracking_code
    assert "Cấp GPXD" in nc.description and nc.responsible == world.reviewer
    feedback.refresh_from_db()
    assert feedback.nc == nc and feedback.status == Feedback.Status.RECEIVED
    with pytest.raises(ValidationError):
        fsvc.feedback_to_nc(feedback=feedback, user=world.coordinator)
    with pytest.raises(ValidationError):
        fsvc.feedback_dismiss(feedback=feedback, user=world.coordinator, reason="x")
    fsvc.feedback_answer(feedback=feedback, user=world.coordinator, answer="Chúng tôi xin lỗi và đã khắc phục.")
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED and feedback.answered_by == world.coordinator


def test_answer_and_dismissal_need_text_and_a_manager(world):
    feedback = fsvc.feedback_submit(agency=world.agency, content="Trễ hạn")
    with pytest.raises(ValidationError):
        fsvc.feedback_answer(feedback=feedback, user=world.coordinator, answer=" ")
    with pytest.raises(ValidationError):
        fsvc.feedback_dismiss(feedback=feedback, user=world.coordinator, reason="")
    with pytest.raises(PermissionDenied):
        fsvc.feedback_answer(feedback=feedback, user=world.staff, answer="x")
    with pytest.raises(PermissionDenied):
        fsvc.feedback_answer(feedback=feedback, user=world.outsider, answer="x")
    fsvc.feedback_dismiss(feedback=feedback, user=world.coordinator, reason="Quảng cáo")
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.DISMISSED
    with pytest.raises(ValidationError):
        fsvc.feedback_answer(feedback=feedback, user=world.coordinator, answer="x")


def test_citizen_sees_the_answer_on_the_status_page(client, world):
    feedback = fsvc.feedback_submit(agency=world.agency, content="Trễ hạn")
    fsvc.feedback_answer(feedback=feedback, user=world.coordinator, answer="Đã xử lý, xin lỗi ông.")
    page = client.get(reverse("audits:feedback_status", kwargs={"code": feedback.tracking_code}))
    assert "Đã xử lý, xin lỗi ông." in page.content.decode()
    assert "Đã trả lời" in page.content.decode()


def test_coordinator_inbox_lists_waiting_feedback_of_own_agency_only(login, world):
    mine = fsvc.feedback_submit(agency=world.agency, content="Của cơ quan mình")
    theirs = fsvc.feedback_submit(agency=world.other_agency, content="Của cơ quan khác", ip="1.1.1.1")
    body = login(world.coordinator).get(reverse("audits:feedback_list")).content.decode()
    assert mine.tracking_code in body and theirs.tracking_code not in body


def test_coordinator_answers_through_the_page(login, world):
    feedback = fsvc.feedback_submit(agency=world.agency, content="Trễ hạn")
    client = login(world.coordinator)
    refused = client.post(reverse("audits:feedback_answer", kwargs={"pk": feedback.pk}), {"answer": ""})
    assert refused.status_code == 400
    done = client.post(reverse("audits:feedback_answer", kwargs={"pk": feedback.pk}), {"answer": "Đã xử lý"})
    assert done.status_code == 302
    converted = client.post(
        reverse("audits:feedback_to_nc", kwargs={"pk": feedback.pk}),
        {"department": world.departments["desk"].pk, "severity": "minor", "clause": "8.2.1", "description": ""},
    )
    assert converted.status_code == 302
    feedback.refresh_from_db()
    assert feedback.nc.department == world.departments["desk"]


def test_public_form_suggests_the_agency_public_current_procedures(client, world):
    from django.utils import timezone

    from processes.documents.models import Document, Revision
    from tests.processes.documents.helpers import effective_revision, make_document, make_draft

    effective_revision(world, make_document(world, "QT-05", "Cấp giấy phép xây dựng", is_public=True))
    effective_revision(world, make_document(world, "QT-09", "Quy trình nội bộ", is_public=False))
    make_draft(world, make_document(world, "QT-11", "Dự thảo công khai", is_public=True))
    foreign = Document.objects.create(agency=world.other_agency, code="QT-01", title="Cơ quan khác", is_public=True)
    Revision.objects.create(document=foreign, agency=world.other_agency, issue_number=1, title=foreign.title,
                            author=world.outsider,
                            status=Revision.Status.EFFECTIVE, effective_date=timezone.localdate())
    body = client.get(reverse("audits:feedback_form", kwargs={"agency_code": world.agency.code})).content.decode()
    assert '<option value="QT-05 Cấp giấy phép xây dựng">' in body
    assert "QT-09" not in body and "QT-11" not in body and "QT-01" not in body


def test_public_pages_speak_english_to_an_english_browser(client, world):
    url = reverse("audits:feedback_form", kwargs={"agency_code": world.agency.code})
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Feedback on administrative procedures" in body and "Your feedback" in body
    feedback = fsvc.feedback_submit(agency=world.agency, content="Late dossier")
    body = client.get(reverse("audits:feedback_status", kwargs={"code": feedback.tracking_code}),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Received, being handled" in body


@pytest.mark.parametrize("code", ["%00", "PA-%00", "x" * 30, "<script>", "PA-AAAAA-BBBBB%20"])
def test_junk_tracking_codes_answer_404(client, code):
    assert client.get(f"/danh-gia/phan-anh/tra-cuu/{code}/").status_code == 404
