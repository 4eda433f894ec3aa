"""Permission matrix of the agency's context pages (ISO 9001:2015 4.1, 4.2; issue 18).

Every member of the agency reads; the QMS managers record and change; oversight is refused (403); another
agency's issue or party is a 404. The add POSTs carry nothing: refused with messages (400), nothing saved.
"""

from tests.matrix import Entry, expect, members


def build(world):
    from quality.context import services

    o = world.objects
    o["context_issue"] = services.issue_save(agency=world.agency, user=world.coordinator, kind="external",
                                             description="Chuyển đổi số trong giải quyết thủ tục hành chính")
    o["interested_party"] = services.party_save(agency=world.agency, user=world.coordinator, name="Người dân",
                                                requirements="Hồ sơ được giải quyết đúng hạn")


BUILD = [build]


def pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def managers(ok=200, *, others=403, outsider=404):
    return members(others, oversight=403, outsider=outsider, coordinator=ok, head=ok, mgmt_rep=ok)


ENTRIES = {
    "quality:context": Entry(expect=expect(200, anonymous=302, oversight=403)),
    "quality:context_issue_add": Entry(method="post", data=lambda w: {}, expect=managers(400, outsider=400),
                                       note="empty form: refused with messages"),
    "quality:context_party_add": Entry(method="post", data=lambda w: {}, expect=managers(400, outsider=400),
                                       note="empty form: refused with messages"),
    "quality:context_issue_edit": Entry(kwargs=pk("context_issue"), expect=managers()),
    "quality:context_party_edit": Entry(kwargs=pk("interested_party"), expect=managers()),
}
