"""Permission matrix of the register of risks and opportunities (ISO 9001:2015 6.1; issue 18).

Every member reads; the QMS managers add, review, assign and evaluate; the owner or a manager records an action
done; oversight is refused (403); another agency gets 404. POSTs carry data that changes nothing.
"""

import datetime

from tests.matrix import Entry, expect, members


def build(world):
    from django.utils import timezone

    from quality.risks import services

    o = world.objects
    later = timezone.localdate() + datetime.timedelta(days=30)
    o["risk"] = services.risk_add(agency=world.agency, user=world.coordinator, kind="risk", description="Mất hồ sơ",
                                  likelihood=2, impact=3, next_review_on=later)
    o["risk_action"] = services.action_add(risk=o["risk"], user=world.coordinator, description="Sao lưu",
                                           owner=world.staff, due_date=later)


BUILD = [build]


def pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def managers(ok=200, *, others=403, outsider=404):
    return members(others, oversight=403, outsider=outsider, coordinator=ok, head=ok, mgmt_rep=ok)


ENTRIES = {
    "quality:risk_list": Entry(expect=expect(200, anonymous=302, oversight=403)),
    "quality:risk_detail": Entry(kwargs=pk("risk"), expect=members(200, oversight=403)),
    "quality:risk_review": Entry(kwargs=pk("risk"), method="post", data=lambda w: {}, expect=managers(400),
                                 note="empty form: refused with messages"),
    "quality:risk_action_add": Entry(kwargs=pk("risk"), method="post", data=lambda w: {}, expect=managers(400),
                                     note="empty form: refused with messages"),
    # Not done yet: evaluating is refused with a message on the page (200 on GET).
    "quality:risk_action_evaluate": Entry(kwargs=pk("risk_action"), expect=managers()),
    "quality:risk_action_done": Entry(kwargs=pk("risk_action"), method="get", expect=members(405, oversight=403, outsider=405),
                                     note="POST only (tests/quality/risks: owner or manager; another agency 404)"),
}
