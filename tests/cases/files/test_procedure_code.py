"""A procedure's public code (mã thủ tục hành chính) is entered in the register form and shown on the document;
only procedures carry one."""

import pytest
from django.urls import reverse

from processes.documents.models import Document

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {"code": "QT-09", "title": "Đăng ký khai sinh", "doc_type": "procedure", "review_interval_months": 12,
            "procedure_code": " 1.001193 ", **extra}


def test_the_register_form_saves_and_shows_the_procedure_code(world, login):
    client = login(world.coordinator)
    response = client.post(reverse("processes:document_create"), _data())
    document = Document.objects.get(code="QT-09")
    assert response.status_code == 302 and document.procedure_code == "1.001193"
    page = client.get(reverse("processes:document_detail", kwargs={"pk": document.pk})).content.decode()
    assert "Mã thủ tục hành chính" in page and "1.001193" in page
    edit = client.get(reverse("processes:document_edit", kwargs={"pk": document.pk})).content.decode()
    assert 'name="procedure_code"' in edit and 'value="1.001193"' in edit


def test_only_a_procedure_has_a_procedure_code(world, login):
    response = login(world.coordinator).post(reverse("processes:document_create"), _data(doc_type="form"))
    assert response.status_code == 200 and "Chỉ quy trình mới có mã thủ tục hành chính." in response.content.decode()
    assert not Document.objects.filter(code="QT-09").exists()
