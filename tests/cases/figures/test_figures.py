"""The one-stop figures (issue 16 item 8) against files handled through the services at chosen moments."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.figures.services import figures, returned_on_time, review_input
from cases.files import services
from cases.files.models import Case, Outcome, Rating
from tests.cases.figures.helpers import finished, local, received
from tests.cases.files.helpers import make_clerk, procedure

pytestmark = pytest.mark.django_db
JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 28)


def month(f, label):
    return next(row for row in f.months if row.label == label)


def test_a_result_at_2359_local_on_the_last_day_is_that_month_and_at_0000_the_next(world):
    revision = procedure(world)
    a = finished(world, local(2026, 1, 5, 8), local(2026, 1, 31, 23, 59), revision)
    b = finished(world, local(2026, 1, 5, 9), local(2026, 2, 1, 0, 0), revision)
    assert (a.outcome, b.outcome) == (Outcome.LATE, Outcome.LATE)  # 15 working days from 5 January: 26 January
    f = figures(world.agency, JAN, FEB, now=local(2026, 3, 1))
    jan, feb = month(f, "01/2026"), month(f, "02/2026")
    assert (jan.received, jan.late, jan.done) == (2, 1, 1)
    assert (feb.received, feb.late, feb.done) == (0, 1, 1)
    # The late figure of January links to the register with exactly January's result dates and "late".
    assert "result_from=2026-01-01" in jan.links()["late"] and "result_to=2026-01-31" in jan.links()["late"]
    assert "outcome=late" in jan.links()["late"]


def test_period_cuts_months_and_counts_received_and_open_by_receipt(world):
    revision = procedure(world)
    open_case = received(world, local(2026, 2, 10, 9), revision)
    received(world, local(2026, 1, 31, 23, 59), revision)  # outside office hours, but received in January
    f = figures(world.agency, datetime.date(2026, 1, 15), datetime.date(2026, 2, 20), now=local(2026, 3, 30))
    assert [(r.label, r.start, r.end) for r in f.months] == [
        ("01/2026", datetime.date(2026, 1, 15), datetime.date(2026, 1, 31)),
        ("02/2026", datetime.date(2026, 2, 1), datetime.date(2026, 2, 20))]
    feb = month(f, "02/2026")
    assert (feb.received, feb.open, feb.overdue) == (1, 1, 1)  # its appointment (3 March) passed by 30 March
    assert open_case.status in Case.OPEN
    assert f.total.received == 2 and f.total.open == 2


def test_early_on_time_late_against_the_appointment(world):
    revision = procedure(world)
    # Received Monday 2 March 2026 08:00; 15 working days: appointment Monday 23 March 08:00.
    early = finished(world, local(2026, 3, 2, 8), local(2026, 3, 20, 16), revision)
    on_time = finished(world, local(2026, 3, 2, 8), local(2026, 3, 23, 7, 45), revision)
    late = finished(world, local(2026, 3, 2, 8), local(2026, 3, 23, 8, 1), revision)
    assert early.appointment_at == local(2026, 3, 23, 8)
    assert [early.outcome, on_time.outcome, late.outcome] == [Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE]
    f = figures(world.agency, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), now=local(2026, 4, 1))
    march = month(f, "03/2026")
    assert (march.early, march.on_time, march.late, march.done) == (1, 1, 1, 3)
    assert march.on_time_percent == Decimal("66.7")
    assert returned_on_time(world.agency, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)) == (
        Decimal("66.67"), 2, 3)


def test_working_days_taken_skip_the_april_holidays_and_are_averaged(world):
    revision = procedure(world)
    # Monday 27 April 07:30 → Monday 4 May 07:30: Giỗ Tổ (Sunday 26 April, observed Monday 27), 30 April, 1 May
    # and the weekend are not working days: 28 and 29 April only.
    a = finished(world, local(2026, 4, 27, 7, 30), local(2026, 5, 4, 7, 30), revision)
    # Monday 4 May 07:30 → Monday 11 May 07:30: five working days.
    b = finished(world, local(2026, 5, 4, 7, 30), local(2026, 5, 11, 7, 30), revision)
    assert (a.working_days_taken, b.working_days_taken) == (Decimal("2.00"), Decimal("5.00"))
    f = figures(world.agency, datetime.date(2026, 5, 1), datetime.date(2026, 5, 31), now=local(2026, 6, 1))
    may = month(f, "05/2026")
    assert may.days_taken == Decimal("3.50") and may.days_stated == Decimal("15.00")


def test_slow_steps_ratings_procedures_and_departments(world):
    revision = procedure(world)
    # B1 has 4 working hours: done the next day, it runs over.
    slow = finished(world, local(2026, 3, 2, 8), local(2026, 3, 10, 9), revision, late_step_at=local(2026, 3, 3, 9))
    quick = finished(world, local(2026, 3, 2, 8), local(2026, 3, 10, 9), revision)
    clerk = make_clerk(world)
    for case, rating in ((slow, Rating.NOT_SATISFIED), (quick, Rating.SATISFIED)):
        services.case_record_result(case=case, user=clerk, result_text="Giấy phép số 12/GPXD")
        services.case_return(case=case, user=clerk, method="in_person", now=local(2026, 3, 11, 9))
        services.case_rate(case=case, rating=rating, user=clerk, now=local(2026, 3, 11, 9, 5))
    f = figures(world.agency, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), now=local(2026, 4, 1))
    # B3 (4,5 days from 2 March) was done on 10 March in both files: late twice; B1 (4 hours) late once.
    assert [(s.code, s.done, s.late) for s in f.steps] == [("B3", 2, 2), ("B1", 2, 1)]
    assert all(s.overrun_hours > 0 for s in f.steps) and "late_step=B1" in f.steps[1].url
    assert f.steps[1].overrun_hours < f.steps[0].overrun_hours  # B1: done a working day late at 09:00
    assert {v: (c, p) for v, _l, c, p, _u in f.ratings} == {
        "satisfied": (1, Decimal("50.0")), "acceptable": (0, Decimal("0.0")), "not_satisfied": (1, Decimal("50.0"))}
    assert [(r.label, r.received, r.done) for r in f.procedures] == [(f"QT-GPXD {revision.document.title}", 2, 2)]
    assert [(r.label, r.received, r.done) for r in f.departments] == [("Phòng Quản lý đô thị", 2, 2)]


def _make(world, revision, n, day):
    for i in range(n):
        finished(world, local(2026, 3, day, 8, i), local(2026, 3, 20, 9), revision)


def test_query_count_does_not_grow_with_the_files(world, login):
    revision = procedure(world)
    _make(world, revision, 1, 2)
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    with CaptureQueriesContext(connection) as small:
        figures(world.agency, start, end)
    with CaptureQueriesContext(connection) as small_plain:
        figures(world.agency, start, end, tables=False)
    client = login(world.coordinator)
    url = "/mot-cua/so-lieu/?period=custom&start=2026-01-01&end=2026-12-31"
    with CaptureQueriesContext(connection) as page_small:
        assert client.get(url).status_code == 200
    _make(world, revision, 5, 3)
    with CaptureQueriesContext(connection) as large:
        f = figures(world.agency, start, end)
    with CaptureQueriesContext(connection) as large_plain:
        assert figures(world.agency, start, end, tables=False) == f
    with CaptureQueriesContext(connection) as page_large:
        response = client.get(url)
    assert f.total.received == 6
    # Four over the summary tables (months, procedures, departments, late steps) and three for the open files (by
    # month and procedure, by department, the departments' names); the plain aggregates: received and resolved by
    # month and procedure, the same by department, the steps.
    assert len(small) == len(large) == 7
    assert len(small_plain) == len(large_plain) == 8
    assert len(page_small) == len(page_large)
    assert b"figures-months" in response.content


def test_review_input_is_plain_data(world):
    revision = procedure(world)
    finished(world, local(2026, 3, 2, 8), local(2026, 3, 10, 9), revision)
    data = review_input(world.agency, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert data["received"] == 1 and data["done"] == 1 and data["early"] == 1 and data["on_time_percent"] == 100.0
    assert data["ratings"] == {"satisfied": 0, "acceptable": 0, "not_satisfied": 0}
    assert data["procedures"][0]["received"] == 1


def _procedures(world, n):
    """``n`` effective procedures of the agency, made directly (their approval is not what is tested here)."""
    from processes.documents.models import Document, Revision
    from tests.cases.files.helpers import DOSSIER, STEPS

    revisions = []
    for i in range(n):
        document = Document.objects.create(agency=world.agency, code=f"QT-{i:02d}", title=f"Thủ tục số {i}",
                                           doc_type=Document.Type.PROCEDURE)
        revisions.append(Revision.objects.create(
            document=document, agency=world.agency, issue_number=1, title=document.title, author=world.author,
            status=Revision.Status.EFFECTIVE, effective_date=datetime.date(2025, 1, 1), processing_time_days=15,
            dossier=DOSSIER, steps=STEPS))
    return revisions


def test_the_procedure_table_shows_the_twenty_with_most_files_and_the_others_in_one_row(world, login):
    revisions = _procedures(world, 22)
    for i, revision in enumerate(revisions):
        for _ in range(3 if i == 21 else 1):  # QT-21 has most files: first; then by code, QT-19 and QT-20 left over
            received(world, local(2026, 3, 2, 8), revision)
    f = figures(world.agency, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), now=local(2026, 4, 1))
    assert len(f.procedures) == 20 and f.procedures[0].label == "QT-21 Thủ tục số 21"
    assert [r.label for r in f.procedures[1:3]] == ["QT-00 Thủ tục số 0", "QT-01 Thủ tục số 1"]
    assert (f.other_count, f.other_procedures.received, f.other_procedures.open) == (2, 2, 2)
    assert sum(r.received for r in f.procedures) + f.other_procedures.received == f.total.received == 24
    assert f.other_procedures.links() == {}  # no register filter selects "the other procedures"
    body = login(world.coordinator).get("/mot-cua/so-lieu/?period=year").content.decode()
    other = body[body.index('data-testid="figures-other-procedures"'):]
    assert "2 thủ tục khác" in other[:200] and "<a " not in other[:other.index("</tr>")]


def test_the_procedure_selector_offers_what_djangos_own_select_would(world):
    from django import forms

    from cases.figures.forms import FiguresForm
    from processes.documents.models import Document

    revisions = _procedures(world, 3)
    chosen = revisions[1].document
    form = FiguresForm({"period": "year", "document": str(chosen.pk)}, agency=world.agency,
                       today=datetime.date(2026, 5, 1))
    assert form.is_valid() and form.cleaned_data["document"] == chosen
    reference = forms.ModelChoiceField(queryset=Document.objects.filter(
        agency=world.agency, doc_type=Document.Type.PROCEDURE).order_by("code"), empty_label="Tất cả thủ tục")
    option = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')
    ours = option.findall(str(form["document"]))
    django_own = option.findall(reference.widget.render("document", chosen.pk))
    assert ours == django_own and len(ours) == 4 and ("%d" % chosen.pk, " selected", str(chosen)) in ours
