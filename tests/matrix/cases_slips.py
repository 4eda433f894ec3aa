"""Permission matrix of the one-stop forms and register exports (cases/slips), the citizens' status page
(cases/public) and the coordinator's personal-data pages (cases/privacy), issue 16.

Forms 01–04 carry the applicant's details: the desk's clerk (staff), the coordinator and the file's step
handlers (the urban department: reviewer, author) print them; other members 403. Form 05 and the register are
for every member (initials for those who may not see applicants). The status page is public. The settings and
access log are the coordinator's (the outsider, a coordinator elsewhere, sees their own agency's).
"""

from tests.matrix import Entry, expect, members


def build(world):
    from datetime import timedelta

    from cases.files import services
    from cases.files.models import ApologySlip
    from tests.cases.files.helpers import intake, make_clerk

    case = world.objects["case"]  # tests/matrix/cases_files.py builds it first
    clerk = make_clerk(world)
    revision = case.revision
    world.objects["case_supplement"] = services.case_request_supplement(
        user=clerk, intake=intake(world, revision, papers=[]), text="Bổ sung bản vẽ")
    world.objects["case_refused"] = services.case_refuse(
        user=clerk, intake=intake(world, revision), reasons="Không thuộc thẩm quyền", legal_basis="Điều 5")
    ApologySlip.objects.create(case=case, agency=case.agency, number=1, reason="Chờ ý kiến Sở Xây dựng",
                               new_appointment_at=case.appointment_at + timedelta(days=3), issued_by=clerk)


BUILD = [build]


def pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def personal(ok=200):
    """Who sees the applicant of a file received by the desk and passing through the urban department."""
    return members(403, oversight=403, staff=ok, coordinator=ok, reviewer=ok, author=ok)


def coordinator_only():
    return expect(403, anonymous=302, coordinator=200, outsider=200)


ENTRIES = {
    "cases:form_receipt": Entry(kwargs=pk("case"), expect=personal()),
    "cases:form_supplement": Entry(kwargs=pk("case_supplement"), expect=personal(),
                                   note="its steps are copied at receipt: the urban department is on it"),
    "cases:form_refusal": Entry(kwargs=pk("case_refused"), expect=members(403, oversight=403, staff=200,
                                                                          coordinator=200),
                                note="refused at the desk: no steps, so no handlers"),
    "cases:form_apology": Entry(kwargs=lambda w: {"pk": w.objects["case"].pk, "number": 1}, expect=personal()),
    "cases:form_control": Entry(kwargs=pk("case"), expect=members(200, oversight=403)),
    "cases:register_pdf": Entry(expect=members(200, oversight=403, outsider=200),
                                note="the outsider gets their own agency's (empty) register"),
    "cases:register_xlsx": Entry(expect=members(200, oversight=403, outsider=200)),
    "cases:onestop_settings": Entry(expect=coordinator_only()),
    "cases:access_log": Entry(expect=coordinator_only()),
    "case_public:lookup": Entry(expect=expect(200)),
    "case_public:status": Entry(kwargs=lambda w: {"key": w.objects["case"].public_key}, expect=expect(200),
                                public_names_agency=True),
}
