"""A refusal for a missing role says what was tried, who in one's own agency may do it, and what to do instead
(issue 13 #11); objects of another agency stay 404."""

import pytest
from django.urls import reverse

from tests.factories import Role, make_user
from tests.processes.documents.helpers import effective_revision, make_document, make_draft

pytestmark = pytest.mark.django_db


def test_drafter_refused_adding_a_document_is_told_who_registers_and_offered_a_change_request(world, client):
    colleague = make_user(world.other_agency, [Role.COORDINATOR], username="other_coord", full_name="Bùi Thị Sở Khác")
    client.force_login(world.author)
    response = client.get(reverse("processes:document_create"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền thêm tài liệu vào danh mục" in page
    # The roles by their labels, with the people of the drafter's agency who hold them.
    assert "Thư ký ISO</strong>: Nguyễn Thị Thư Ký" in page
    assert "Đại diện lãnh đạo</strong>: Lê Thị Đại Diện" in page
    assert "Phạm Văn Lãnh Đạo" in page
    # Never another agency's people (the outsider holds the coordinator role there).
    assert world.outsider.full_name not in page and colleague.full_name not in page
    # The next step: a change request, through the register (no document to attach it to yet).
    assert f'href="{reverse("processes:register")}" data-testid="denied-offer">Đề nghị sửa đổi/ban hành' in page
    assert 'id="main-nav"' in page  # the page keeps the menu


def test_staff_refused_editing_a_document_is_offered_its_change_request(world, client):
    document = make_document(world)
    effective_revision(world, document)
    client.force_login(world.staff)
    response = client.get(reverse("processes:document_edit", kwargs={"pk": document.pk}))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền sửa thông tin tài liệu trong danh mục" in page
    assert "Nguyễn Thị Thư Ký" in page
    url = reverse("processes:change_request_create", kwargs={"pk": document.pk})
    assert f'href="{url}" data-testid="denied-offer">Đề nghị sửa đổi/ban hành</a>' in page
    assert client.get(url).status_code == 200  # the offered page opens for them


def test_staff_refused_a_document_they_may_not_see_get_no_link_to_it(world, client):
    draft_only = make_document(world)
    make_draft(world, draft_only)  # nothing in force: its page is 404 to staff
    client.force_login(world.staff)
    response = client.get(reverse("processes:document_edit", kwargs={"pk": draft_only.pk}))
    assert response.status_code == 403
    assert reverse("processes:change_request_create", kwargs={"pk": draft_only.pk}) not in response.content.decode()


def test_another_agencys_document_stays_404_for_a_manager(world, client):
    foreign = make_document(world, agency=world.other_agency, code="QT-99")
    client.force_login(world.coordinator)
    assert client.get(reverse("processes:document_edit", kwargs={"pk": foreign.pk})).status_code == 404


def test_staff_refused_another_agencys_document_are_not_offered_it(world, client):
    foreign = make_document(world, agency=world.other_agency, code="QT-99")
    client.force_login(world.staff)
    response = client.get(reverse("processes:document_edit", kwargs={"pk": foreign.pk}))
    page = response.content.decode()
    assert response.status_code == 403  # as before: the role is refused before any object is looked up
    assert reverse("processes:change_request_create", kwargs={"pk": foreign.pk}) not in page
    assert world.outsider.full_name not in page


def test_staff_refused_editing_a_draft_are_told_who_may(world, client):
    document = make_document(world)
    effective_revision(world, document)
    draft = make_draft(world, document)
    reviewer_not_author = world.reviewer  # sees drafts, may not edit one they did not write
    client.force_login(reviewer_not_author)
    response = client.get(reverse("processes:revision_edit", kwargs={"pk": draft.pk}))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền sửa dự thảo này" in page and "Nguyễn Thị Thư Ký" in page
    assert reverse("processes:change_request_create", kwargs={"pk": document.pk}) in page


def test_other_refusals_lead_back_to_my_work(world, client):
    client.force_login(world.staff)
    response = client.get(reverse("processes:change_request_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền xem và xử lý các đề nghị sửa đổi" in page
    assert f'href="{reverse("core:my_work")}" data-testid="denied-offer">Về Việc của tôi</a>' in page


def test_the_refusal_is_in_english_when_chosen(world, client):
    client.force_login(world.author)
    client.post(reverse("core:set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("processes:document_create"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "You may not add documents to the register" in page
    assert "ISO coordinator</strong>: Nguyễn Thị Thư Ký" in page
    assert "Propose a change or new issue" in page


def test_register_shows_the_add_button_only_to_those_who_may(world, client):
    client.force_login(world.author)
    page = client.get(reverse("processes:register")).content.decode()
    assert reverse("processes:document_create") not in page
    assert "Tài liệu mới do Thư ký ISO đăng ký (Nguyễn Thị Thư Ký)" in page
    assert world.outsider.full_name not in page
    client.force_login(world.coordinator)
    page = client.get(reverse("processes:register")).content.decode()
    assert reverse("processes:document_create") in page and "Tài liệu mới do Thư ký ISO đăng ký" not in page
