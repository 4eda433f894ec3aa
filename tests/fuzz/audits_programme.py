"""Internal-audit pages (8.2.2, audits/internal/urls.py) under hostile input: every form and every GET filter.

Objects are made through the real services (audits.internal.services), as a coordinator and a lead
auditor would: the 2026 programme, a process of the One-Stop Desk, three audits of the desk led by
world.auditor (planned, in progress, reported; each with checklist questions), a checklist template,
and a second auditor for the team. The audit's forms are also sent to the reported audit, where the
only right answer is a refusal that says the report is out. Choice fields get junk here (mostly refused), so besides "never a 500"
every POST target checks the refusal: reasons in Vietnamese, on the page, and no row written
(``strictly`` with a ``snapshot`` of the tables the view can write). The round trip of accepted text
is checked by tests/fuzz/audits_programme_checks.py, which sends valid choices.
"""

import datetime
import os
from pathlib import Path

from django.conf import settings
from hypothesis import strategies as st

from audits.internal import services as svc
from qms.core import uploads
from audits.internal.models import (
    Audit,
    AuditProgramme,
    ChecklistAttachment,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
)
from audits.capa.models import Nonconformity
from tests.fuzz import Target
from tests.fuzz.checks import in_vietnamese, refusal_reasons, snapshot, strictly, was_accepted
from tests.fuzz.strategies import (
    as_upload,
    clause_list,
    junk,
    long_text,
    nasty_date,
    nasty_file,
    nasty_number,
    nasty_text,
)

