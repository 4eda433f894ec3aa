"""Permission matrix rows for the provincial overview's drill-down and export (quality/dashboards/drilldown.py,
qms/core/views.py) and the agency's yearly report (quality/reports): oversight sees figures only, and the reports
agencies sent it; the agency's managers make and send their report."""

from django.utils import timezone

from tests.matrix import Entry, expect

# The drill-down of this agency (world.agency, supervised): only oversight opens it. Its own people lack the role
# (403); the outsider asks about another agency's id (404, as for any record of another agency).
DRILLDOWN = expect(403, anonymous=302, oversight=200, outsider=404)
# A draft report: the agency's managers; its other members 403; oversight and the outsider 404 (not theirs).
DRAFT_READ = expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, oversight=404, outsider=404)
# A sent report: the same, and the oversight body reads it.
SENT_READ = {**DRAFT_READ, "oversight": 200}
# Writing after a redirect (POST → detail): managers 302; a sent report is refused by the service (message, 302).
DRAFT_POST = expect(403, anonymous=302, coordinator=302, head=302, mgmt_rep=302, oversight=404, outsider=404)
# The list and the create form: the outsider manages another agency and sees its own (no id in the URL).
MANAGERS_ONLY = expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, outsider=200)


def build(world):
    from quality.reports.services import create_report, send_report, update_text

    year = timezone.localdate().year
    world.objects["report_draft"] = create_report(agency=world.agency, year=year, user=world.coordinator)
    sent = create_report(agency=world.agency, year=year - 1, user=world.coordinator)
    sent = update_text(report=sent, user=world.coordinator, results="Duy trì HTQLCL", difficulties="", proposals="")
    world.objects["report_sent"] = send_report(report=sent, user=world.coordinator)


BUILD = [build]


def draft(w):
    return {"pk": w.objects["report_draft"].pk}


def sent(w):
    return {"pk": w.objects["report_sent"].pk}


ENTRIES = {
    "quality:agency_figures": Entry(kwargs=lambda w: {"agency_id": w.agency.pk}, expect=DRILLDOWN),
    "core:province_overview_xlsx": Entry(expect=expect(403, anonymous=302, oversight=200)),
    "quality:report_list": Entry(expect=MANAGERS_ONLY),
    # A year already reported: the form answers 400 with its message, nothing saved; the outsider's agency has
    # no report for that year and makes one (302).
    "quality:report_create": Entry(method="post", data=lambda w: {"year": w.objects["report_draft"].year},
                                   expect=expect(403, anonymous=302, coordinator=400, head=400, mgmt_rep=400,
                                                 outsider=302)),
    "quality:report_received": Entry(expect=expect(403, anonymous=302, oversight=200)),
    "quality:report_detail": Entry(kwargs=sent, expect=SENT_READ),
    "quality:report_edit": Entry(kwargs=draft, expect=DRAFT_READ),
    "quality:report_refresh": Entry(kwargs=draft, method="post", expect=DRAFT_POST),
    "quality:report_send": Entry(kwargs=sent, method="post", expect=DRAFT_POST),
    "quality:report_xlsx": Entry(kwargs=sent, expect=SENT_READ),
    "quality:report_pdf": Entry(kwargs=sent, expect=SENT_READ),
}
