"""NC, action and feedback forms: accepted text round-trips, refusals explain themselves (quality.md "Bad input").

tests/fuzz/audits.py (on main) sends hostile input to every audits form; these targets add the checks
of what happens to it.

Objects come from the permission matrix's builder (tests/matrix/audits.py): NCs at every step,
an open action owned by the author, a feedback item. Text is stored NFC, stripped, without NUL
bytes (audits.capa.services.clean_text): that is the round trip checked.
"""

import unicodedata

from hypothesis import strategies as st

from audits.capa.models import Action, Nonconformity
from audits.feedback.models import Feedback
from tests.fuzz import Target
from tests.fuzz.checks import explains, round_trips
from tests.fuzz.strategies import junk, nasty_date, nasty_number, nasty_text
from tests.matrix.audits import build

N = 15


def cleaned(value):
    return unicodedata.normalize("NFC", value).replace("\x00", "").strip()


def obj(name):
    def kwargs(world):
        if name not in world.objects:  # also when only the URL is resolved (test_every_registered_target_resolves)
            build(world)
        return {"pk": world.objects[name].pk}

    return kwargs


def nc_fixed(w):
    return {"kind": "nonconformity", "source": "staff_report", "severity": "minor"}


TARGETS = [
    Target("audits:nc_edit", name="audits:nc_edit (explains)", build=build, kwargs=obj("nc_open"), max_examples=N,
           fields={"description": nasty_text(), "clause": nasty_text(30), "severity": junk(),
                   "department": nasty_number(), "responsible": nasty_number()},
           check=explains),
    Target("audits:nc_correction", name="audits:nc_correction (round trip)", build=build, kwargs=obj("nc_open"), max_examples=N,
           fields={"correction": nasty_text(), "disposition": junk(), "concession_by": nasty_text(),
                   "reverification": nasty_text(), "correction_on": nasty_date()},
           check=round_trips(lambda w, d, r: Nonconformity.objects.get(pk=w.objects["nc_open"].pk), ["correction"],
                             normalise=cleaned)),
    Target("audits:nc_cause", name="audits:nc_cause (explains)", build=build, kwargs=obj("nc_correction"), max_examples=N,
           fields={"cause_category": st.one_of(junk(), st.just("method")), "conclusion": nasty_text(),
                   "action_needed": junk(), "no_action_reason": nasty_text(), "why_1": nasty_text(),
                   "why_2": nasty_text()},
           check=explains),
    Target("audits:action_create", name="audits:action_create (explains)", build=build, kwargs=obj("nc_analysed"), max_examples=N,
           fields={"kind": junk(), "description": nasty_text(), "owner": nasty_number(), "due_date": nasty_date()},
           check=explains),
    Target("audits:action_complete", name="audits:action_complete (round trip)", build=build, persona="author", kwargs=obj("action"), max_examples=N,
           fields={"result": nasty_text(), "completed_on": nasty_date(), "no_evidence_reason": nasty_text()},
           check=round_trips(lambda w, d, r: Action.objects.get(pk=w.objects["action"].pk),
                             ["result", "no_evidence_reason"], normalise=cleaned)),
    Target("audits:action_change", name="audits:action_change (explains)", build=build, kwargs=obj("action"), max_examples=N,
           fields={"owner": nasty_number(), "due_date": nasty_date(), "reason": nasty_text()}, check=explains),
    Target("audits:action_cancel", name="audits:action_cancel (explains)", build=build, kwargs=obj("action"), max_examples=N,
           fields={"reason": nasty_text()}, check=explains),
    Target("audits:nc_verify", name="audits:nc_verify (explains)", build=build, persona="auditor", kwargs=obj("nc_done"), max_examples=N,
           fields={"result": junk(), "notes": nasty_text()}, check=explains),
    Target("audits:nc_reject", name="audits:nc_reject (explains)", build=build, kwargs=obj("nc_open"), max_examples=N, fields={"reason": nasty_text()},
           check=explains),
    Target("audits:nc_reopen", name="audits:nc_reopen (explains)", build=build, kwargs=obj("nc_closed"), max_examples=N, fields={"reason": nasty_text()},
           check=explains),
    Target("audits:feedback_answer", name="audits:feedback_answer (round trip)", build=build, kwargs=obj("feedback"), max_examples=N,
           fields={"answer": nasty_text()},
           check=round_trips(lambda w, d, r: Feedback.objects.get(pk=w.objects["feedback"].pk), ["answer"],
                             normalise=cleaned)),
    Target("audits:feedback_dismiss", name="audits:feedback_dismiss (explains)", build=build, kwargs=obj("feedback"), max_examples=N,
           fields={"reason": nasty_text()}, check=explains),
]
