"""Factories for the personas and objects the tests need. No JSON fixtures."""

import factory

from qms.core.models import Agency, Department, Role, User, UserRole

PASSWORD = "correct-horse-battery-9"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"co-quan-{n}")
    name = factory.Sequence(lambda n: f"UBND Phường Số {n}")
    parent_name = "UBND THÀNH PHỐ HÀ NỘI"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"phong-{n}")
    name = factory.Sequence(lambda n: f"Phòng nghiệp vụ {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    title = "Chuyên viên"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    agency = factory.SubFactory(AgencyFactory)
    department = factory.LazyAttribute(lambda u: DepartmentFactory(agency=u.agency) if u.agency else None)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        for role in extracted or []:
            UserRole.objects.get_or_create(user=self, role=role)
        if hasattr(self, "_role_cache"):
            del self._role_cache


def make_user(agency, role_list, department=None, **kwargs):
    return UserFactory(agency=agency, department=department or DepartmentFactory(agency=agency), roles=role_list, **kwargs)


__all__ = ["AgencyFactory", "DepartmentFactory", "UserFactory", "Role", "PASSWORD", "make_user"]
