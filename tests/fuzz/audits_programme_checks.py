"""Internal-audit forms with valid choices and hostile text: what is accepted round-trips, what is refused
explains itself and leaves nothing behind (quality.md "Bad input").

tests/fuzz/audits_programme.py sends junk to every field of every audit page; here the choices are
valid (so most submits are accepted) and the text is hostile, and every example is held to
``checks.strictly``:

- accepted: a success message, and each text field stored as exactly the NFC form of what was sent
  (stripped, as Django's CharField does), within its column's length;
- refused: a reason in Vietnamese on the page (a form error, or the error message after a redirect),
  and no row written: row counts of the tables the view writes, their history, and the edited object
  (fields and many-to-many links) are as before.

Objects come from the same builder (real services): tests/fuzz/audits_programme.build.
"""

import os
import unicodedata

from hypothesis import strategies as st

from audits.internal.models import Audit, AuditProgramme, ChecklistItem, ChecklistTemplate, Finding
from audits.capa.models import Nonconformity
from audits.internal.models import split_clauses
from tests.fuzz import Target
from tests.fuzz.audits_programme import YEAR, build, checklist_post, obj, prefixed
from tests.fuzz.checks import nfc, snapshot, strictly
from tests.fuzz.strategies import clause_list, long_text, nasty_text

