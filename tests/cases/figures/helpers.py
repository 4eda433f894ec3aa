"""One-stop files driven through the real services at chosen moments, for the figures' tests."""

import datetime
from zoneinfo import ZoneInfo

from cases.files import services
from tests.cases.files.helpers import intake, make_clerk, procedure

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


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
