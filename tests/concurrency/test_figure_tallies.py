"""The one-stop figures' summary tables under concurrent services (cases/figures/tallies.py): handlers finishing
eight files at the same instant all make or add to the same new cells, and applicants rating them at once all add
to the same existing ones; nothing is lost, nothing fails, and the tables equal the plain aggregates. On SQLite and
PostgreSQL (each thread its own connection)."""

import pytest

from cases.figures import tallies
from cases.figures.models import MonthTally
from cases.files import services
from cases.files.models import Case, Rating
from tests.cases.figures.helpers import Desk, local
from tests.cases.files.helpers import make_clerk, procedure
from tests.concurrency.helpers import is_lock_error, run_concurrently
from tests.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)
FILES = 8


def test_files_finished_and_rated_at_once_are_all_counted():
    world = build_world()
    desk = Desk(make_clerk(world), [world.author, world.auditor])
    revision = procedure(world)
    cases = []
    for i in range(FILES):  # each at its last step, taken: the next completion makes the result
        case = desk.receive(revision, local(2026, 3, 2, 8, i))
        case = desk.step(case, local(2026, 3, 2, 10, i))
        case = desk.step(case, local(2026, 3, 3, 10, i))
        last = case.current_step
        services.step_take(step=last, user=desk.who(last), now=local(2026, 3, 3, 11))
        cases.append(case)
    lasts = [Case.objects.get(pk=c.pk).current_step for c in cases]
    assert not MonthTally.objects.filter(month=local(2026, 4, 1).date()).exists()  # April's cells: none yet

    finished = run_concurrently([
        (lambda step=step: services.step_complete(step=step, user=desk.who(step), now=local(2026, 4, 1, 9)))
        for step in lasts])

    assert [m for m in finished.messages() if is_lock_error(m)] == []
    finished.assert_no_errors()
    for case in cases:
        case = Case.objects.get(pk=case.pk)
        desk.hand_back(case, local(2026, 4, 2, 9))
    ratings = [Rating.SATISFIED] * 5 + [Rating.ACCEPTABLE] * 2 + [Rating.NOT_SATISFIED]

    rated = run_concurrently([
        (lambda case=case, rating=rating: services.case_rate(case=case, rating=rating, user=desk.clerk,
                                                             now=local(2026, 4, 2, 10)))
        for case, rating in zip(cases, ratings)])

    rated.assert_no_errors()
    april = MonthTally.objects.get(agency=world.agency, month=local(2026, 4, 1).date(), document__isnull=True,
                                   department__isnull=True)
    assert april.early + april.on_time + april.late == FILES
    assert (april.satisfied, april.acceptable, april.not_satisfied) == (5, 2, 1)
    assert tallies.stored_cells(world.agency.pk) == tallies.plain_cells(world.agency.pk)