# Examples per target, scaled by FUZZ_EXAMPLES (default 30 → 12, so both audit modules add well under a
# minute on SQLite; FUZZ_EXAMPLES=300 for a deeper search). FEW: targets whose outcome hardly varies.
N = max(3, int(os.environ.get("FUZZ_EXAMPLES", "30")) * 2 // 5)
FEW = max(3, N // 4)


def strict(fetch, fields, *models, expect=None, edited=None):
    """before= and check= of a round-trip target."""
    take = snapshot(*models, obj=edited)
    return {"before": take, "check": strictly(fetch, fields, expect, take=take)}


def newest(model):
    return lambda world, data, response: model._default_manager.order_by("-pk").first()


def current(name):
    return lambda world, data, response: type(world.objects[name])._default_manager.get(pk=world.objects[name].pk)


def tidied_clauses(sent):
    """Criteria clauses are stored as a tidy list: "4.2.3;8.2.2" → "4.2.3, 8.2.2" (split_clauses)."""
    return ", ".join(split_clauses(nfc(sent)))


def question_lines(sent):
    """A template's questions are stored one per line, each stripped, blank lines dropped."""
    lines = (unicodedata.normalize("NFC", line).strip() for line in nfc(sent).splitlines())
    return "\n".join(line for line in lines if line)


def plan(world):
    """Valid choices for an audit plan: the desk, its process as criteria, in the programme's year."""
    return {"audit_type": Audit.Type.INTERNAL, "planned_month": "6", "start_date": f"{YEAR}-06-01",
            "end_date": f"02/06/{YEAR}", "departments": world.departments["desk"].pk, "auditees": world.staff.pk}


def audit_with_team(world):
    return {**plan(world), "lead_auditor": world.auditor.pk, "team": world.objects["ap_auditor2"].pk}


AUDIT_TEXT = {"title": long_text(255), "objectives": nasty_text(), "criteria_clauses": clause_list()}
AUDIT_FIELDS = ["title", "objectives", "criteria_clauses"]
AUDIT_ROWS = (Audit, AuditProgramme)

TARGETS = [
    Target("audits:programme_create", name="audits:programme_create (round trip)", max_examples=N,
           fixed=lambda w: {"year": str(YEAR + 1)},
           fields={"title": long_text(255), "objectives": nasty_text()},
           **strict(newest(AuditProgramme), ["title", "objectives"], AuditProgramme)),
    Target("audits:audit_create", name="audits:audit_create (round trip)", build=build, kwargs=obj("ap_programme"),
           max_examples=N, fixed=audit_with_team, fields=AUDIT_TEXT,
           **strict(newest(Audit), AUDIT_FIELDS, *AUDIT_ROWS, expect={"criteria_clauses": tidied_clauses})),
    Target("audits:audit_edit", name="audits:audit_edit (round trip)", build=build, kwargs=obj("ap_planned"),
           max_examples=N, fixed=plan, fields=AUDIT_TEXT,
           **strict(current("ap_planned"), AUDIT_FIELDS, *AUDIT_ROWS, expect={"criteria_clauses": tidied_clauses},
                    edited=lambda w: w.objects["ap_planned"])),
    Target("audits:audit_reopen", name="audits:audit_reopen (round trip)", build=build, persona="auditor",
           kwargs=obj("ap_reported"), max_examples=N, fields={"reason": nasty_text()},
           **strict(current("ap_reported"), [("reopen_reason", "reason")], *AUDIT_ROWS, edited=lambda w: w.objects["ap_reported"])),
    Target("audits:audit_issue_report", name="audits:audit_issue_report (round trip)", build=build,
           persona="auditor", kwargs=obj("ap_running"), max_examples=N, fixed=lambda w: {"confirm_unanswered": "on"},
           fields={"summary": nasty_text(), "conclusion": nasty_text()},
           **strict(current("ap_running"), ["summary", "conclusion"], *AUDIT_ROWS,
                    edited=lambda w: w.objects["ap_running"])),
    Target("audits:checklist_template_create", name="audits:checklist_template_create (round trip)",
           persona="auditor", max_examples=N, fixed=lambda w: {"is_active": "on"},
           fields={"title": long_text(255), "clause": st.one_of(long_text(20), st.just("4.2.3")),
                   "questions": nasty_text()},
           **strict(newest(ChecklistTemplate), ["title", "clause", "questions"], ChecklistTemplate,
                    expect={"questions": question_lines})),
    Target("audits:checklist_template_edit", name="audits:checklist_template_edit (round trip)", build=build,
           persona="auditor", kwargs=obj("ap_template"), max_examples=N,
           fixed=lambda w: {"is_active": "on", "document": w.objects["ap_template"].document_id},
           fields={"title": long_text(255), "clause": long_text(20), "questions": nasty_text()},
           **strict(current("ap_template"), ["title", "clause", "questions"], ChecklistTemplate,
                    expect={"questions": question_lines}, edited=lambda w: w.objects["ap_template"])),
    Target("audits:checklist_item_add", name="audits:checklist_item_add (round trip)", build=build,
           persona="auditor", kwargs=obj("ap_planned"), max_examples=N,
           fields={"clause": long_text(20), "question": nasty_text()},
           **strict(newest(ChecklistItem), ["clause", "question"], ChecklistItem)),
    Target("audits:checklist_item_edit", name="audits:checklist_item_edit (round trip)", build=build,
           persona="auditor", kwargs=obj("ap_item"), max_examples=N,
           payload=prefixed("ap_item"),
           fields={"answer": st.sampled_from(ChecklistItem.Answer.values), "clause": long_text(20),
                   "question": nasty_text(), "evidence": nasty_text()},
           **strict(current("ap_item"), ["clause", "question", "evidence"], ChecklistItem,
                    edited=lambda w: w.objects["ap_item"])),
    Target("audits:checklist_save", name="audits:checklist_save (round trip)", build=build,
           persona="auditor", kwargs=obj("ap_running"), max_examples=N, payload=checklist_post("ap_item"),
           fields={"save": st.sampled_from(["all", "@item"]), "answer": st.sampled_from(ChecklistItem.Answer.values),
                   "clause": long_text(20), "question": nasty_text(), "evidence": nasty_text()},
           **strict(current("ap_item"), ["clause", "question", "evidence"], ChecklistItem,
                    edited=lambda w: w.objects["ap_item"])),
    Target("audits:finding_add", name="audits:finding_add (round trip)", build=build, persona="auditor",
           kwargs=obj("ap_running"), max_examples=N,
           fixed=lambda w: {"department": w.departments["desk"].pk},
           fields={"kind": st.sampled_from(Finding.Kind.values), "clause": long_text(20),
                   "requirement": nasty_text(), "description": nasty_text(), "evidence": nasty_text()},
           **strict(newest(Finding), ["clause", "requirement", "description", "evidence"], Finding, Nonconformity)),
]
