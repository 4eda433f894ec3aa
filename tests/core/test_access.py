import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from qms.core import access
from qms.core.models import Department, Role
from tests.factories import AgencyFactory, UserFactory


def test_scoped_returns_only_the_users_agency(world):
    own = access.scoped(Department.objects.all(), world.coordinator)
    assert set(own) == set(world.departments.values())
    assert not access.scoped(Department.objects.all(), world.outsider).filter(agency=world.agency).exists()


def test_outsider_asking_for_another_agencys_object_gets_404(world):
    dept = world.departments["urban"]
    with pytest.raises(Http404):
        access.get_scoped_or_404(Department.objects.all(), world.outsider, pk=dept.pk)
    assert access.get_scoped_or_404(Department.objects.all(), world.staff, pk=dept.pk) == dept


def test_user_without_agency_sees_nothing_and_is_refused(db):
    loner = UserFactory(agency=None, department=None)
    assert access.scoped(Department.objects.all(), loner).count() == 0
    with pytest.raises(PermissionDenied):
        access.require_agency(loner)


def test_role_checks_follow_assigned_roles(world):
    assert access.has_role(world.coordinator, Role.COORDINATOR)
    assert not access.has_role(world.staff, Role.COORDINATOR)
    assert access.is_manager(world.head) and access.is_manager(world.mgmt_rep)
    assert not access.is_manager(world.auditor)
    with pytest.raises(PermissionDenied):
        access.require_role(world.staff, Role.HEAD, Role.COORDINATOR)


def test_inactive_user_holds_no_roles(world):
    world.coordinator.is_active = False
    world.coordinator.save()
    world.coordinator.refresh_from_db()
    assert not world.coordinator.has_role(Role.COORDINATOR)


def test_user_department_must_belong_to_users_agency(world):
    from django.core.exceptions import ValidationError

    user = world.staff
    user.department = Department.objects.create(agency=AgencyFactory(), code="x", name="Phòng lạ")
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    assert "Phòng này không thuộc cơ quan" in str(exc.value)
