"""Permission matrix of the management review pages (MR-2).

The QMS managers (coordinator, head, mgmt_rep) prepare and write; every other member of the agency reads
reviews that took place, not drafts; the head alone approves; oversight reads none (their role is refused
before the agency is looked at: 403); another agency gets 404. POST entries use data that cannot change state.
"""

import datetime

from tests.matrix import Entry, expect, members


def build(world):
    from tests.quality.review.helpers import add_decision, draft_review, held_review

    o = world.objects
    o["review_draft"] = draft_review(world)
    o["review_held"] = held_review(world, held_on=datetime.date(2026, 7, 20))
    o["review_decision"] = add_decision(world, o["review_held"], owner=world.author)


BUILD = [build]


def pk(name):
    return lambda w: {"pk": w.objects[name].pk}


def readers(ok=200):
    """Every member of the agency reads; oversight (no staff role: refused first, 403) and outsiders (404) see
    nothing of it."""
    return members(ok, oversight=403)


def managers(ok=200, *, others=403):
    return members(others, oversight=403, coordinator=ok, head=ok, mgmt_rep=ok)


ENTRIES = {
    "quality:review_list": Entry(expect=expect(200, anonymous=302, oversight=403)),
    "quality:review_create": Entry(expect=expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200,
                                                 outsider=200)),
    "quality:review_detail": Entry(kwargs=pk("review_held"), expect=readers()),
    "quality:review_minutes_pdf": Entry(kwargs=pk("review_held"), expect=readers()),
    "quality:review_edit": Entry(kwargs=pk("review_draft"), expect=managers()),
    # A draft is the managers' only.
    "quality:decision_add": Entry(kwargs=pk("review_held"), expect=managers()),
    "quality:review_hold": Entry(kwargs=pk("review_held"), method="post", expect=managers(302),
                                 note="already held: refused with a message, nothing changes"),
    "quality:review_note": Entry(kwargs=pk("review_held"), method="post", data=lambda w: {"section": "nope"},
                                 expect=managers(302), note="unknown section: refused"),
    "quality:review_approve": Entry(kwargs=pk("review_held"),
                                    expect=expect(403, anonymous=302, head=200, outsider=404)),
    # The owner (author) or a manager records completion.
    "quality:decision_complete": Entry(kwargs=pk("review_decision"),
                                       expect=members(403, oversight=403, coordinator=200, head=200, mgmt_rep=200,
                                                      author=200)),
}
