"""The admin never hard-deletes users, agencies or departments (security review, issue 12).

A user who appears only in history and in an acknowledgement was deletable: on SQLite the
acknowledgement vanished with them and history lost its user; on PostgreSQL the history guard
turned the delete into a 500. People leave by being deactivated, with the reason in history;
agencies and departments are the frame every record hangs on and are never deleted either.
"""

import pytest
from django.forms import MultiWidget

from processes.documents import services
from processes.documents.models import Acknowledgement, DistributionEntry
from qms.core.history import save_tracked
from qms.core.models import Agency, Department, Notification, User
from tests.processes.documents.helpers import effective_revision, make_document

ADMIN = "/quan-tri/core"


@pytest.fixture
def admin_client(world, client):
    admin = User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri-2026")
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.fixture
def reader(world):
    """A member of staff who only ever read a procedure and changed their own title."""
    revision = effective_revision(world, make_document(world))
    services.acknowledge(revision=revision, user=world.staff)
    world.staff.title = "Chuyên viên chính"
    save_tracked(world.staff, user=world.staff, reason="Cập nhật chức danh")
    return world.staff


def _form_data(form, data):
    """What a browser would post back for ``form`` unchanged."""
    for bound in form:
        if bound.field.disabled:
            continue
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def _change_form_post(response):
    data = _form_data(response.context["adminform"].form, {})
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    return data


def _actions(changelist):
    assert changelist.status_code == 200
    form = changelist.context["action_form"]  # None when the page has no action at all
    return [] if form is None else [name for name, _label in form.fields["action"].choices]


def test_admin_cannot_delete_a_user_known_only_from_history_and_acknowledgements(admin_client, reader):
    url = f"{ADMIN}/user/{reader.pk}/delete/"

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403

    assert User.objects.filter(pk=reader.pk).exists()
    assert Acknowledgement.objects.filter(user=reader, acknowledged_at__isnull=False).exists()
    assert reader.history.filter(history_user=reader).exists()


def test_admin_user_pages_offer_no_delete(admin_client, reader):
    assert "delete_selected" not in _actions(admin_client.get(f"{ADMIN}/user/"))

    change = admin_client.get(f"{ADMIN}/user/{reader.pk}/change/")
    assert change.status_code == 200
    assert f"/user/{reader.pk}/delete/" not in change.content.decode()


def test_admin_bulk_delete_action_is_refused(admin_client, reader):
    response = admin_client.post(
        f"{ADMIN}/user/", {"action": "delete_selected", "_selected_action": [reader.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=reader.pk).exists()
    assert Acknowledgement.objects.filter(user=reader).exists()


def test_admin_deactivates_a_user_with_the_reason_in_history(admin_client, reader):
    url = f"{ADMIN}/user/{reader.pk}/change/"
    data = _change_form_post(admin_client.get(url))
    assert data["is_active"] == "on"
    del data["is_active"]

    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "change_reason" in refused.context["adminform"].form.errors
    reader.refresh_from_db()
    assert reader.is_active

    data["change_reason"] = "Nghỉ hưu theo Quyết định 45/QĐ-UBND"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reader.refresh_from_db()
    assert not reader.is_active
    record = reader.history.latest()
    assert record.is_active is False
    assert record.history_user == admin_client.admin
    assert record.history_change_reason == "Nghỉ hưu theo Quyết định 45/QĐ-UBND"
    assert Acknowledgement.objects.filter(user=reader).exists()


def test_admin_edits_a_user_without_a_reason_when_activity_is_unchanged(admin_client, reader):
    url = f"{ADMIN}/user/{reader.pk}/change/"
    data = _change_form_post(admin_client.get(url))
    data["title"] = "Phó trưởng phòng"

    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reader.refresh_from_db()
    assert reader.title == "Phó trưởng phòng" and reader.is_active


def test_admin_cannot_delete_a_department_on_a_distribution_list(admin_client, world):
    # No member, no document of its own: only a distribution list names it (CASCADE would drop the entry).
    department = Department.objects.create(agency=world.agency, code="kho", name="Bộ phận lưu trữ")
    document = make_document(world)
    DistributionEntry.objects.create(document=document, agency=world.agency, department=department)
    url = f"{ADMIN}/department/{department.pk}/delete/"

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    admin_client.post(f"{ADMIN}/department/", {"action": "delete_selected", "_selected_action": [department.pk], "post": "yes"})

    assert Department.objects.filter(pk=department.pk).exists()
    assert DistributionEntry.objects.filter(department=department).exists()


def test_admin_cannot_delete_an_agency(admin_client, world):
    # Referenced only by a notification (CASCADE) and its own history.
    agency = Agency.objects.create(code="so-moi", name="Sở Mới")
    Notification.objects.create(user=world.coordinator, agency=agency, text="Cơ quan mới được tạo")
    url = f"{ADMIN}/agency/{agency.pk}/delete/"

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert "delete_selected" not in _actions(admin_client.get(f"{ADMIN}/agency/"))
    assert "delete_selected" not in _actions(admin_client.get(f"{ADMIN}/department/"))

    assert Agency.objects.filter(pk=agency.pk).exists()
    assert Notification.objects.filter(agency=agency).exists()
