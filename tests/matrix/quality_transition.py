"""Permission matrix of the transition view (issue 18): the QMS managers' page; oversight and staff refused."""

from tests.matrix import Entry, expect

MANAGERS_ONLY = expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, outsider=200)

BUILD = []

ENTRIES = {
    # The outsider is a manager of another agency: they see their own agency's transition (200), nothing of ours.
    "quality:transition": Entry(expect=MANAGERS_ONLY),
    "quality:transition_checklist": Entry(method="get", expect=expect(403, anonymous=302, coordinator=405, head=405,
                                                                       mgmt_rep=405, outsider=405),
                                          note="POST only: creates the template once (tests/quality/transition)"),
}
