"""Personas for every role, in one agency, plus an outsider from another agency.

``world`` is the shared cast: tests and the permission matrix ask it for people and
objects instead of building their own, so adding a role means adding it here once.
"""

import os
from dataclasses import dataclass, field

import pytest
from django.conf import settings

from qms.core.models import Agency, Role
from tests.factories import AgencyFactory, DepartmentFactory, make_user

PERSONAS = ["coordinator", "head", "mgmt_rep", "reviewer", "author", "auditor", "staff", "oversight", "outsider"]


@dataclass
class World:
    agency: object
    other_agency: object
    departments: dict
    people: dict
    objects: dict = field(default_factory=dict)  # filled lazily by apps' matrix builders

    def __getattr__(self, name):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    # A request by a user who chose English activates English in this thread; start every test in
    # the default language so messages asserted in Vietnamese do not depend on test order.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Pages may keep figures in Django's cache (the front door's counts): one test's rows never show in another's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def local_s3():
    """moto's S3 server on 127.0.0.1 (tests/s3.py), started once per run when a test asks for it."""
    from tests.s3 import LocalS3

    server = LocalS3().start()
    server.make_bucket(os.environ.get("S3_BUCKET") or "qms-test")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _media_storage(request, settings):
    """MEDIA_STORAGE=s3 (the CI leg "S3 storage"): the default storage is the local S3 server's bucket, under a
    prefix of this test's own. Otherwise nothing: the local folder of _test_settings."""
    if os.environ.get("MEDIA_STORAGE") != "s3":
        yield "local"
        return
    server = request.getfixturevalue("local_s3")
    settings.STORAGES = {**settings.STORAGES,
                         "default": server.storage_setting(os.environ.get("S3_BUCKET") or "qms-test")}
    yield "s3"


def settings_for_tests(media_root):
    """What every test runs under: mail kept in memory, tasks run at once, files in the test's own folder."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "MEDIA_ROOT": media_root,
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "STORAGES": {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    }


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    for name, value in settings_for_tests(tmp_path / "media").items():
        setattr(settings, name, value)


def build_world():
    agency = AgencyFactory(code="ubnd-thu-nghiem", name="UBND Quận Thử Nghiệm")
    other = AgencyFactory(code="so-khac", name="Sở Khác")
    oversight_agency = AgencyFactory(code="so-khcn-thu", name="Sở KH&CN Thử", kind=Agency.Kind.OVERSIGHT)
    departments = {
        "office": DepartmentFactory(agency=agency, code="vp", name="Văn phòng"),
        "urban": DepartmentFactory(agency=agency, code="qldt", name="Phòng Quản lý đô thị"),
        "justice": DepartmentFactory(agency=agency, code="tu-phap", name="Phòng Tư pháp"),
        "desk": DepartmentFactory(agency=agency, code="mot-cua", name="Bộ phận một cửa"),
    }
    d = departments
    people = {
        "coordinator": make_user(agency, [Role.COORDINATOR, Role.STAFF], d["office"], username="coordinator", full_name="Nguyễn Thị Thư Ký"),
        "head": make_user(agency, [Role.HEAD], d["office"], username="head", full_name="Phạm Văn Lãnh Đạo", title="Chủ tịch"),
        "mgmt_rep": make_user(agency, [Role.MGMT_REP], d["office"], username="mgmt_rep", full_name="Lê Thị Đại Diện"),
        "reviewer": make_user(agency, [Role.REVIEWER, Role.STAFF], d["urban"], username="reviewer", full_name="Trần Văn Xem Xét", title="Trưởng phòng"),
        "author": make_user(agency, [Role.AUTHOR, Role.STAFF], d["urban"], username="author", full_name="Đỗ Minh Soạn Thảo"),
        "auditor": make_user(agency, [Role.AUDITOR, Role.STAFF], d["justice"], username="auditor", full_name="Vũ Thị Đánh Giá"),
        "staff": make_user(agency, [Role.STAFF], d["desk"], username="staff", full_name="Hoàng Văn Cán Bộ"),
        "oversight": make_user(oversight_agency, [Role.OVERSIGHT], username="oversight", full_name="Tạ Quốc Giám Sát"),
        "outsider": make_user(other, [Role.COORDINATOR, Role.HEAD, Role.STAFF, Role.AUDITOR], username="outsider", full_name="Người Cơ Quan Khác"),
    }
    d["urban"].head = people["reviewer"]
    d["urban"].save()
    return World(agency=agency, other_agency=other, departments=departments, people=people)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """login(user) → the test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(path):
        # Never skipped: a browser test that silently does not run hides a broken journey.
        pytest.fail(f"Chromium is required for the browser tests but {path} is missing: run bin/setup.")
    return path


__all__ = ["settings", "PERSONAS"]
