"""Permission-matrix rows of quality objectives (MR-1).

Everyone of the agency reads its objectives; coordinator, head and management representative write.
The oversight body (another agency, role oversight only) sees figures on the provincial overview, never these
records: 403 on every page (the role is checked before any object is looked up). Another agency's objects answer 404.
"""

import datetime
from decimal import Decimal

from quality.objectives import services as svc
from tests.matrix import Entry, expect

MANAGERS = ("coordinator", "head", "mgmt_rep")


def build(world):
    objective = svc.objective_save(
        agency=world.agency, user=world.coordinator, year=2026, code="MT-01", title="Hồ sơ giải quyết đúng hạn",
        department=world.departments["desk"], indicator="Tỷ lệ hồ sơ đúng hạn", unit="%", target=Decimal("95"),
        direction="at_least", frequency="quarterly", method="manual", answer_days=15,
        # Planned (6.2.2), so the same objective can be built for an agency on either edition.
        plan_actions="Nhắc việc hồ sơ sắp đến hạn", plan_resources="Cán bộ một cửa", plan_owner=world.coordinator,
        plan_due=datetime.date(2026, 12, 31), plan_evaluation="Số liệu hồ sơ theo quý",
    )
    measurement = svc.measurement_record(objective=objective, user=world.coordinator,
                                         period_start=datetime.date(2026, 1, 1), value="90,5", note="Sổ theo dõi")
    world.objects.update(objective=objective, measurement=measurement)


BUILD = [build]


def readers(**overrides):
    return expect(200, **{"anonymous": 302, "oversight": 403, "outsider": 404, **overrides})


def writers(ok, **overrides):
    values = {"anonymous": 302, "oversight": 403, "outsider": 404, **{p: ok for p in MANAGERS}, **overrides}
    return expect(403, **values)


objective_pk = lambda w: {"pk": w.objects["objective"].pk}  # noqa: E731

ENTRIES = {
    # Lists of one's own agency: another agency's user sees their own (empty) list.
    "quality:objective_list": Entry(expect=readers(oversight=403, outsider=200)),
    "quality:objective_create": Entry(expect=writers(200, oversight=403, outsider=200)),
    "quality:objective_detail": Entry(kwargs=objective_pk, expect=readers()),
    "quality:objective_edit": Entry(kwargs=objective_pk, expect=writers(200)),
    # Empty POSTs: refused with a message (→ back to the objective) for writers, 403 for the others.
    "quality:measurement_record": Entry(method="post", kwargs=objective_pk, expect=writers(302)),
    "quality:measurement_compute": Entry(method="post", kwargs=objective_pk, expect=writers(302)),
    "quality:measurement_open_nc": Entry(method="post", kwargs=lambda w: {"pk": w.objects["measurement"].pk},
                                         expect=writers(302)),
}
