"""The provincial overview's figures are counted in SQL, per agency (MR-4: aggregates in SQL, not rows loaded into
Python), and say the same as the rules they replace: ``qms.core.overview.covers`` for the mandatory procedures a
clause list names, ``Objective.meets`` for an objective met, the target itself included."""

import datetime
from decimal import Decimal

import pytest

from processes.documents.models import Document, Revision
from qms.core.overview import MANDATORY_CLAUSES, agency_status, covers, province_overview
from quality.objectives import services as svc
from tests.core.test_overview import _doc
from tests.quality.objectives.test_services import make_objective

EFFECTIVE = Revision.Status.EFFECTIVE
CLAUSE_LISTS = ["4.2.3, 4.2.4", "8.5.2.1; 8.5.3", " 8.2.2 ,7.5", "8.22", "18.3", "8.3.1", "4.2", "8.5.2;8.3", "",
                "4.2.3,", "7.5.3"]


@pytest.mark.parametrize("clauses", CLAUSE_LISTS)
def test_a_procedure_covers_in_sql_exactly_the_clauses_covers_says(world, clauses):
    _doc(world.agency, "QT-01", Document.Type.PROCEDURE, EFFECTIVE, clauses=clauses)
    row = agency_status(world.agency, datetime.date(2026, 6, 30))
    assert row.procedures == {c: covers(clauses, c) for c in MANDATORY_CLAUSES}
    assert row.current_documents == 1


def test_only_current_procedures_count_and_other_types_fill_their_own_flags(world):
    a = world.agency
    _doc(a, "QT-01", Document.Type.PROCEDURE, Revision.Status.DRAFT, clauses="8.3")  # not issued yet
    _doc(a, "HD-01", Document.Type.WORK_INSTRUCTION, EFFECTIVE, clauses="8.3")  # names the clause but is not a procedure
    _doc(a, "CS-01", Document.Type.POLICY, EFFECTIVE)
    _doc(a, "ST-01", Document.Type.MANUAL, EFFECTIVE)
    row = agency_status(a, datetime.date(2026, 6, 30))
    assert (row.has_policy, row.has_manual, row.has_objectives) == (True, True, False)
    assert row.procedures["8.3"] is False
    assert row.current_documents == 3


def test_an_objective_exactly_at_its_target_is_met_in_either_direction(world):
    at_least = make_objective(world, code="MT-01", title="Hồ sơ đúng hạn", target=Decimal("95"))
    at_most = make_objective(world, code="MT-02", title="Hồ sơ trễ hạn", target=Decimal("2"), direction="at_most")
    below = make_objective(world, code="MT-03", title="Hài lòng", target=Decimal("90"))
    for objective, values in ((at_least, ["94", "96"]), (at_most, ["1,5", "2,5"]), (below, ["89,9", "90"])):
        for month, value in zip((1, 4), values):  # quarterly: two quarters, the mean is what counts
            svc.measurement_record(objective=objective, user=world.coordinator,
                                   period_start=datetime.date(2026, month, 1), value=value, note="Quý")
    rows = {r.agency: r for r in province_overview(today=datetime.date(2026, 6, 30))}
    assert rows[world.agency].objectives_met == (2, 3)  # means 95 and 2 meet their targets; 89,95 misses 90
    assert [o.meets(Decimal(m)) for o, m in ((at_least, "95"), (at_most, "2"), (below, "89.95"))] == [
        True, True, False]
