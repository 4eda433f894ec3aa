"""Permission matrix of the nonconformity and feedback pages (audits app).

Handlers of an NC: managers (coordinator, head, mgmt_rep) and the department head /
person responsible (reviewer, head of the urban department). Action owners: author, staff.
The effectiveness verifier: the auditor who found it. Citizens' pages are public.
POST entries use data that cannot change state, so every persona sees the same objects.
"""

from django.core.files.base import ContentFile

from tests.matrix import Entry, expect, members



def build(world):
    from audits.capa.models import ActionEvidence, Nonconformity
    from audits.feedback.models import Feedback
    from audits.feedback.services import feedback_submit
    from tests.audits.capa.helpers import nc_at

    st = Nonconformity.Status
    o = world.objects
    o["nc_open"] = nc_at(world, st.OPEN)
    o["nc_correction"] = nc_at(world, st.CORRECTION)
    o["nc_analysed"] = nc_at(world, st.CAUSE_ANALYSED)
    o["nc_planned"] = nc_at(world, st.ACTIONS_PLANNED)
    o["nc_done"] = nc_at(world, st.ACTIONS_DONE)
    o["nc_closed"] = nc_at(world, st.CLOSED)
    o["action"] = o["nc_planned"].actions.get(owner=world.author)
    evidence = ActionEvidence(
        agency=world.agency, action=o["action"], original_name="bien-ban.pdf", content_type="application/pdf",
        size=9, sha256="0" * 64, uploaded_by=world.author,
    )
    evidence.file.save("matrix.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    evidence.save()
    o["evidence"] = evidence
    o["feedback"] = feedback_submit(agency=world.agency, content="Hồ sơ trễ hạn", ip="192.0.2.1")
    o["foreign_feedback"] = Feedback.objects.create(agency=world.other_agency, content="Phản ánh cơ quan khác")


BUILD = [build]


def pk(name):
    return lambda w: {"pk": w.objects[name].pk}


# Who may do what on this agency's NCs; other agencies (outsider, oversight) get 404.
def handlers(ok=200, *, others=403, **overrides):
    values = dict(coordinator=ok, head=ok, mgmt_rep=ok, reviewer=ok, author=others, auditor=others, staff=others)
    values.update(overrides)
    return members(others, oversight=404, **values)


def managers(ok=200, *, others=403, **overrides):
    values = dict(coordinator=ok, head=ok, mgmt_rep=ok)
    values.update(overrides)
    return members(others, oversight=404, **values)


def agency_members():
    return members(200, oversight=404)


def feedback_managers(ok):
    # Role checked first (403 without a QMS management role), then the agency (404).
    return expect(403, anonymous=302, coordinator=ok, head=ok, mgmt_rep=ok, outsider=404)


ENTRIES = {
    # Register and lists: everyone logged in sees their own agency's (an empty list elsewhere).
    "audits:nc_list": Entry(expect=expect(200, anonymous=302)),
    "audits:nc_export": Entry(kwargs=lambda w: {"fmt": "csv"}, expect=expect(200, anonymous=302)),
    "audits:nc_create": Entry(expect=expect(200, anonymous=302)),
    "audits:action_list": Entry(expect=expect(200, anonymous=302)),
    "audits:nc_detail": Entry(kwargs=pk("nc_open"), expect=agency_members()),
    "audits:nc_print": Entry(kwargs=pk("nc_closed"), expect=agency_members()),
    "audits:nc_report_pdf": Entry(kwargs=pk("nc_closed"), expect=agency_members()),
    # Steps of the person responsible / department head / managers.
    "audits:nc_edit": Entry(kwargs=pk("nc_open"), expect=handlers()),
    "audits:nc_correction": Entry(kwargs=pk("nc_open"), expect=handlers()),
    "audits:nc_cause": Entry(kwargs=pk("nc_correction"), expect=handlers()),
    "audits:action_create": Entry(kwargs=pk("nc_analysed"), expect=handlers()),
    "audits:nc_plan": Entry(kwargs=pk("nc_open"), method="post", expect=handlers(302)),  # wrong step: refused
    # Managers only.
    "audits:nc_schedule_check": Entry(kwargs=pk("nc_done"), expect=managers()),
    "audits:nc_reject": Entry(kwargs=pk("nc_open"), expect=managers()),
    "audits:nc_reopen": Entry(kwargs=pk("nc_closed"), expect=managers()),
    "audits:nc_close": Entry(kwargs=pk("nc_open"), method="post", expect=managers(302)),  # wrong step: refused
    # The assigned verifier; the action owners are turned back with the reason.
    "audits:nc_verify": Entry(kwargs=pk("nc_done"), expect=managers(403, auditor=200, author=302, staff=302)),
    # Actions: any member reads; the owner (author) or a handler records.
    "audits:action_detail": Entry(kwargs=pk("action"), expect=agency_members()),
    "audits:action_complete": Entry(kwargs=pk("action"), expect=handlers(author=200)),
    "audits:action_cancel": Entry(kwargs=pk("action"), expect=handlers()),
    "audits:action_change": Entry(kwargs=pk("action"), expect=handlers()),
    "audits:evidence_upload": Entry(kwargs=pk("action"), method="post", expect=handlers(302, author=302)),
    "audits:evidence_download": Entry(kwargs=pk("evidence"), expect=agency_members()),
    # Citizens' pages: no login (shown with another agency's data, so nobody sees this agency's name).
    "audits:feedback_form": Entry(kwargs=lambda w: {"agency_code": w.other_agency.code}, expect=expect(200)),
    "audits:feedback_lookup": Entry(expect=expect(200)),
    "audits:feedback_status": Entry(
        kwargs=lambda w: {"code": w.objects["foreign_feedback"].tracking_code}, expect=expect(200)
    ),
    # Coordinator's inbox.
    "audits:feedback_list": Entry(expect=expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, outsider=200)),
    "audits:feedback_detail": Entry(kwargs=pk("feedback"), expect=feedback_managers(200)),
    "audits:feedback_answer": Entry(kwargs=pk("feedback"), method="post", expect=feedback_managers(400)),
    "audits:feedback_dismiss": Entry(kwargs=pk("feedback"), method="post", expect=feedback_managers(400)),
    "audits:feedback_to_nc": Entry(kwargs=pk("feedback"), method="post", expect=feedback_managers(400)),
}
