"""Late files built through the real services."""

import datetime

from cases.files import services as files
from qms.core.workdays import TZ, WorkCalendar
from tests.cases.files.helpers import intake, make_clerk, procedure


def at(*args):
    return datetime.datetime(*args, tzinfo=TZ)


def received(world, when, days=1, revision=None):
    """A file received at ``when`` under a procedure of ``days`` working days (B1 4 h, B2 10 days, B3 4.5 days)."""
    clerk = make_clerk(world)
    revision = revision or procedure(world, processing_time_days=days)
    return files.case_receive(user=clerk, intake=intake(world, revision), now=when)


def next_working_morning(case, hour=9):
    """9:00 of the first working day after the file's current promised date."""
    cal = WorkCalendar.for_agency(case.agency)
    day = cal.next_working_day(case.due_at.astimezone(TZ).date())
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=TZ)


def returned(world, rating="not_satisfied", comment="Phải đi lại nhiều lần", revision=None):
    """A file handled to the end, returned and rated."""
    from tests.cases.files.helpers import receive

    case = receive(world, revision=revision)
    b1, b2, b3 = case.steps.order_by("order")
    files.step_take(step=b1, user=world.staff)
    files.step_complete(step=b1, user=world.staff)
    files.step_take(step=b2, user=world.author)
    files.step_complete(step=b2, user=world.author, to_user=world.head)
    files.step_complete(step=b3, user=world.head)
    case.refresh_from_db()
    files.case_record_result(case=case, user=world.staff, result_text="Giấy phép số 7/GPXD")
    files.case_return(case=case, user=world.staff, method="in_person")
    files.case_rate(case=case, rating=rating, comment=comment)
    case.refresh_from_db()
    return case
