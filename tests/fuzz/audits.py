"""Nonconformity, action and citizens' feedback forms under hostile input."""

from urllib.parse import quote

from tests.fuzz import Target, stored_as_nfc
from tests.fuzz.checks import explains
from tests.fuzz.strategies import as_upload, junk, nasty_date, nasty_file, nasty_number, nasty_text


def _build(world):
    from audits.capa.models import Nonconformity
    from audits.feedback.services import feedback_submit
    from tests.audits.capa.helpers import nc_at

    st = Nonconformity.Status
    if "nc_open" in world.objects:
        return
    for status in (st.OPEN, st.CORRECTION, st.CAUSE_ANALYSED, st.ACTIONS_PLANNED, st.ACTIONS_DONE, st.CLOSED):
        world.objects[f"nc_{status}"] = nc_at(world, status)
    world.objects["action"] = world.objects["nc_actions_planned"].actions.get(owner=world.author)
    world.objects["feedback"] = feedback_submit(agency=world.agency, content="Hồ sơ trễ hạn", ip="192.0.2.77")


def pk(name):
    def kwargs(world):
        _build(world)  # idempotent: also when only the URL is resolved
        return {"pk": world.objects[name].pk}

    return kwargs


def _newest_nc(world, data, response):
    from audits.capa.models import Nonconformity

    return Nonconformity.objects.for_agency(world.agency).order_by("-pk").first()


def _newest_feedback(world, data, response):
    from audits.feedback.models import Feedback

    return Feedback.objects.order_by("-pk").first()


TARGETS = [
    Target(
        "audits:nc_create",
        persona="staff",
        fields={"description": nasty_text(), "clause": nasty_text(), "process_ref": nasty_text(),
                "detected_on": nasty_date(), "source_ref": nasty_text(), "department": nasty_number()},
        fixed=lambda w: {"kind": "nonconformity", "source": "staff_report", "severity": "minor"},
    ),
    Target(
        name="audits:nc_create (valid choices, text round-trips)",
        url_name="audits:nc_create",
        persona="auditor",
        fields={"description": nasty_text(), "clause": nasty_text(max_size=20)},
        fixed=lambda w: {"kind": "nonconformity", "source": "internal_audit", "severity": "major",
                         "detected_on": "01/11/2026"},
        check=stored_as_nfc(_newest_nc, ["description", "clause"]),
    ),
    Target("audits:nc_list", method="get",
           fields={"q": nasty_text(), "status": nasty_text(), "department": nasty_number(), "year": nasty_number(),
                   "overdue": nasty_text(), "page": nasty_number(), "source": nasty_text()}),
    Target("audits:nc_export", method="get", kwargs=lambda w: {"fmt": "csv"},
           fields={"q": nasty_text(), "year": nasty_number(), "severity": nasty_text()}),
    Target("audits:action_list", method="get",
           fields={"q": nasty_text(), "status": nasty_text(), "owner": nasty_number(), "overdue": nasty_text(),
                   "page": nasty_number()}),
    Target("audits:nc_correction", persona="reviewer", build=_build, kwargs=pk("nc_open"),
           fields={"correction": nasty_text(), "disposition": nasty_text(), "concession_by": nasty_text(),
                   "reverification": nasty_text(), "correction_on": nasty_date()}),
    Target("audits:nc_cause", persona="reviewer", build=_build, kwargs=pk("nc_correction"),
           fields={"why_1": nasty_text(), "why_2": nasty_text(), "why_7": nasty_text(), "cause_category": nasty_text(),
                   "conclusion": nasty_text(), "action_needed": nasty_text(), "no_action_reason": nasty_text()}),
    Target("audits:action_create", persona="reviewer", build=_build, kwargs=pk("nc_cause_analysed"),
           fields={"kind": nasty_text(), "description": nasty_text(), "owner": nasty_number(), "due_date": nasty_date()}),
    Target("audits:action_complete", persona="author", build=_build, kwargs=pk("action"),
           fields={"result": nasty_text(), "completed_on": nasty_date(), "no_evidence_reason": nasty_text()}),
    Target("audits:action_change", persona="reviewer", build=_build, kwargs=pk("action"),
           fields={"owner": nasty_number(), "due_date": nasty_date(), "reason": nasty_text()}),
    Target("audits:action_cancel", persona="reviewer", build=_build, kwargs=pk("action"), fields={"reason": nasty_text()}),
    Target("audits:nc_plan", persona="reviewer", build=_build, kwargs=pk("nc_cause_analysed"), max_examples=5,
           fields={"junk": junk()}, check=explains),
    Target("audits:nc_close", build=_build, kwargs=pk("nc_actions_done"), max_examples=5, fields={"junk": junk()},
           check=explains),
    Target("audits:evidence_upload", persona="author", build=_build, kwargs=pk("action"), max_examples=15,
           fields=nasty_file(), payload=as_upload, check=explains),
    Target("audits:nc_schedule_check", build=_build, kwargs=pk("nc_actions_done"),
           fields={"verifier": nasty_number(), "scheduled_on": nasty_date()}),
    Target("audits:nc_verify", persona="auditor", build=_build, kwargs=pk("nc_actions_done"),
           fields={"result": nasty_text(), "notes": nasty_text()}),
    Target("audits:nc_reject", build=_build, kwargs=pk("nc_open"), fields={"reason": nasty_text()}),
    Target("audits:nc_reopen", build=_build, kwargs=pk("nc_closed"), fields={"reason": nasty_text()}),
    Target(
        "audits:feedback_form",
        persona=None,
        kwargs=lambda w: {"agency_code": w.agency.code},
        fields={"name": nasty_text(), "contact": nasty_text(), "procedure": nasty_text(), "content": nasty_text(),
                "website": nasty_text(max_size=5)},
        check=lambda w, data, response: (
            stored_as_nfc(_newest_feedback, ["content", "name", "contact", "procedure"])(w, data, response)
        ),
    ),
    Target("audits:feedback_list", method="get", max_examples=15,
           fields={"q": nasty_text(), "trang-thai": junk(), "page": nasty_number()}),
    Target("audits:feedback_lookup", persona=None, method="get", fields={"code": nasty_text()}),
    Target(
        name="audits:feedback_status (junk code)",
        persona=None,
        method="get",
        fields={"code": nasty_text(max_size=40)},
        path=lambda w, d: "/danh-gia/phan-anh/tra-cuu/%s/" % (quote(d["code"].replace("/", ""), safe="") or "x"),
    ),
    Target("audits:feedback_answer", build=_build, kwargs=pk("feedback"), fields={"answer": nasty_text()}),
    Target("audits:feedback_dismiss", build=_build, kwargs=pk("feedback"), fields={"reason": nasty_text()}),
    Target("audits:feedback_to_nc", build=_build, kwargs=pk("feedback"),
           fields={"department": nasty_number(), "severity": nasty_text(), "clause": nasty_text(),
                   "description": nasty_text()}),
]
