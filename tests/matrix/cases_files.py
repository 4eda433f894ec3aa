"""Permission matrix of one-stop files (issue 16).

Every member of the agency opens the register and a file (applicants' details only for handlers); the desk's clerk
(the staff persona, given the clerk role here) receives and returns; oversight: 403 (no staff role, refused before
the agency is looked at); another agency: 404 (or 403 where the clerk role is missing, refused first). POST
entries use data or a step that cannot change state: refused with a message, redirected to the file.
"""

from tests.matrix import Entry, expect, members


def build(world):
    from tests.cases.files.helpers import receive

    case = receive(world)
    world.objects["case"] = case
    world.objects["case_step_pending"] = case.steps.get(order=3)


BUILD = [build]


def pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def readers(ok=200):
    return members(ok, oversight=403)


def clerks(ok=302):
    return expect(403, anonymous=302, staff=ok)


def acts(ok=302):
    """Any member may post; the service refuses (message, redirect): nothing changes."""
    return members(ok, oversight=403)


ENTRIES = {
    "cases:case_list": Entry(expect=expect(200, anonymous=302, oversight=403)),
    "cases:case_receive": Entry(expect=clerks(200)),
    "cases:case_detail": Entry(kwargs=pk("case"), expect=readers()),
    # The desk or the step's holder (nobody holds B1 yet): others 403.
    "cases:case_supplement": Entry(kwargs=pk("case"), method="post", expect=members(403, oversight=403, staff=302),
                                   note="empty text: refused"),
    "cases:case_refuse": Entry(kwargs=pk("case"), method="post", expect=members(403, oversight=403, staff=302),
                               note="no reasons: refused"),
    "cases:case_supplemented": Entry(kwargs=pk("case"), method="post", expect=clerks(), note="not awaiting supplements"),
    "cases:case_withdraw": Entry(kwargs=pk("case"), method="post", expect=clerks(), note="no reason: refused"),
    "cases:case_result": Entry(kwargs=pk("case"), method="post", expect=clerks(), note="empty result: refused"),
    "cases:case_return": Entry(kwargs=pk("case"), method="post", expect=clerks(), note="no method: refused"),
    "cases:case_rate": Entry(kwargs=pk("case"), method="post", expect=clerks(), note="no rating: refused"),
    "cases:step_take": Entry(kwargs=pk("case_step_pending"), method="post", expect=acts(),
                             note="a pending step: refused"),
    "cases:step_complete": Entry(kwargs=pk("case_step_pending"), method="post", expect=acts(),
                                 note="not its holder: refused"),
    "cases:step_return": Entry(kwargs=pk("case_step_pending"), method="post", expect=acts(),
                               note="no reason: refused"),
}
