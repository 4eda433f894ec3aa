"""The recall task page (PDF-4; issue 13, item 1): a holder asked to return a controlled copy opens what they are
asked to act on, never a 404.

Reported: "return your copy" in notifications and My work opened the superseded revision, which staff may not
view. Now both link to the copy's recall page: which copy (number, holder, date issued), which issue, what replaces
it (a link to the current issue), how to return it and who confirms; and the superseded content, read-only and
stamped "HẾT HIỆU LỰC", for reference. The copy's holder and the agency's managers may open it (one access
function, processes/copies/permissions.can_open_recall, for the page and the links); anyone else gets 404.
"""

import pytest
from django.utils import timezone

from processes.copies import recall
from processes.copies import services as services_pdf
from processes.copies.models import Copy
from processes.documents import services
from processes.documents.models import DistributionEntry, PeriodicReview, Revision
from qms.core.models import Notification, Role
from qms.core.mywork import work_for
from tests.factories import make_user
from tests.processes.documents.helpers import approve, effective_revision, make_document, make_draft, submit

S = Revision.Status
OLD_PURPOSE = "Quy định trình tự cấp giấy phép xây dựng trong 20 ngày làm việc."
NEW_PURPOSE = "Quy định trình tự cấp giấy phép xây dựng trong 15 ngày làm việc."


@pytest.fixture(autouse=True)
def _no_master_render(monkeypatch):
    monkeypatch.setattr(services_pdf, "queue_master", lambda **kwargs: None)


