"""Every form that can show several errors lists them at its top, each linking to its field.

The audit plan form (a long page: scope lists, criteria, team) showed a refused field's error beside
the field only, often below the fold: the person saw the same page again and no reason. The summary
lives in the shared field partial, so every form that uses it has one.
"""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from tests.audits.internal.helpers import YEAR, auditor, document, programme

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _summary(body):
    match = re.search(r'<div class="error-summary".*?</div>', body, re.S)
    assert match, "the page has an error summary"
    return match


def _plan(world, **data):
    payload = {"title": "Đánh giá Bộ phận một cửa", "audit_type": "internal", "planned_month": "3",
               "start_date": f"{YEAR}-03-10", "end_date": f"{YEAR}-03-12", "objectives": "", "criteria_clauses": "4.2.3"}
    payload.update(data)
    return payload


def test_audit_plan_errors_are_listed_at_the_top_each_linking_to_its_field(world, login):
    p = programme(world)
    response = login(world.coordinator).post(
        reverse("audits:audit_create", kwargs={"pk": p.pk}),
        _plan(world, title="", planned_month="13", end_date=f"{YEAR}-03-01"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    summary = _summary(body)
    links = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0)))
    assert set(links) == {"id_title", "id_planned_month", "id_end_date"}
    assert "Ngày kết thúc không được trước ngày bắt đầu." in links["id_end_date"]
    assert links["id_title"].startswith("Tên cuộc đánh giá:")
    for anchor in links:  # every link lands on a real field
        assert f'id="{anchor}"' in body
    # At the top: before the first field of the form.
    assert summary.start() < body.index('class="field')
    assert "Cần sửa 3 lỗi" in summary.group(0)


def test_service_refusals_join_the_summary_and_lists_link_to_their_first_choice(world, login):
    """The plan is valid as typed, but the team member works in the audited department (8.2.2)."""
    p = programme(world)
    desk_auditor = auditor(world, department_key="desk", username="kiem.mc", full_name="Lý Thị Một Cửa")
    response = login(world.coordinator).post(
        reverse("audits:audit_create", kwargs={"pk": p.pk}),
        _plan(world, departments=[world.departments["desk"].pk], team=[desk_auditor.pk]),
    )
    assert response.status_code == 200
    summary = _summary(response.content.decode()).group(0)
    assert 'href="#id_team_0"' in summary and "Lý Thị Một Cửa" in summary


def test_non_field_errors_are_in_the_summary_without_a_link(world, login):
    response = login(world.auditor).post(reverse("audits:checklist_template_create"), {
        "title": "Câu hỏi chung", "clause": "", "document": "", "questions": "Hồ sơ có được lưu?", "is_active": "on"})
    summary = _summary(response.content.decode()).group(0)
    assert "Bộ câu hỏi cần gắn với một điều khoản hoặc một quá trình." in summary
    assert "<a " not in summary


def test_a_form_without_errors_has_no_summary(world, login):
    body = login(world.coordinator).get(reverse("audits:audit_create", kwargs={"pk": programme(world).pk})).content.decode()
    assert "error-summary" not in body


def test_every_form_template_carries_the_summary():
    """Forms that send something render their fields through partials/form_fields.html (which shows the summary)
    or, when they lay fields out one by one, include partials/error_summary.html themselves. (The filter bars of
    the lists are GET forms that save nothing.)"""
    shared = (TEMPLATES / "partials" / "form_fields.html").read_text()
    assert "error_summary" in shared
    own_layout = []
    for path in TEMPLATES.rglob("*.html"):
        if path.name in ("form_fields.html", "_field.html"):  # the field pieces themselves
            continue
        text = path.read_text()
        if 'method="post"' in text and (re.search(r'include "[^"]*_field\.html"', text) or "{{ field }}" in text):
            own_layout.append(path)
            assert "partials/error_summary.html" in text or "form_fields.html" in text, path
    assert own_layout, "the check looks at the templates that lay fields out themselves"


def _form_classes():
    for package in ("audits", "processes", "qms"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            # The admin's user form: Django's admin shows these as its two-box filter (filter_horizontal).
            if "migrations" in info.name or info.name.endswith(("tests", "settings", ".admin")):
                continue
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_no_form_asks_for_ctrl_click():
    """A <select multiple> needs Ctrl-click to pick several and loses every choice on a plain click:
    several choices are checkbox lists."""
    offenders = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if type(field.widget) is forms.SelectMultiple:
                offenders.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert offenders == []


def test_audit_plan_form_offers_criteria_and_auditees_as_checkbox_lists(world, login):
    document(world, code="QT-05")
    body = login(world.coordinator).get(reverse("audits:audit_create", kwargs={"pk": programme(world).pk})).content.decode()
    assert "<select" not in re.sub(r'<select name="(audit_type|planned_month|lead_auditor)".*?</select>', "", body, flags=re.S)
    assert re.search(r'<input type="checkbox" name="criteria_documents"', body)
    assert re.search(r'<input type="checkbox" name="auditees"', body)
    # Grouped under their label, with the texts of the list filter (for long lists, added by app.js) in the page.
    assert re.search(r'<fieldset class="field[^"]*"[^>]*>\s*<legend>Bên được đánh giá', body)
    assert 'data-filter-label="Lọc danh sách"' in body
