"""Late-file forms under hostile input: never a 500, and a refused apology saves no slip."""

from tests.fuzz import Target
from tests.fuzz.strategies import junk, nasty_number, nasty_text


def _build(world):
    from tests.cases.files.helpers import make_clerk, procedure, receive

    if "late_case" in world.objects:
        return
    make_clerk(world)
    world.objects["late_case"] = receive(world, revision=procedure(world, code="QT-TRE-HAN"), applicant_name="Lê Văn Trễ")


def pk(world):
    _build(world)
    return {"pk": world.objects["late_case"].pk}


def _slips(world):
    from cases.files.models import ApologySlip

    return ApologySlip.objects.count()


def _nothing_half_saved(world, data, response, before):
    from cases.files.models import Case

    if response.status_code == 200:
        assert _slips(world) == before, "a refused apology saved a slip"
        case = Case.objects.get(pk=world.objects["late_case"].pk)
        assert (case.new_appointment_at is None) == (before == 0)


TEXT = nasty_text()
TARGETS = [
    Target("cases:apology_issue", persona="coordinator", build=_build, kwargs=pk, before=_slips,
           check=_nothing_half_saved,
           fields={"new_date": nasty_text(30), "new_time": nasty_text(20), "reason": TEXT,
                   "signed_by": nasty_number()}),
    Target("cases:late_open_nc", persona="coordinator", build=_build, kwargs=pk, max_examples=3,
           fields={"next": nasty_text(80)}),
    Target("cases:rating_feedback", persona="coordinator", build=_build, kwargs=pk, max_examples=3,
           fields={"junk": junk()}),
    Target("cases:rating_nc", persona="coordinator", build=_build, kwargs=pk, max_examples=3,
           fields={"junk": junk()}),
    Target("cases:late_list", persona="coordinator", method="get", build=_build,
           fields={"nc": nasty_text(5), "page": nasty_number()}),
]
