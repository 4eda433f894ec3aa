"""Every URL pattern × every persona answers what the matrix says (quality.md, "Access")."""

import importlib
import re

import pytest
from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.matrix import PERSONAS

MATRIX_MODULES = ["tests.matrix.core", "tests.matrix.processes", "tests.matrix.audits", "tests.matrix.audits_programme",
                  "tests.matrix.pdf", "tests.matrix.public", "tests.matrix.quality_objectives",
                  "tests.matrix.quality_review", "tests.matrix.quality_dashboards",
                  "tests.matrix.quality_reports", "tests.matrix.cases_files"]
# Django's admin has its own staff-only gate (checked separately below); static files are not views.
SKIPPED_NAMESPACES = {"admin"}


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


@pytest.fixture
def matrix_world(world):
    for build in BUILDERS:
        build(world)
    return world


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


def test_admin_is_for_staff_only(world, client):
    client.force_login(world.coordinator)
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]
