"""The figures' summary tables against the plain aggregates they summarise: files of two agencies driven through
every service that receives, hands over, asks for supplements, refuses, withdraws, finishes (early, on time, late,
a step late, a step sent back) and rates them, across a month boundary at 23:59 / 00:00 local; then every whole-month
selection read from the tables equals the same selection counted from the files, and ``rebuild_case_tallies``
writes back exactly the rows the services made."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import F

from cases.figures import tallies
from cases.figures.models import MonthTally, StepTally
from cases.figures.services import figures
from cases.files import services
from cases.files.models import Case, Outcome, Rating
from qms.core.models import Department
from tests.cases.figures.helpers import TWO_DEPARTMENTS, Desk, foreign_procedure, local
from tests.cases.files.helpers import PAPERS, intake, make_clerk, procedure

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)

@pytest.fixture
def handled(world):
    """Files of two agencies in every state; returns (desk, P1, P2, foreign desk, foreign procedure)."""
    desk = Desk(make_clerk(world), [world.author, world.auditor])
    p1, p2 = procedure(world), procedure(world, code="QT-HAI", steps=TWO_DEPARTMENTS, processing_time_days=5)
    # January: early and rated; late at 23:59 on its last day; late at 00:00 on 1 February (its first step late).
    early = desk.finish(desk.receive(p1, local(2026, 1, 5, 8)), local(2026, 1, 20, 16))
    desk.hand_back(early, local(2026, 1, 21, 9), Rating.SATISFIED)
    on_edge = desk.finish(desk.receive(p1, local(2026, 1, 5, 9)), local(2026, 1, 31, 23, 59))
    desk.hand_back(on_edge, local(2026, 2, 2, 9), Rating.NOT_SATISFIED)
    after_edge = desk.finish(desk.receive(p1, local(2026, 1, 5, 9)), local(2026, 2, 1, 0, 0),
                             first_at=local(2026, 1, 6, 15))
    # Received at 23:59 on 31 January and at 00:00 on 1 February, through two departments: on time; and a step
    # sent back for more information before it finishes late in March.
    on_time = desk.receive(p2, local(2026, 1, 31, 23, 59))
    on_time = desk.finish(on_time, on_time.appointment_at)
    desk.hand_back(on_time, on_time.appointment_at + DAY, Rating.ACCEPTABLE)
    sent_back = desk.receive(p2, local(2026, 2, 1, 0, 0))
    sent_back = desk.step(sent_back, local(2026, 2, 2, 9))
    b2 = sent_back.current_step
    services.step_take(step=b2, user=desk.who(b2), now=local(2026, 2, 2, 10))
    services.step_return_for_information(step=b2, user=desk.who(b2), reason="Thiếu bản vẽ", now=local(2026, 2, 2, 11))
    desk.finish(sent_back, local(2026, 3, 20, 9), first_at=local(2026, 2, 3, 9))
    # Supplements asked at the desk, brought, then handled early (appointment: 2 February).
    waiting = services.case_request_supplement(user=desk.clerk, text="Bổ sung bản vẽ", now=local(2026, 1, 10, 9),
                                               intake=intake(world, p1, papers=PAPERS[:2]))
    services.case_supplements_received(case=waiting, user=desk.clerk, papers=PAPERS, now=local(2026, 1, 12, 9))
    desk.finish(waiting, local(2026, 1, 28, 9))
    # Refused at the desk; asked for supplements while handled, then refused by the handler; withdrawn; still open.
    services.case_refuse(user=desk.clerk, reasons="Không thuộc thẩm quyền", legal_basis="Điều 19 NĐ 61/2018",
                         intake=intake(world, p1), now=local(2026, 1, 15, 9))
    refused = desk.step(desk.receive(p2, local(2026, 1, 20, 9)), local(2026, 1, 20, 11))
    services.case_request_supplement(user=world.author, text="Bổ sung", case=refused, now=local(2026, 1, 21, 9))
    services.case_supplements_received(case=refused, user=desk.clerk, papers=PAPERS, now=local(2026, 1, 22, 9))
    services.case_refuse(user=world.author, case=refused, reasons="Sai quy hoạch", legal_basis="Luật Xây dựng",
                         now=local(2026, 2, 5, 9))
    services.case_withdraw(case=desk.receive(p1, local(2026, 2, 10, 9)), user=desk.clerk, reason="Đơn rút hồ sơ",
                           now=local(2026, 2, 12, 9))
    desk.step(desk.receive(p2, local(2026, 2, 20, 9)), local(2026, 2, 20, 10))
    desk.receive(p1, local(2026, 2, 25, 9))
    # The other agency: its file received at 23:59 on 31 January, finished at 00:00 on 1 February, rated.
    foreign, q1 = foreign_procedure(world)
    theirs = foreign.finish(foreign.receive(q1, local(2026, 1, 31, 23, 59)), local(2026, 2, 1, 0, 0))
    foreign.hand_back(theirs, local(2026, 2, 2, 9), Rating.ACCEPTABLE)
    foreign.receive(q1, local(2026, 2, 3, 9))
    return desk, p1, p2, foreign, q1


PERIODS = [(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 28)), (D(2026, 1, 1), D(2026, 3, 31)),
           (D(2025, 12, 1), D(2026, 2, 28)), (D(2026, 1, 1), D(2026, 12, 31))]


def test_every_whole_month_selection_from_the_tables_equals_the_plain_aggregates(world, handled):
    desk, p1, p2, foreign, q1 = handled
    now = local(2026, 3, 25, 9)
    urban, justice = world.departments["urban"], world.departments["justice"]
    their_urban = Department.objects.get(agency=world.other_agency, code="qldt")
    selections = [(world.agency, d, dept) for d in (None, p1.document, p2.document) for dept in (None, urban, justice)]
    selections += [(world.other_agency, d, dept) for d in (None, q1.document) for dept in (None, their_urban)]
    for agency, document, department in selections:
        for start, end in PERIODS:
            kwargs = dict(document=document, department=department, now=now)
            assert figures(agency, start, end, **kwargs) == figures(agency, start, end, tables=False, **kwargs), (
                agency.code, start, document, department)

    # … and the figures are not empty: both sides of both month boundaries, the late step, the ratings.
    q1_2026 = figures(world.agency, D(2026, 1, 1), D(2026, 3, 31), now=now)
    jan, feb, mar = q1_2026.months
    assert (jan.received, jan.early, jan.late, feb.received, feb.late, feb.on_time) == (7, 2, 1, 4, 1, 1)
    assert (feb.early, mar.late, q1_2026.total.open, q1_2026.rated) == (0, 1, 2, 3)
    # B1 (4 hours): after_edge's, and sent_back's when it came back; B3 (4,5 and 1 days) in most.
    assert {s.code: s.late for s in q1_2026.steps}["B1"] == 2
    assert [(r.label, r.received) for r in figures(world.agency, D(2026, 1, 1), D(2026, 1, 31), now=now,
                                                  department=justice).departments] == [("Phòng Tư pháp", 2)]
    theirs = figures(world.other_agency, D(2026, 2, 1), D(2026, 2, 28), now=now)
    assert (theirs.total.received, theirs.total.done, theirs.rated) == (1, 1, 1)


def test_the_rebuild_writes_back_exactly_what_the_services_kept(world, handled):
    kept = {agency: tallies.stored_cells(agency) for agency in (world.agency.pk, world.other_agency.pk)}
    assert all(months and steps for months, steps in kept.values())
    for agency in kept:
        assert tallies.plain_cells(agency) == kept[agency]
    out = io.StringIO()
    call_command("rebuild_case_tallies", "--dry-run", stdout=out)
    assert "0 month cells, 0 step cells differ" in out.getvalue()
    MonthTally.objects.all().delete()
    StepTally.objects.filter(agency=world.other_agency).update(done=F("done") + 1)
    call_command("rebuild_case_tallies", "--agency", world.other_agency.code, stdout=io.StringIO())
    assert tallies.stored_cells(world.other_agency.pk) == kept[world.other_agency.pk]
    assert tallies.stored_cells(world.agency.pk)[0] == {}  # only the agency asked for
    call_command("rebuild_case_tallies", stdout=io.StringIO())
    assert {agency: tallies.stored_cells(agency) for agency in kept} == kept


def test_whole_months_are_read_from_the_tables_and_other_periods_from_the_files(world, handled):
    now = local(2026, 3, 25, 9)
    before = figures(world.agency, D(2026, 1, 1), D(2026, 1, 31), now=now)
    MonthTally.objects.filter(agency=world.agency, month=D(2026, 1, 1)).update(received=F("received") + 100)
    after = figures(world.agency, D(2026, 1, 1), D(2026, 1, 31), now=now)
    assert after.total.received == before.total.received + 100  # the tables: nothing else moved it
    cut = figures(world.agency, D(2025, 12, 15), D(2026, 1, 31), now=now)  # nothing in December
    assert cut.total.received == before.total.received  # a period cut mid-month: counted from the files


def test_a_result_at_2359_and_one_at_0000_land_in_their_own_month_cells(world, handled):
    desk, p1, *_rest = handled
    cells = {(c.month, c.document_id): c for c in MonthTally.objects.filter(agency=world.agency,
                                                                          department__isnull=True)}
    assert cells[D(2026, 1, 1), p1.document_id].late == 1  # the result at 23:59 on 31 January
    assert cells[D(2026, 2, 1), p1.document_id].late == 1  # the result at 00:00 on 1 February
    assert cells[D(2026, 1, 1), None].received == 7 and cells[D(2026, 2, 1), None].received == 4


def test_an_unknown_change_is_refused(world):
    with pytest.raises(ValueError):
        tallies.counted(Case(), "moved")


def test_outcomes_and_ratings_are_the_ones_counted():
    assert set(tallies.OUTCOMES) == set(Outcome.values)
    assert set(tallies.RATINGS) == set(Rating.values)


def test_the_demo_leaves_the_tables_right(db):
    call_command("seed_demo", quiet=True)
    for agency in Case.objects.values_list("agency", flat=True).distinct():
        months, steps = tallies.stored_cells(agency)
        assert months and steps and tallies.differences(agency) == (0, 0)
