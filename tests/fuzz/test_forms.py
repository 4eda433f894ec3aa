"""Every registered form/endpoint answers hostile input without a server error."""

import copy
import importlib
import inspect
import os
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import FUZZ_MODULES
from tests.fuzz.strategies import NASTY_TEXT, draws_nasty_text

MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))


def _targets():
    targets = []
    for name in FUZZ_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        targets.extend(module.TARGETS)
    ids = [t.id for t in targets]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"fuzz targets need unique names: {duplicates}"
    return targets


TARGETS = _targets()


def _send(client, target, world, data):
    if target.path:
        path = target.path(world, data)
        payload = {}
    else:
        path = reverse(target.url_name, kwargs=target.kwargs(world) if target.kwargs else {})
        payload = {**(target.fixed(world) if target.fixed else {}), **data}
        if target.payload:
            payload = target.payload(world, payload)
    if target.method == "get":
        return client.get(path, payload if not target.path else None)
    return client.post(path, payload)


@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
def test_hostile_input_never_gives_a_server_error(target, world):
    if target.build:
        target.build(world)
    strategy = st.fixed_dictionaries(target.fields)
    # Logged in once per target rather than per example (force_login was a fifth of this file's time): every
    # example starts from the same cookies, and its rolled-back savepoint undoes what it did to the session row
    # (a password change), so each one still runs as a fresh login of the persona would.
    client = Client()
    if target.persona:
        client.force_login(world.people[target.persona])
    logged_in = copy.deepcopy(client.cookies)

    def send(data):
        # Client() re-raises a view's exception, so a would-be 500 fails here with its traceback.
        client.cookies = copy.deepcopy(logged_in)
        if target.persona:  # the example runs logged in, not as an anonymous visitor sent to the login page
            assert client.session.get("_auth_user_id") == str(world.people[target.persona].pk)
        with transaction.atomic():
            before = target.before(world) if target.before else None
            response = _send(client, target, world, data)
            assert response.status_code < 500, (response.status_code, data)
            assert response.status_code in target.allowed_statuses, (response.status_code, data)
            if target.check and target.before:
                target.check(world, data, response, before)
            elif target.check:
                target.check(world, data, response)
            transaction.set_rollback(True)

    examples = target.max_examples or MAX_EXAMPLES
    if connection.vendor != "postgresql":
        _fuzz(send, strategy, examples)
        return
    # The SQLite leg ran every example through the same views. What PostgreSQL adds is its own refusals, which
    # random examples reach only by chance: each edge value goes into all text fields at once, then a third of
    # the random examples look for the rest.
    text_fields = [name for name, field in target.fields.items() if draws_nasty_text(field)]
    for value in POSTGRES_EDGES if text_fields else []:
        _fuzz(send, st.fixed_dictionaries({**target.fields, **dict.fromkeys(text_fields, st.just(value))}), 1)
    _fuzz(send, strategy, max(3, examples // 3))


# Text PostgreSQL refuses where SQLite takes it (a NUL byte; more than a varchar's length once NFC-normalised)
# or that outgrows an index entry or a search vector: values of nasty_text()'s own list.
POSTGRES_EDGES = ["a\x00b", "\u0958" * 128, "Ệ" * 2000, "x" * 70000]
assert set(POSTGRES_EDGES) <= set(NASTY_TEXT)


def _fuzz(send, strategy, examples):
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=strategy)
    def run(data):
        send(data)

    run()


def test_every_registered_target_resolves(world):
    for target in TARGETS:
        if target.path:
            continue
        reverse(target.url_name, kwargs=target.kwargs(world) if target.kwargs else {})


# Namespaces whose every input-reading view must have a target. Add a namespace here once its views are covered.
COVERED_NAMESPACES = ["audits", "processes", "public", "quality", "cases", "case_public", "api", "core"]


def _views(resolver=None, namespace=None):
    """(namespace:name, view) of every named URL pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (pattern.namespace or namespace)
            yield from _views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def reads_input(view):
    """What a view reads from the request, "post" and/or "get", judged from its source (decorators included)
    and that of the same module's helpers it calls (e.g. a shared step view reading request.POST)."""
    func = inspect.unwrap(view)
    module = inspect.getmodule(func)
    sources = [inspect.getsource(func)]
    for name in func.__code__.co_names:
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == module.__name__:
            sources.append(inspect.getsource(helper))
    text = "\n".join(sources)
    kinds = set()
    if re.search(r"request\.(POST|FILES)\b|@require_POST|@require_http_methods", text):
        kinds.add("post")
    if re.search(r"request\.GET\b", text):
        kinds.add("get")
    return kinds


def test_every_view_that_reads_input_has_a_fuzz_target():
    targeted = {(t.url_name, t.method) for t in TARGETS if t.url_name}
    found, missing = set(), []
    for name, view in _views():
        if name.split(":")[0] not in COVERED_NAMESPACES:
            continue
        for kind in reads_input(view):
            found.add((name, kind))
            if (name, kind) not in targeted:
                missing.append(f"{name} ({kind.upper()})")
    # The detector itself works: a form page, a flash-and-redirect step, an upload and a filter are found,
    # and a plain download is not.
    assert {("audits:audit_edit", "post"), ("audits:audit_start", "post"), ("audits:checklist_attach", "post"),
            ("audits:audit_list", "get"), ("audits:nc_reopen", "post")} <= found
    assert not {k for k in found if k[0] == "audits:checklist_attachment"}
    assert not missing, f"views reading input without a fuzz target (add one to a module of FUZZ_MODULES): {missing}"
