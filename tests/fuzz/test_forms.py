"""Every registered form/endpoint answers hostile input without a server error."""

import importlib
import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import FUZZ_MODULES

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
    if target.method == "get":
        return client.get(path, payload if not target.path else None)
    return client.post(path, payload)


@pytest.mark.parametrize("target", TARGETS, ids=[t.id for t in TARGETS])
def test_hostile_input_never_gives_a_server_error(target, world):
    if target.build:
        target.build(world)
    strategy = st.fixed_dictionaries(target.fields)

    @settings(
        max_examples=target.max_examples or MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=strategy)
    def run(data):
        # Client() re-raises a view's exception, so a would-be 500 fails here with its traceback.
        client = Client()
        with transaction.atomic():
            if target.persona:
                client.force_login(world.people[target.persona])
            response = _send(client, target, world, data)
            assert response.status_code < 500, (response.status_code, data)
            assert response.status_code in target.allowed_statuses, (response.status_code, data)
            if target.check:
                target.check(world, data, response)
            transaction.set_rollback(True)

    run()


def test_every_registered_target_resolves(world):
    for target in TARGETS:
        if target.path:
            continue
        reverse(target.url_name, kwargs=target.kwargs(world) if target.kwargs else {})
