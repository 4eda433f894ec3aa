"""Permission matrix rows for the quality dashboards (quality/dashboards): the agency's dashboard is for those who
manage its QMS (coordinator, head, management representative); oversight sees the province's figures only."""

from tests.matrix import Entry, expect

# The outsider manages another agency: the same URL shows them their own agency's dashboard (there is no agency
# in the URL to guess), and never this one's figures (the matrix checks this agency's name is absent).
MANAGERS_ONLY = expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, outsider=200)

BUILD = []

ENTRIES = {
    "quality:dashboard": Entry(expect=MANAGERS_ONLY),
}
