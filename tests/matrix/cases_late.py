"""Permission matrix of late one-stop files (issue 16 item 4).

The late-files list (it shows the automatic NC choice, made on the settings page) and its NC button: the
coordinator (others 403, another agency 404 on a file).
The apology form: the file's handler or the coordinator (nobody holds B1 of the built file: the coordinator only).
A dissatisfied rating's actions: the desk's clerk (the staff persona, given the clerk role) and the coordinator;
the built file is not rated, so the service refuses with a message and a redirect. Oversight: 403.
"""

from tests.matrix import Entry, expect, members


def build(world):
    from tests.cases.files.helpers import procedure, receive

    if "late_case" not in world.objects:
        world.objects["late_case"] = receive(world, revision=procedure(world, code="QT-TRE-HAN"), applicant_name="Lê Văn Trễ")


BUILD = [build]


def pk(world):
    return {"pk": world.objects["late_case"].pk}


def coordinator(ok):
    """The outsider is a coordinator of another agency: its own (empty) list, its own settings."""
    return expect(403, anonymous=302, coordinator=ok, outsider=ok)


ENTRIES = {
    "cases:late_list": Entry(expect=coordinator(200)),
    "cases:late_open_nc": Entry(kwargs=pk, method="post", expect=members(403, oversight=403, coordinator=302),
                                note="not late: refused with a message"),
    "cases:apology_issue": Entry(kwargs=pk, expect=members(403, oversight=403, coordinator=200)),
    "cases:rating_feedback": Entry(kwargs=pk, method="post", expect=members(403, oversight=403, coordinator=302,
                                                                            staff=302), note="not rated: refused"),
    "cases:rating_nc": Entry(kwargs=pk, method="post", expect=members(403, oversight=403, coordinator=302, staff=302),
                             note="not rated: refused"),
}
