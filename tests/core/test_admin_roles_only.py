"""The admin speaks Vietnamese by default and offers only the product's own roles (issue 14, item 3).

Access is granted by UserRole (agency, department, role); Django's groups and permissions would be a
second way to grant it that nothing reads, so their screens are not in the admin.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission

from qms.core.models import User


@pytest.fixture
def admin_client(world, client):
    client.force_login(User.objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-quan-tri-2026"))
    return client


def test_groups_and_permissions_are_not_in_the_admin():
    assert not admin.site.is_registered(Group)
    assert not admin.site.is_registered(Permission)
    assert admin.site.is_registered(User)  # roles are edited on the user page (UserRole inline)


def test_admin_index_is_vietnamese_and_has_no_groups(admin_client):
    page = admin_client.get("/quan-tri/")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="vi"' in body
    assert "QMS – Quản trị hệ thống" in body
    assert "Nền tảng" in body  # the core app's own name, translated like the rest
    assert "/quan-tri/auth/group/" not in body and "Nhóm" not in body
    assert admin_client.get("/quan-tri/auth/group/").status_code == 404
    assert admin_client.get("/quan-tri/auth/permission/").status_code == 404
