"""One-stop files driven through the real services at chosen moments, for the figures' tests."""

import datetime
from zoneinfo import ZoneInfo

from cases.files import services
from cases.files.models import Case
from processes.documents.models import Document, Revision
from qms.core.models import Department, Role
from tests.cases.files.helpers import PAPERS, intake, make_clerk, procedure
from tests.factories import make_user

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MINUTE = datetime.timedelta(minutes=1)


def local(y, m, d, hh=0, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=TZ)


def handler(world, step, clerk):
    return world.author if step.department_id == world.departments["urban"].pk else clerk


def received(world, at, revision=None, **extra):
    clerk = make_clerk(world)
    revision = revision or procedure(world)
    return services.case_receive(user=clerk, intake=intake(world, revision, **extra), now=at)


def finished(world, received_at, result_at, revision=None, *, late_step_at=None):
    """A file received at ``received_at`` whose last step is done at ``result_at`` (the others a minute apart
    after receipt, or the first one at ``late_step_at`` to make it run over)."""
    case = received(world, received_at, revision)
    clerk = make_clerk(world)
    moment = received_at
    steps = list(case.steps.order_by("order"))
    for index, step in enumerate(steps):
        step.refresh_from_db()
        who = handler(world, step, clerk)
        moment += datetime.timedelta(minutes=1)
        services.step_take(step=step, user=who, now=moment)
        if index == len(steps) - 1:
            done = result_at
        elif index == 0 and late_step_at:
            done = late_step_at
        else:
            done = moment + datetime.timedelta(minutes=1)
        services.step_complete(step=step, user=who, now=done)
        moment = done
    case.refresh_from_db()
    return case


# A procedure whose first two steps are two departments' (a file through it counts in both).
TWO_DEPARTMENTS = [
    {"step": "B1", "responsibility": "Chuyên viên Phòng Tư pháp", "description": "Xác minh", "time": "4 giờ"},
    {"step": "B2", "responsibility": "Chuyên viên Phòng Quản lý đô thị", "description": "Thẩm định", "time": "2 ngày"},
    {"step": "B3", "responsibility": "Lãnh đạo UBND", "description": "Ký", "time": "1 ngày"},
]


class Desk:
    """One agency's desk and handlers driving files through the services at chosen moments."""

    def __init__(self, clerk, people):
        self.clerk, self.people = clerk, people

    def who(self, step):
        return next((p for p in self.people if step.department_id and p.department_id == step.department_id),
                    self.clerk)

    def receive(self, revision, at, **extra):
        return services.case_receive(user=self.clerk, intake=intake(None, revision, **extra), now=at)

    def step(self, case, done_at):
        """Take the file's active step a minute after it came and finish it at ``done_at``."""
        step = Case.objects.get(pk=case.pk).current_step
        services.step_take(step=step, user=self.who(step), now=step.started_at + MINUTE)
        services.step_complete(step=step, user=self.who(step), now=done_at)
        return Case.objects.get(pk=case.pk)

    def finish(self, case, result_at, *, first_at=None):
        """The active step done at ``first_at`` (default: an hour after it came), each next one an hour later, the
        last one at ``result_at``."""
        case = Case.objects.get(pk=case.pk)
        moment = first_at or case.current_step.started_at + datetime.timedelta(hours=1)
        while case.current_step is not None:
            last = not case.steps.filter(order__gt=case.current_step.order).exists()
            case = self.step(case, result_at if last else moment)
            moment += datetime.timedelta(hours=1)
        return case

    def hand_back(self, case, returned_at, rating=None):
        services.case_record_result(case=case, user=self.clerk, result_text="Giấy phép số 12/GPXD")
        services.case_return(case=case, user=self.clerk, method="in_person", now=returned_at)
        if rating:
            services.case_rate(case=case, rating=rating, user=self.clerk, now=returned_at + MINUTE)
        return Case.objects.get(pk=case.pk)


def foreign_procedure(world):
    """Another agency's effective procedure with a department of its own, its clerk and a handler there."""
    agency = world.other_agency
    urban = Department.objects.create(agency=agency, code="qldt", name="Phòng Quản lý đô thị")
    clerk = make_user(agency, [Role.STAFF, Role.CLERK], username="khac-motcua")
    handler = make_user(agency, [Role.STAFF], urban, username="khac-qldt")
    document = Document.objects.create(agency=agency, code="QT-KHAC", title="Cấp phép khác",
                                       doc_type=Document.Type.PROCEDURE)
    revision = Revision.objects.create(
        document=document, agency=agency, issue_number=1, title=document.title, author=world.outsider,
        status=Revision.Status.EFFECTIVE, effective_date=datetime.date(2025, 1, 1), processing_time_days=5,
        dossier="- " + "\n- ".join(PAPERS), steps=TWO_DEPARTMENTS)
    return Desk(clerk, [handler]), revision
