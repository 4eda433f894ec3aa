"""The desk's receive form (bad input), the register's filters and accent-insensitive search, personal details
shown only to handlers, My work."""

import pytest
from django.urls import reverse

from cases.files import services
from cases.files.models import Case, PersonalDataAccess
from qms.core.mywork import work_for
from tests.cases.files.helpers import PAPERS, make_clerk, procedure, receive
from tests.processes.documents.helpers import make_draft

pytestmark = pytest.mark.django_db
URL = reverse("cases:case_receive")


def _post(client, revision, **extra):
    data = {"revision": revision.pk, "applicant_kind": "person", "applicant_name": "Trần Thị Bình", "sets": 1,
            "channel": "desk", "decision": "receive", "papers": PAPERS, **extra}
    return client.post(URL, data)


def test_receiving_through_the_form_shows_the_appointment_first_and_saves_the_file(world, login):
    client = login(make_clerk(world))
    revision = procedure(world)
    page = client.get(URL, {"revision": revision.pk}).content.decode()
    assert "1.009994" in page and 'data-testid="appointment"' in page and PAPERS[1] in page
    response = _post(client, revision)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.applicant_name == "Trần Thị Bình" and case.papers_missing == []


def test_bad_input_is_refused_with_a_message_and_saves_nothing(world, login):
    client = login(make_clerk(world))
    revision = procedure(world)
    no_procedure = client.post(URL, {"applicant_name": "A"})
    assert "This field is required" not in no_procedure.content.decode()
    assert "Trường này là bắt buộc" in no_procedure.content.decode() or "bắt buộc" in no_procedure.content.decode()
    no_papers = _post(client, revision, papers=[])
    assert no_papers.status_code == 200 and "chưa đủ thành phần" in no_papers.content.decode()
    draft = make_draft(world, revision.document, dossier="Đơn", processing_time_days=5)
    forged = _post(client, draft, papers=["Đơn"])
    assert forged.status_code == 200 and "đang hiệu lực" in forged.content.decode()
    unknown_paper = _post(client, revision, papers=[*PAPERS, "Giấy tờ bịa"])
    assert unknown_paper.status_code == 200
    assert Case.objects.count() == 0


def test_incomplete_papers_can_become_a_supplement_request(world, login):
    client = login(make_clerk(world))
    revision = procedure(world)
    response = _post(client, revision, papers=PAPERS[:2], decision="supplement", supplement_text="Bổ sung bản vẽ")
    assert response.status_code == 302
    assert Case.objects.get().status == Case.Status.SUPPLEMENT


def test_register_filters_and_searches_without_accents(world, login):
    revision = procedure(world)
    first = receive(world, revision=revision, applicant_name="Đặng Thị Hường")
    second = receive(world, revision=revision, applicant_name="Lê Văn Nam")
    services.case_refuse(case=second, user=world.staff, reasons="Sai thẩm quyền", legal_basis="Điều 18")
    client = login(world.staff)
    url = reverse("cases:case_list")
    found = client.get(url, {"q": "dang thi huong"}).content.decode()
    assert first.code in found and second.code not in found
    refused = client.get(url, {"status": "refused"}).content.decode()
    assert second.code in refused and first.code not in refused
    dept = client.get(url, {"department": world.departments["urban"].pk}).content.decode()
    assert first.code in dept
    none_late = client.get(url, {"late": "yes"}).content.decode()
    assert first.code not in none_late
    # Someone without access to applicants sees initials, and searches by code only.
    client = login(world.auditor)
    page = client.get(url, {"q": "huong"}).content.decode()
    assert first.code not in page
    page = client.get(url).content.decode()
    assert "Đặng Thị Hường" not in page and "Đ.T.H." in page


def test_file_page_shows_applicant_to_handlers_only_and_logs_it(world, login):
    case = receive(world)
    page = login(world.auditor).get(case.get_absolute_url()).content.decode()
    assert "Nguyễn Văn Ánh" not in page and "N.V.Á." in page
    assert not PersonalDataAccess.objects.exists()
    page = login(world.author).get(case.get_absolute_url()).content.decode()  # Phòng QLĐT handles step B2
    assert "Nguyễn Văn Ánh" in page and "0912345678" in page
    assert PersonalDataAccess.objects.filter(user=world.author, case=case).count() == 1
    assert login(world.outsider).get(case.get_absolute_url()).status_code == 404


def test_my_work_lists_held_steps_and_the_department_queue(world):
    case = receive(world)
    b1 = case.steps.get(order=1)
    staff_items = work_for(world.staff)
    assert any(case.code in i.title and "chờ" in i.section for i in staff_items)  # the desk picks up B1
    services.step_take(step=b1, user=world.staff)
    assert any(case.code in i.title and "đang xử lý" in i.section for i in work_for(world.staff))
    assert not any(case.code in i.title for i in work_for(world.author))
    services.step_complete(step=b1, user=world.staff)
    queue = [i for i in work_for(world.author) if case.code in i.title]
    assert queue and "phòng tôi" in queue[0].section and queue[0].due is not None
    assert not any(case.code in i.title for i in work_for(world.auditor))