@pytest.fixture
def superseded(world, django_capture_on_commit_callbacks):
    """Issue 01 of QT-05 with copy 01 held by the reviewer (head of urban) and copy 02 by the staff member,
    superseded by issue 02; both copies asked back, the new issue's copies issued to the same holders."""
    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, department=world.departments["urban"])
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        old = effective_revision(world, document, purpose=OLD_PURPOSE)
    with django_capture_on_commit_callbacks(execute=True):
        new = make_draft(world, document, purpose=NEW_PURPOSE)
        submit(world, new)
        approve(world, new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == S.SUPERSEDED and new.status == S.EFFECTIVE
    copy = Copy.objects.get(revision=old, number=2)
    assert copy.holder == world.staff and copy.recall_requested_at is not None
    return old, new, copy


def _page(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_holder_follows_the_notification_to_the_recall_page_not_a_404(world, login, superseded):
    old, new, copy = superseded
    notification = Notification.objects.get(user=world.staff, text__startswith="Nộp lại")
    assert notification.url == f"/tai-lieu/ban-kiem-soat/{copy.pk}/nop-lai/"
    client = login(world.staff)

    response = client.get(f"/thong-bao/{notification.pk}/", follow=True)

    page = _page(response)
    assert response.redirect_chain == [(notification.url, 302)]
    assert "Nộp lại bản kiểm soát số 02" in page
    facts = page.split('data-testid="recall-copy"')[1].split("</section>")[0]
    assert "02" in facts and world.staff.display_name in facts and "Bộ phận một cửa" in facts
    assert f"{timezone.localtime(copy.issued_at):%d/%m/%Y}" in facts and "01" in facts
    replacement = page.split('data-testid="recall-replacement"')[1].split("</section>")[0]
    assert f'href="/tai-lieu/ban-hanh/{new.pk}/"' in replacement
    assert f"{new.effective_date:%d/%m/%Y}" in replacement
    new_copy = Copy.objects.get(revision=new, holder=world.staff)
    assert f'href="/tai-lieu/ban-kiem-soat/{new_copy.pk}.pdf"' in replacement  # their copy of the new issue
    how = page.split('data-testid="recall-how"')[1].split("</section>")[0]
    assert world.coordinator.display_name in how  # who confirms the return
    assert "thu-hoi" not in how  # staff cannot confirm it themselves
    reference = page.split('data-testid="obsolete-reference"')[1]
    assert "TÀI LIỆU HẾT HIỆU LỰC" in reference and OLD_PURPOSE in reference and NEW_PURPOSE not in page
    assert "Cần nộp lại" in page.split('data-testid="recall-status"')[1].split("</")[0]
    # the issue they may not open themselves stays closed to them, except through this page
    assert client.get(f"/tai-lieu/ban-hanh/{old.pk}/ban-het-hieu-luc.pdf").status_code == 404


def test_my_work_links_the_holder_to_the_recall_page(world, superseded):
    old, new, copy = superseded
    (item,) = [i for i in work_for(world.staff) if i.section == "Bản kiểm soát cần nộp lại"]
    assert item.url == f"/tai-lieu/ban-kiem-soat/{copy.pk}/nop-lai/"


def test_an_old_link_to_the_superseded_issue_sends_its_holder_to_the_recall_page(world, login, superseded):
    old, new, copy = superseded
    response = login(world.staff).get(f"/tai-lieu/ban-hanh/{old.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/tai-lieu/ban-kiem-soat/{copy.pk}/nop-lai/"
    # … and nobody else: a member holding no copy of it, or another agency's, still gets 404
    bystander = make_user(world.agency, [Role.STAFF], world.departments["desk"], username="bystander")
    assert login(bystander).get(f"/tai-lieu/ban-hanh/{old.pk}/").status_code == 404
    assert login(world.outsider).get(f"/tai-lieu/ban-hanh/{old.pk}/").status_code == 404
    assert login(world.reviewer).get(f"/tai-lieu/ban-hanh/{old.pk}/").status_code == 200  # history roles, as before


@pytest.mark.parametrize("persona, status", [
    ("staff", 200), ("coordinator", 200), ("head", 200), ("mgmt_rep", 200),
    ("reviewer", 404), ("author", 404), ("auditor", 404), ("outsider", 404), ("oversight", 404),
])
def test_only_the_holder_and_the_managers_open_the_recall_page(world, login, superseded, persona, status):
    old, new, copy = superseded
    assert login(world.people[persona]).get(f"/tai-lieu/ban-kiem-soat/{copy.pk}/nop-lai/").status_code == status
    assert bool(recall.recall_link(world.people[persona], copy)) == (status == 200)  # the same rule builds links


def test_a_copy_not_asked_back_has_no_recall_page(world, login, superseded):
    old, new, copy = superseded
    current = Copy.objects.get(revision=new, holder=world.staff)
    assert login(world.staff).get(f"/tai-lieu/ban-kiem-soat/{current.pk}/nop-lai/").status_code == 404
    assert login(world.coordinator).get(f"/tai-lieu/ban-kiem-soat/{current.pk}/nop-lai/").status_code == 404


def test_a_manager_confirms_the_return_from_the_page_and_the_holder_sees_it_done(world, login, superseded):
    old, new, copy = superseded
    url = f"/tai-lieu/ban-kiem-soat/{copy.pk}/nop-lai/"
    page = _page(login(world.coordinator).get(url))
    assert f'action="/tai-lieu/ban-kiem-soat/{copy.pk}/thu-hoi/"' in page

    response = login(world.coordinator).post(f"/tai-lieu/ban-kiem-soat/{copy.pk}/thu-hoi/", {"next": "task"})

    assert response.status_code == 302 and response["Location"] == url
    page = _page(login(world.staff).get(url))
    status = page.split('data-testid="recall-status"')[1].split("</p>")[0]
    assert "Đã nộp lại" in status and world.coordinator.display_name in status
    assert not [i for i in work_for(world.staff) if i.section == "Bản kiểm soát cần nộp lại"]
    assert not Notification.objects.filter(user=world.staff, text__startswith="Nộp lại", read_at__isnull=True)


def test_a_withdrawn_documents_recall_page_says_nothing_replaces_it(world, login, django_capture_on_commit_callbacks):
    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, user=world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        effective_revision(world, document, purpose=OLD_PURPOSE)
    services.periodic_review_record(document=document, user=world.coordinator,
                                    outcome=PeriodicReview.Outcome.WITHDRAW, notes="Thủ tục đã bị bãi bỏ")
    copy = Copy.objects.get(holder=world.staff)
    notification = Notification.objects.get(user=world.staff, text__startswith="Nộp lại")

    page = _page(login(world.staff).get(notification.url))

    replacement = page.split('data-testid="recall-replacement"')[1].split("</section>")[0]
    assert "đã bị hủy bỏ" in replacement and "/tai-lieu/ban-hanh/" not in replacement
    assert "TÀI LIỆU HẾT HIỆU LỰC" in page and OLD_PURPOSE in page
    assert notification.url == f"/tai-lieu/ban-kiem-soat/{copy.pk}/nop-lai/"


def test_the_recall_page_in_english(world, login, superseded):
    old, new, copy = superseded
    world.staff.language = "en"
    world.staff.save()
    page = _page(login(world.staff).get(f"/tai-lieu/ban-kiem-soat/{copy.pk}/nop-lai/"))
    assert "Return controlled copy no. 02" in page and "How to return it" in page