YEAR = 2026
# Examples per target, scaled by FUZZ_EXAMPLES (default 30 → 12, so both audit modules add well under a
# minute on SQLite; FUZZ_EXAMPLES=300 for a deeper search). HALF: the forms sent to the reported audit;
# FEW: targets whose outcome hardly varies.
N = max(3, int(os.environ.get("FUZZ_EXAMPLES", "30")) * 2 // 5)
HALF = max(3, N // 2)
FEW = max(3, N // 4)


def build(world):
    """The audit objects every target here needs, made once per test through the services."""
    from tests.audits.internal import helpers

    o = world.objects
    if "ap_programme" in o:
        return
    o["ap_programme"] = svc.programme_create(
        agency=world.agency, user=world.coordinator, year=YEAR, title="Chương trình đánh giá nội bộ năm 2026",
        objectives="Ưu tiên Bộ phận một cửa: 3 phản ánh năm 2025.",
    )
    process = helpers.document(world, code="QT-DG-01", department=world.departments["desk"],
                               title="Tiếp nhận và trả kết quả hồ sơ")
    o["ap_auditor2"] = helpers.auditor(world)  # Văn phòng: independent of the desk
    team = [o["ap_auditor2"]]
    o["ap_planned"] = helpers.audit(world, status="planned", documents=[process], team=team,
                                    auditees=[world.staff], title="Đánh giá Bộ phận một cửa – quý I")
    o["ap_running"] = helpers.audit(world, status="in_progress", team=team, month=4,
                                    start=datetime.date(YEAR, 4, 6), end=datetime.date(YEAR, 4, 8),
                                    title="Đánh giá Bộ phận một cửa – quý II")
    o["ap_reported"] = helpers.audit(world, status="in_progress", month=5, start=datetime.date(YEAR, 5, 4),
                                     end=datetime.date(YEAR, 5, 5), title="Đánh giá Bộ phận một cửa – quý III")
    o["ap_reported_item"] = svc.checklist_add_item(audit=o["ap_reported"], user=world.auditor,
                                                   question="Phiếu hẹn có ghi đúng ngày trả?", clause="7.5")
    o["ap_reported"] = svc.audit_issue_report(audit=o["ap_reported"], user=world.auditor, summary="Đạt yêu cầu",
                                              conclusion="Không có phát hiện", confirm_unanswered=True)
    o["ap_template"] = svc.template_save(
        agency=world.agency, user=world.auditor, title="Kiểm soát tài liệu tại quầy", clause="4.2.3", document=process,
        questions="Tài liệu tại quầy có đúng lần ban hành?\nTài liệu hết hiệu lực có được thu hồi?",
    )
    items = svc.checklist_apply_template(audit=o["ap_running"], user=world.auditor, template=o["ap_template"])
    svc.checklist_answer(item=items[1], user=world.auditor, answer="conform", evidence="Quầy 2 dùng QT-DG-01/02")
    o["ap_item"] = items[0]
    o["ap_planned_item"] = svc.checklist_add_item(audit=o["ap_planned"], user=world.auditor,
                                                  question="Hồ sơ có được lưu đúng nơi?", clause="4.2.4")


def obj(name):
    def kwargs(world):
        build(world)  # idempotent; also when only the URL is resolved (test_every_registered_target_resolves)
        return {"pk": world.objects[name].pk}

    return kwargs


def get(name):
    return lambda world: world.objects[name]


def one_of_pks(*names):
    """A strategy mixing junk with the pk of a real object, picked at send time (pks depend on the world)."""
    return st.one_of(nasty_number(), st.sampled_from([f"@{n}" for n in names]))


def resolve_pks(world, data):
    """payload=: "@name" → the pk of world.objects[name] (or of a persona)."""
    out = {}
    for key, value in data.items():
        if isinstance(value, str) and value.startswith("@"):
            name = value[1:]
            target = world.objects.get(name) or world.people.get(name) or world.departments.get(name)
            value = str(target.pk) if target is not None else value
        out[key] = value
    return out


def guarded(*models, obj=None):
    """before= and check= of a target whose refusals must explain themselves and change nothing."""
    take = snapshot(*models, obj=obj)
    return {"before": take, "check": strictly(take=take)}


AUDIT_ROWS = (Audit, AuditProgramme)
CHECKLIST_ROWS = (ChecklistItem, ChecklistAttachment)
FINDING_ROWS = (Finding, Nonconformity)

people = one_of_pks("auditor", "ap_auditor2", "staff", "reviewer", "outsider")
departments = one_of_pks("desk", "office", "justice")

AUDIT_PLAN = {
    "title": long_text(255), "audit_type": st.one_of(junk(), st.sampled_from(Audit.Type.values)),
    "planned_month": st.one_of(nasty_number(), st.sampled_from(["1", "12", "13", "0"])),
    "start_date": nasty_date(), "end_date": nasty_date(), "objectives": nasty_text(),
    "departments": departments, "documents": nasty_number(), "criteria_clauses": clause_list(),
    "criteria_documents": nasty_number(), "auditees": people,
}


def prefixed(name):
    """payload= of a checklist question's form, whose fields carry the item's pk as prefix."""

    def payload(world, data):
        return {f"i{world.objects[name].pk}-{key}": value for key, value in data.items()}

    return payload


def checklist_post(name):
    """payload= of the checklist page's form: the question's fields under its prefix, and ``save`` naming the
    question to save ("@item" → its pk), "all", or junk."""

    def payload(world, data):
        pk = world.objects[name].pk
        out = {}
        for key, value in data.items():
            if key == "save":
                out[key] = str(pk) if value == "@item" else value
            else:
                out[f"i{pk}-{key}"] = value
        return out

    return payload


def _media_files(world):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _attach_snapshot(world):
    return {"rows": snapshot(*CHECKLIST_ROWS)(world), "files": _media_files(world)}


def _attach_check(world, data, response, before):
    """A refused file leaves no row and no file; an accepted one is on disk with the recorded SHA-256."""
    after = _attach_snapshot(world)
    if was_accepted(response):
        attachment = ChecklistAttachment.objects.order_by("-pk").first()
        assert attachment.sha256 == uploads.sha256(data["content"])
        assert attachment.file.storage.exists(attachment.file.name)
        assert len(after["files"]) == len(before["files"]) + 1
        return
    reasons = refusal_reasons(response)
    assert reasons and all(in_vietnamese(r) for r in reasons), reasons
    assert after == before, "a refused file leaves nothing behind"


TARGETS = [
    # Programme (AUD-1)
    Target("audits:programme_create", max_examples=N,
           fields={"year": st.one_of(nasty_number(), st.sampled_from(["2026", "2027", "1999", "2101", "32768"])),
                   "title": long_text(255), "objectives": nasty_text()},
           **guarded(AuditProgramme)),
    # Audits (AUD-2): plan, team, transitions
    Target("audits:audit_create", build=build, kwargs=obj("ap_programme"), max_examples=N, payload=resolve_pks,
           fields={**AUDIT_PLAN, "lead_auditor": people, "team": people},
           **guarded(*AUDIT_ROWS)),
    Target("audits:audit_edit", build=build, kwargs=obj("ap_planned"), max_examples=N, payload=resolve_pks,
           fields=AUDIT_PLAN, **guarded(*AUDIT_ROWS, obj=get("ap_planned"))),
    Target("audits:audit_assign", build=build, kwargs=obj("ap_planned"), max_examples=N, payload=resolve_pks,
           fields={"lead_auditor": people, "team": people}, **guarded(*AUDIT_ROWS, obj=get("ap_planned"))),
    Target("audits:audit_start", build=build, kwargs=obj("ap_planned"), max_examples=FEW, fields={"junk": junk()},
           **guarded()),
    Target("audits:audit_start", name="audits:audit_start (already running)", build=build,
           kwargs=obj("ap_running"), max_examples=FEW, fields={"junk": junk()},
           **guarded(*AUDIT_ROWS, obj=get("ap_running"))),
    Target("audits:audit_reopen", build=build, persona="auditor", kwargs=obj("ap_reported"), max_examples=N,
           fields={"reason": nasty_text()}, **guarded(*AUDIT_ROWS, obj=get("ap_reported"))),
    Target("audits:audit_close", build=build, persona="auditor", kwargs=obj("ap_reported"), max_examples=FEW,
           fields={"junk": junk()}, **guarded()),
    Target("audits:audit_close", name="audits:audit_close (still running)", build=build, kwargs=obj("ap_running"),
           max_examples=FEW, fields={"junk": junk()}, **guarded(*AUDIT_ROWS, obj=get("ap_running"))),
    # Checklist (AUD-3)
    Target("audits:checklist_apply_template", build=build, persona="auditor", kwargs=obj("ap_planned"),
           max_examples=N, payload=resolve_pks, fields={"template": one_of_pks("ap_template")},
           **guarded(*CHECKLIST_ROWS)),
    Target("audits:checklist_item_add", build=build, persona="auditor", kwargs=obj("ap_planned"), max_examples=N,
           fields={"clause": long_text(20), "question": nasty_text()}, **guarded(*CHECKLIST_ROWS)),
    Target("audits:checklist_item_edit", build=build, persona="auditor", kwargs=obj("ap_item"), max_examples=N,
           payload=prefixed("ap_item"),
           fields={"clause": long_text(20), "question": nasty_text(), "answer": st.one_of(junk(), st.just("conform")),
                   "evidence": nasty_text()},
           **guarded(*CHECKLIST_ROWS, obj=get("ap_item"))),
    Target("audits:checklist_save", build=build, persona="auditor", kwargs=obj("ap_running"), max_examples=N,
           payload=checklist_post("ap_item"),
           fields={"save": st.one_of(junk(), st.sampled_from(["all", "@item"])), "clause": long_text(20),
                   "question": nasty_text(), "answer": st.one_of(junk(), st.just("conform")), "evidence": nasty_text()},
           **guarded(*CHECKLIST_ROWS, obj=get("ap_item"))),
    Target("audits:checklist_attach", build=build, persona="auditor", kwargs=obj("ap_item"), max_examples=N,
           payload=as_upload, fields=nasty_file(),
           before=_attach_snapshot, check=_attach_check),
    Target("audits:checklist_template_create", persona="auditor", max_examples=N,
           fields={"title": long_text(255), "clause": long_text(20), "document": nasty_number(),
                   "questions": nasty_text(), "is_active": junk()},
           **guarded(ChecklistTemplate)),
    Target("audits:checklist_template_edit", build=build, persona="auditor", kwargs=obj("ap_template"),
           max_examples=N, fields={"title": long_text(255), "clause": long_text(20), "document": nasty_number(),
                                   "questions": nasty_text(), "is_active": junk()},
           **guarded(ChecklistTemplate, obj=get("ap_template"))),
    # Findings (AUD-4)
    Target("audits:finding_add", build=build, persona="auditor", kwargs=obj("ap_running"), max_examples=N,
           payload=resolve_pks,
           fields={"kind": st.one_of(junk(), st.sampled_from(Finding.Kind.values)), "clause": long_text(20),
                   "department": departments, "requirement": nasty_text(), "description": nasty_text(),
                   "evidence": nasty_text(), "checklist_item": one_of_pks("ap_item", "ap_planned_item")},
           **guarded(*FINDING_ROWS)),
    Target("audits:finding_add", name="audits:finding_add (GET ?cau_hoi=)", build=build, persona="auditor",
           method="get", kwargs=obj("ap_running"), max_examples=N, fields={"cau_hoi": nasty_number()}),
    # Report (AUD-5)
    Target("audits:audit_issue_report", build=build, persona="auditor", kwargs=obj("ap_running"), max_examples=N,
           fields={"summary": nasty_text(), "conclusion": nasty_text(), "confirm_unanswered": junk()},
           **guarded(*AUDIT_ROWS, obj=get("ap_running"))),
    Target("audits:audit_report", build=build, method="get", kwargs=obj("ap_reported"), max_examples=FEW,
           fields={"html": st.one_of(junk(), st.just(""))}),
    # After the report: changes to the plan, the checklist and the findings are refused, saying why
    Target("audits:audit_edit", name="audits:audit_edit (report issued)", build=build, kwargs=obj("ap_reported"),
           max_examples=HALF, payload=resolve_pks, fields=AUDIT_PLAN,
           **guarded(*AUDIT_ROWS, obj=get("ap_reported"))),
    Target("audits:checklist_apply_template", name="audits:checklist_apply_template (report issued)", build=build,
           persona="auditor", kwargs=obj("ap_reported"), max_examples=HALF, payload=resolve_pks,
           fields={"template": one_of_pks("ap_template")}, **guarded(*CHECKLIST_ROWS)),
    Target("audits:checklist_item_add", name="audits:checklist_item_add (report issued)", build=build,
           persona="auditor", kwargs=obj("ap_reported"), max_examples=HALF,
           fields={"clause": long_text(20), "question": nasty_text()}, **guarded(*CHECKLIST_ROWS)),
    Target("audits:checklist_item_edit", name="audits:checklist_item_edit (report issued)", build=build,
           persona="auditor", kwargs=obj("ap_reported_item"), max_examples=HALF, payload=prefixed("ap_reported_item"),
           fields={"question": nasty_text(), "answer": st.one_of(junk(), st.just("conform")), "evidence": nasty_text()},
           **guarded(*CHECKLIST_ROWS, obj=get("ap_reported_item"))),
    Target("audits:checklist_save", name="audits:checklist_save (report issued)", build=build, persona="auditor",
           kwargs=obj("ap_reported"), max_examples=HALF, payload=checklist_post("ap_reported_item"),
           fields={"save": st.sampled_from(["all", "@item"]), "question": nasty_text(),
                   "answer": st.one_of(junk(), st.just("conform")), "evidence": nasty_text()},
           **guarded(*CHECKLIST_ROWS, obj=get("ap_reported_item"))),
    Target("audits:checklist_attach", name="audits:checklist_attach (report issued)", build=build, persona="auditor",
           kwargs=obj("ap_reported_item"), max_examples=HALF, payload=as_upload, fields=nasty_file(),
           before=_attach_snapshot, check=_attach_check),
    Target("audits:finding_add", name="audits:finding_add (report issued)", build=build, persona="auditor",
           kwargs=obj("ap_reported"), max_examples=HALF, payload=resolve_pks,
           fields={"kind": st.one_of(junk(), st.sampled_from(Finding.Kind.values)), "clause": long_text(20),
                   "description": nasty_text(), "evidence": nasty_text()},
           **guarded(*FINDING_ROWS)),
    # Lists and filters
    Target("audits:audit_list", method="get", build=build, max_examples=N, payload=resolve_pks,
           fields={"q": nasty_text(), "year": st.one_of(nasty_number(), st.just(str(YEAR))),
                   "status": st.one_of(junk(), st.sampled_from(Audit.Status.values)),
                   "department": departments, "auditor": people}),
]
