import datetime
from zoneinfo import ZoneInfo

from audits.capa.models import Action, Nonconformity

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_counter = iter(range(1, 10_000))


def local(y, m, d, hh=0, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=TZ)


def closed_nc(world, closed_at, due, agency=None):
    """An NC closed at ``closed_at`` whose (last) action was due on ``due``."""
    agency = agency or world.agency
    n = next(_counter)
    nc = Nonconformity.objects.create(
        agency=agency, year=2026, number=n, reference=f"NC-T-{n}", source="staff_report", severity="minor",
        description="x", detected_on=datetime.date(2026, 1, 1), status=Nonconformity.Status.CLOSED, closed_at=closed_at,
    )
    if due is not None:
        Action.objects.create(agency=agency, nc=nc, description="a", owner=world.staff, due_date=due,
                              status=Action.Status.DONE, completed_on=due)
        # An earlier action does not make the NC due earlier: the last one sets its due date.
        Action.objects.create(agency=agency, nc=nc, description="b", owner=world.staff,
                              due_date=due - datetime.timedelta(days=20), status=Action.Status.DONE,
                              completed_on=due - datetime.timedelta(days=20))
    return nc
