"""One-stop file forms under hostile input: never a 500, and a refused receipt saves no file."""

from tests.fuzz import Target
from tests.fuzz.strategies import junk, nasty_number, nasty_text


def _build(world):
    from tests.cases.files.helpers import receive

    if "case" in world.objects:
        return
    world.objects["case"] = case = receive(world)
    world.objects["revision"] = case.revision
    world.objects["step"] = case.steps.get(order=1)


def pk(name):
    def kwargs(world):
        _build(world)
        return {"pk": world.objects[name].pk}

    return kwargs


def _counts(world):
    from cases.files.models import Case

    return Case.objects.count()


def _nothing_half_saved(world, data, response, before):
    if response.status_code == 200:
        assert _counts(world) == before, "a refused receipt saved a file"


def _revision(world):
    _build(world)
    return {"revision": str(world.objects["revision"].pk)}


TEXT = nasty_text()
TARGETS = [
    Target("cases:case_receive", persona="staff", build=_build, fixed=_revision,
           fields={"applicant_kind": nasty_text(20), "applicant_name": TEXT, "applicant_id_number": nasty_text(50),
                   "applicant_address": TEXT, "applicant_phone": nasty_text(50), "applicant_email": nasty_text(80),
                   "papers": nasty_text(), "sets": nasty_number(), "channel": nasty_text(20),
                   "decision": nasty_text(20), "supplement_text": TEXT, "refusal_reasons": TEXT,
                   "refusal_legal_basis": TEXT}, before=_counts, check=_nothing_half_saved),
    Target("cases:case_receive", name="cases:case_receive revision", persona="staff", build=_build,
           fields={"revision": nasty_number(), "applicant_name": TEXT}, before=_counts, check=_nothing_half_saved),
    Target("cases:case_receive", name="cases:case_receive choose", persona="staff", method="get", build=_build,
           fields={"revision": nasty_text(30)}),
    Target("cases:case_supplement", persona="staff", build=_build, kwargs=pk("case"), fields={"text": TEXT}),
    Target("cases:case_supplemented", persona="staff", build=_build, kwargs=pk("case"), fields={"papers": TEXT}),
    Target("cases:case_refuse", persona="staff", build=_build, kwargs=pk("case"),
           fields={"reasons": TEXT, "legal_basis": TEXT}),
    Target("cases:case_withdraw", persona="staff", build=_build, kwargs=pk("case"), fields={"reason": TEXT}),
    Target("cases:case_result", persona="staff", build=_build, kwargs=pk("case"), fields={"result_text": TEXT}),
    Target("cases:case_return", persona="staff", build=_build, kwargs=pk("case"), fields={"method": TEXT}),
    Target("cases:case_rate", persona="staff", build=_build, kwargs=pk("case"),
           fields={"rating": nasty_text(20), "comment": TEXT}),
    Target("cases:step_take", persona="staff", build=_build, kwargs=pk("step"), max_examples=3,
           fields={"junk": junk()}),
    Target("cases:step_complete", persona="staff", build=_build, kwargs=pk("step"),
           fields={"note": TEXT, "to_user": nasty_number()}),
    Target("cases:step_return", persona="staff", build=_build, kwargs=pk("step"), fields={"reason": TEXT}),
    Target("cases:case_list", persona="staff", method="get", build=_build,
           fields={"q": TEXT, "document": nasty_number(), "department": nasty_number(), "status": nasty_text(20),
                   "received_from": nasty_text(20), "received_to": nasty_text(20), "late": nasty_text(5),
                   "page": nasty_number()}),
]
