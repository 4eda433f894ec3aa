"""Nonconformity, action and citizen-feedback forms under hostile input (quality.md "Bad input").

Objects come from the permission matrix's builder (tests/matrix/audits.py): NCs at every step,
an open action owned by the author, a feedback item. Text is stored NFC, stripped, without NUL
bytes (audits.services_nc.clean_text): that is the round trip checked.
"""

import unicodedata

from hypothesis import strategies as st

from audits.models import Action, Feedback, Nonconformity
from tests.fuzz import Target
from tests.fuzz.checks import explains, round_trips
from tests.fuzz.strategies import junk, nasty_date, nasty_number, nasty_text
from tests.matrix.audits import build

N = 15


def cleaned(value):
    return unicodedata.normalize("NFC", value).replace("\x00", "").strip()


def obj(name):
    return lambda w: {"pk": w.objects[name].pk}


def nc_fixed(w):
    return {"kind": "nonconformity", "source": "staff_report", "severity": "minor"}


TARGETS = [
    Target("audits:nc_list", method="get", max_examples=N,
           fields={"q": nasty_text(), "status": junk(), "source": junk(), "department": nasty_number(),
                   "overdue": junk(), "page": nasty_number(), "year": nasty_number()}),
    Target("audits:action_list", method="get", max_examples=N,
           fields={"status": junk(), "owner": nasty_number(), "overdue": junk(), "page": nasty_number()}),
    Target("audits:feedback_list", method="get", max_examples=N, fields={"status": junk(), "page": nasty_number()}),
    Target("audits:nc_create", name="audits:nc_create (round trip)", persona="staff", max_examples=25, fixed=nc_fixed,
           fields={"description": nasty_text(), "clause": nasty_text(30), "source_ref": nasty_text(),
                   "process_ref": nasty_text(), "detected_on": st.one_of(nasty_date(), st.just("01/11/2026"))},
           check=round_trips(lambda w, d, r: Nonconformity.objects.order_by("-pk").first(),
                             ["description", "clause", "source_ref", "process_ref"], normalise=cleaned)),
    Target("audits:nc_edit", build=build, kwargs=obj("nc_open"), max_examples=N,
           fields={"description": nasty_text(), "clause": nasty_text(30), "severity": junk(),
                   "department": nasty_number(), "responsible": nasty_number()},
           check=explains),
    Target("audits:nc_correction", build=build, kwargs=obj("nc_open"), max_examples=N,
           fields={"correction": nasty_text(), "disposition": junk(), "concession_by": nasty_text(),
                   "reverification": nasty_text(), "correction_on": nasty_date()},
           check=round_trips(lambda w, d, r: Nonconformity.objects.get(pk=w.objects["nc_open"].pk), ["correction"],
                             normalise=cleaned)),
    Target("audits:nc_cause", build=build, kwargs=obj("nc_correction"), max_examples=N,
           fields={"cause_category": st.one_of(junk(), st.just("method")), "conclusion": nasty_text(),
                   "action_needed": junk(), "no_action_reason": nasty_text(), "why_1": nasty_text(),
                   "why_2": nasty_text()},
           check=explains),
    Target("audits:action_create", build=build, kwargs=obj("nc_analysed"), max_examples=N,
           fields={"kind": junk(), "description": nasty_text(), "owner": nasty_number(), "due_date": nasty_date()},
           check=explains),
    Target("audits:action_complete", build=build, persona="author", kwargs=obj("action"), max_examples=N,
           fields={"result": nasty_text(), "completed_on": nasty_date()},
           check=round_trips(lambda w, d, r: Action.objects.get(pk=w.objects["action"].pk), ["result"],
                             normalise=cleaned)),
    Target("audits:action_change", build=build, kwargs=obj("action"), max_examples=N,
           fields={"owner": nasty_number(), "due_date": nasty_date(), "reason": nasty_text()}, check=explains),
    Target("audits:action_cancel", build=build, kwargs=obj("action"), max_examples=N,
           fields={"reason": nasty_text()}, check=explains),
    Target("audits:nc_schedule_check", build=build, kwargs=obj("nc_done"), max_examples=N,
           fields={"verifier": nasty_number(), "scheduled_on": nasty_date()}),
    Target("audits:nc_verify", build=build, persona="auditor", kwargs=obj("nc_done"), max_examples=N,
           fields={"result": junk(), "notes": nasty_text()}, check=explains),
    Target("audits:nc_reject", build=build, kwargs=obj("nc_open"), max_examples=N, fields={"reason": nasty_text()},
           check=explains),
    Target("audits:nc_reopen", build=build, kwargs=obj("nc_closed"), max_examples=N, fields={"reason": nasty_text()},
           check=explains),
    Target("audits:feedback_form", name="audits:feedback_form (public)", persona=None, max_examples=25,
           kwargs=lambda w: {"agency_code": w.agency.code},
           fields={"name": nasty_text(), "contact": nasty_text(), "procedure": nasty_text(), "content": nasty_text()},
           check=round_trips(lambda w, d, r: Feedback.objects.order_by("-pk").first(),
                             ["name", "contact", "procedure", "content"], normalise=cleaned)),
    Target(name="audits:feedback_form (junk agency)", persona=None, max_examples=N, method="post",
           fields={"agency": nasty_text(40), "content": nasty_text()},
           path=lambda w, d: "/danh-gia/phan-anh/gui/%s/" % ("".join(c for c in d["agency"] if c.isascii() and (c.isalnum() or c in "-_")) or "x")),
    Target("audits:feedback_lookup", persona=None, method="get", max_examples=N, fields={"code": nasty_text(40)}),
    Target(name="audits:feedback_status (junk code)", persona=None, method="get", max_examples=N,
           fields={"code": nasty_text(40)},
           path=lambda w, d: "/danh-gia/phan-anh/tra-cuu/%s/" % (__import__("urllib.parse").parse.quote(d["code"], safe="") or "x")),
    Target("audits:feedback_answer", build=build, kwargs=obj("feedback"), max_examples=N,
           fields={"answer": nasty_text()},
           check=round_trips(lambda w, d, r: Feedback.objects.get(pk=w.objects["feedback"].pk), ["answer"],
                             normalise=cleaned)),
    Target("audits:feedback_dismiss", build=build, kwargs=obj("feedback"), max_examples=N,
           fields={"reason": nasty_text()}, check=explains),
]
