"""Permission matrix rows for the provincial overview's drill-down and export (quality/dashboards/drilldown.py,
qms/core/views.py) and the agency's yearly report (quality/reports): oversight sees figures only."""

from tests.matrix import Entry, expect

# The drill-down of this agency (world.agency, supervised): only oversight opens it. Its own people lack the role
# (403); the outsider asks about another agency's id (404, as for any record of another agency).
DRILLDOWN = expect(403, anonymous=302, oversight=200, outsider=404)

BUILD = []

ENTRIES = {
    "quality:agency_figures": Entry(kwargs=lambda w: {"agency_id": w.agency.pk}, expect=DRILLDOWN),
    "core:province_overview_xlsx": Entry(expect=expect(403, anonymous=302, oversight=200)),
}
