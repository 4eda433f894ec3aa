"""Every URL pattern × every persona answers what the matrix says (quality.md, "Access")."""

import copy
import importlib
import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.conftest import build_world, settings_for_tests
from tests.matrix import PERSONAS

MATRIX_MODULES = ["tests.matrix.core", "tests.matrix.processes", "tests.matrix.audits", "tests.matrix.audits_programme",
                  "tests.matrix.pdf", "tests.matrix.public", "tests.matrix.quality_objectives",
                  "tests.matrix.quality_review", "tests.matrix.quality_dashboards",
                  "tests.matrix.quality_reports", "tests.matrix.api", "tests.matrix.cases_files", "tests.matrix.cases_late",
                  "tests.matrix.cases_figures", "tests.matrix.cases_slips", "tests.matrix.quality_context",
                  "tests.matrix.quality_risks", "tests.matrix.quality_transition"]
# Django's admin has its own staff-only gate (checked separately below); static files are not views.
# The JSON API's URLs are checked per operation (several operations share a URL), with tokens: see below.
SKIPPED_NAMESPACES = {"admin", "api_v1"}


def _load():
    entries, builders = {}, []
    for name in MATRIX_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        builders.extend(getattr(module, "BUILD", []))
        overlap = set(entries) & set(module.ENTRIES)
        assert not overlap, f"{name} repeats entries {overlap}"
        entries.update(module.ENTRIES)
    return entries, builders


ENTRIES, BUILDERS = _load()


def _discover(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            full = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else ns
            names |= _discover(pattern, full)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                names.add(f"<unnamed {pattern.pattern}>")
            else:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_pattern_has_a_matrix_entry():
    discovered = _discover()
    missing = sorted(discovered - set(ENTRIES))
    stale = sorted(set(ENTRIES) - discovered)
    assert not missing, f"URL patterns without a permission-matrix entry: {missing}"
    assert not stale, f"Matrix entries for URL patterns that no longer exist: {stale}"


@pytest.fixture(scope="module")
def _matrix_world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and every builder's records, made once per module and worker inside a transaction that is
    rolled back at the end. Each test runs in a savepoint within it (pytest-django's ``db``), so what one test
    writes is gone before the next, as with Django's setUpTestData. Building it took most of each test's time."""
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(**settings_for_tests(media)):
        with transaction.atomic():
            world = build_world()
            for build in BUILDERS:
                build(world)
            yield world, media
            transaction.set_rollback(True)


@pytest.fixture
def matrix_world(_matrix_world_once, db, settings):
    world, media = _matrix_world_once
    settings.MEDIA_ROOT = media  # the files the builders stored
    # A copy per test, so that an attribute a view or a test changes on an instance does not reach the next.
    return copy.deepcopy(world)


@pytest.mark.parametrize("url_name", sorted(ENTRIES))
def test_permission_matrix(url_name, matrix_world, client):
    entry = ENTRIES[url_name]
    kwargs = entry.kwargs(matrix_world) if entry.kwargs else {}
    url = reverse(url_name, kwargs=kwargs) + (entry.query or "")
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(matrix_world.people[persona])
        data = entry.data(matrix_world) if entry.data else {}
        response = getattr(client, entry.method)(url, data)
        expected = entry.expect[persona]
        if response.status_code != expected:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
        if persona == "outsider" and response.status_code == 200 and not entry.public_names_agency:
            # Even where an outsider may open a page, it must not show this agency's name.
            body = response.content.decode(errors="replace")
            if matrix_world.agency.name in body:
                failures.append("outsider: page shows the other agency's name")
        if persona == "anonymous" and entry.public_names_agency and response.status_code == 200:
            failures.extend(_internal_content(matrix_world, response))
    assert not failures, f"{url_name} ({url}): " + "; ".join(failures)


def _internal_content(world, response):
    """What a public page must never show: staff names, or a link to a page that needs a login."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        return []
    body = response.content.decode(errors="replace")
    found = [f"anonymous: shows {p.full_name}" for p in world.people.values() if p.full_name in body]
    for href in set(re.findall(r'href="(/[^"?#]*)', body)):
        if href.startswith(settings.STATIC_URL):
            continue
        try:
            match = resolve(href)
        except Resolver404:
            found.append(f"anonymous: broken link {href}")
            continue
        if getattr(match.func, "login_required", True) is not False:
            found.append(f"anonymous: links to {href}, which needs a login")
    return found


def test_admin_is_for_staff_only(matrix_world, client):
    client.force_login(matrix_world.coordinator)
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]


# --- the JSON API: every operation of the schema × every persona, each calling with a token of their own ----


def _api_operations():
    """{operationId: (method, path template)} of every operation in /api/v1/openapi.json."""
    from api.v1.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {op["operationId"]: (method, path) for path, methods in schema["paths"].items()
            for method, op in methods.items()}


def _api_urls_not_operations():
    from api.v1.urls import urlpatterns

    return {f"api_v1:{p.name}" for p in urlpatterns if p.name in ("openapi-json", "openapi-view")}


def _api_matrix():
    from tests.matrix import api as module

    return module.OPERATIONS, module.SCHEMA


def test_every_api_operation_has_a_matrix_entry():
    operations, schema_entries = _api_matrix()
    found = set(_api_operations())
    assert not sorted(found - set(operations)), f"API operations without a matrix entry: {sorted(found - set(operations))}"
    assert not sorted(set(operations) - found), f"Matrix entries for API operations that no longer exist: {sorted(set(operations) - found)}"
    assert set(schema_entries) == _api_urls_not_operations()


@pytest.fixture
def api_tokens(matrix_world):
    from api.tokens import services
    from api.tokens.models import Scope

    return {persona: services.create_token(owner=user, created_by=user, name="matrix", scopes=list(Scope.values),
                                           days=1)[1]
            for persona, user in matrix_world.people.items()}


@pytest.mark.parametrize("operation", sorted(_api_matrix()[0]))
def test_api_permission_matrix(operation, matrix_world, api_tokens, client, settings):
    import json

    settings.QMS_FEEDBACK_PER_HOUR = 1000  # every persona submits from the test client's one address
    entry = _api_matrix()[0][operation]
    method, template = _api_operations()[operation]
    url = template.format(**(entry.kwargs(matrix_world) if entry.kwargs else {})) + (entry.query or "")
    failures = []
    for persona in PERSONAS:
        headers = {} if persona == "anonymous" else {"Authorization": f"Bearer {api_tokens[persona]}"}
        if method == "post":
            response = client.post(url, json.dumps(entry.data(matrix_world)), content_type="application/json",
                                   headers=headers)
        else:
            response = client.get(url, headers=headers)
        if response.status_code != entry.expect[persona]:
            failures.append(f"{persona}: expected {entry.expect[persona]}, got {response.status_code} "
                            f"{response.content[:200]!r}")
        if response.status_code >= 400 and response["Content-Type"] != "application/problem+json":
            failures.append(f"{persona}: a {response.status_code} that is not a problem: {response['Content-Type']}")
    assert not failures, f"{operation} ({method.upper()} {url}): " + "; ".join(failures)


@pytest.mark.parametrize("url_name", sorted(_api_matrix()[1]))
def test_api_schema_and_docs_are_public(url_name, client):
    entry = _api_matrix()[1][url_name]
    assert client.get(reverse(url_name)).status_code == entry.expect["anonymous"]
