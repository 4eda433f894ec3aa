"""Many clerks receiving at once get unique, consecutive codes; two people taking one step: one wins, the other
is told who has it. On SQLite and PostgreSQL (each thread its own connection)."""

import pytest
from django.core.exceptions import ValidationError

from cases.files import services
from cases.files.models import Case, CaseStep
from tests.cases.files.helpers import intake, make_clerk, procedure, receive
from tests.concurrency.helpers import is_lock_error, run_concurrently
from tests.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerks_receiving_at_once_get_unique_codes():
    world = build_world()
    clerk = make_clerk(world)
    revision = procedure(world)

    outcome = run_concurrently((lambda: services.case_receive(user=clerk, intake=intake(world, revision)).code, 8))

    assert [m for m in outcome.messages() if is_lock_error(m)] == []
    outcome.assert_no_errors()
    codes = sorted(outcome.results)
    assert len(set(codes)) == 8 and Case.objects.count() == 8
    assert sorted(Case.objects.values_list("number", flat=True)) == list(range(1, 9))


def test_two_people_taking_one_step_one_wins():
    world = build_world()
    case = receive(world)
    step = case.steps.get(order=1)

    outcome = run_concurrently([lambda: services.step_take(step=step, user=world.staff),
                                lambda: services.step_take(step=step, user=world.coordinator)])

    outcome.assert_only(ValidationError)
    assert outcome.ok_count == 1
    assert "nhận xử lý lúc" in str(outcome.raised[0])
    step.refresh_from_db()
    assert step.taken_by in (world.staff, world.coordinator)
    assert CaseStep.objects.filter(case=case, state="active").count() == 1
