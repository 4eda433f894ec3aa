# history-written-here: module — seed_scale inserts NCs and actions with bulk_create and writes their history itself.
"""Nonconformities of the province data set (seed_scale, qms/core/scale/generate.py): NCs with their
counters, 5-whys, corrective/preventive actions and effectiveness checks.

Registered from ``audits/apps.py`` as step 300: after the documents (an NC names one) and the
internal-audit plan, whose major/minor findings leave in ``ctx["nc_origins"]`` the NCs they opened
(origin, day, department, state): those become the first NCs here, each origin given its ``"nc"``.
This module reads that key only; it imports no other subject's generator. Puts
``ctx["nonconformities"]`` in the agency's context.

States are valid: NC numbers unique per agency and year with the counter row at the last number;
each NC went through the steps of ``Nonconformity.PATH`` up to its status (history row per step),
with the causes, actions and checks that step needs; a closed one was verified effective.
"""

import datetime

from audits.capa.models import (
    Action,
    EffectivenessCheck,
    Nonconformity,
    NonconformityCounter,
    WhyStep,
)
from qms.core.scale import vocab
from qms.core.scale.generate import ANCHOR, at, fast_refresh

NONCONFORMITIES = 20000  # in the province at scale 1.0 (quality.md)


def generate(seeder, ctx):
    """The agency's NCs (the audit findings' first), their causes, actions and effectiveness checks."""
    r, agency = seeder.rng, ctx["agency"]
    coordinator, mgmt_rep = ctx["coordinator"], ctx["mgmt_rep"]
    St = Nonconformity.Status
    weights = [(St.OPEN, 10), (St.CORRECTION, 6), (St.CAUSE_ANALYSED, 6), (St.ACTIONS_PLANNED, 20),
               (St.ACTIONS_DONE, 12), (St.VERIFIED, 8), (St.CLOSED, 34), (St.REJECTED, 4)]
    statuses = [s for s, _ in weights]
    cum = [w for _, w in weights]
    n = seeder.per_agency(NONCONFORMITIES)
    numbers = {}
    ncs = []
    docs = ctx["documents"]
    # The first NCs are those the audits' major/minor findings opened (the internal-audit plan decided their
    # origin, date and state); the others come from every other source, never "internal audit" without an audit.
    origins = ctx.get("nc_origins", [])
    other_sources = [s for s in Nonconformity.Source.values if s != Nonconformity.Source.INTERNAL_AUDIT]
    for i in range(max(n, len(origins))):
        origin = origins[i] if i < len(origins) else None
        status = origin["status"] if origin else r.choices(statuses, cum)[0]
        detected = origin["detected_on"] if origin else ANCHOR - datetime.timedelta(days=r.randint(1, 900))
        year = detected.year
        numbers[year] = numbers.get(year, 0) + 1
        dept = origin["department"] if origin else r.choice(ctx["departments"])
        doc = r.choice(docs)
        nc = Nonconformity(
            agency=agency, year=year, number=numbers[year], reference=f"NC-{year}-{numbers[year]:03d}",
            kind="potential" if r.random() < 0.1 else "nonconformity",
            source=r.choice(other_sources), source_ref="", department=dept, document=doc,
            clause=r.choice(["7.5", "8.2.1", "4.2.3", "8.3", "7.2"]),
            severity="major" if r.random() < 0.15 else "minor",
            description=r.choice(vocab.NC_DESCRIPTIONS).format(d=r.randint(1, 9), code=doc.code),
            detected_on=detected, detected_by=r.choice(ctx["staff"]),
            responsible=ctx["reviewers"][dept.pk], status=status, created_by=coordinator,
            created_at=origin["created_at"] if origin else at(detected))
        if origin:
            # What services_audit.finding_add passes to nc_open for the finding.
            for name in ("kind", "source", "source_ref", "document", "process_ref", "clause", "severity",
                         "description", "detected_by", "created_by"):
                setattr(nc, name, origin[name])
            origin["nc"] = nc
        reached = St.REJECTED if status == St.REJECTED else status
        order = list(Nonconformity.PATH)
        level = order.index(reached) if reached in order else 0
        if level >= 1 and nc.kind == "nonconformity":
            nc.correction = "Đã liên hệ công dân, xin lỗi và hẹn lại ngày trả kết quả."
            nc.disposition = "fixed"
            nc.correction_by, nc.correction_on = nc.responsible, detected + datetime.timedelta(days=2)
        if level >= 2:
            nc.cause_category = r.choice(Nonconformity.CauseCategory.values)
            nc.cause_conclusion = r.choice(vocab.CAUSES)
            nc.action_needed = True
            nc.cause_by, nc.cause_on = nc.responsible, detected + datetime.timedelta(days=7)
        if status == St.REJECTED:
            nc.rejection_reason = "Không có cơ sở: hồ sơ được trả đúng hẹn theo giấy biên nhận."
        if status == St.CLOSED:
            nc.closed_at = at(detected + datetime.timedelta(days=90))
            nc.closed_by = mgmt_rep
        nc._level = level
        fast_refresh(nc)  # after the origin's fields: what nc_open would have written
        ncs.append(nc)
    seeder.insert(Nonconformity, ncs)
    seeder.insert(NonconformityCounter, [NonconformityCounter(agency=agency, year=y, last_number=v)
                                       for y, v in sorted(numbers.items())])
    hist, whys, actions, checks = [], [], [], []
    path = list(Nonconformity.PATH)
    for nc in ncs:
        base = nc.created_at
        first = {"status": St.OPEN, "correction": "", "disposition": "", "correction_by_id": None,
                 "correction_on": None, "cause_category": "", "cause_conclusion": "", "action_needed": None,
                 "cause_by_id": None, "cause_on": None, "rejection_reason": "", "closed_at": None,
                 "closed_by_id": None}
        hist.append((nc, base, nc.created_by_id, "+", "", first))
        for step in range(1, nc._level + 1):
            over = dict(first) if step < nc._level else None
            if over is not None:
                over["status"] = path[step]
            hist.append((nc, base + datetime.timedelta(days=step * 7), nc.responsible_id, "~", "", over))
        if nc.status == St.REJECTED:
            hist.append((nc, base + datetime.timedelta(days=5), mgmt_rep.pk, "~", nc.rejection_reason, None))
        if nc._level >= 2:
            for pos in range(1, 4):
                whys.append(WhyStep(nc=nc, position=pos, answer=r.choice(vocab.CAUSES)))
        if nc._level >= 3:
            for _ in range(r.choice([2, 3, 3, 3, 4, 2, 3])):
                due = nc.detected_on + datetime.timedelta(days=r.randint(20, 120))
                done = nc._level >= 4
                actions.append(fast_refresh(Action(
                    agency=agency, nc=nc, kind="preventive" if nc.kind == "potential" else "corrective",
                    description=r.choice(vocab.ACTIONS), owner=r.choice(ctx["staff"]), due_date=due,
                    status="done" if done else "planned", completed_on=due - datetime.timedelta(days=2) if done else None,
                    result="Đã thực hiện, có biên bản kèm theo." if done else "", created_by=nc.responsible)))
        if nc._level >= 4:
            verified = nc._level >= 5
            checks.append(EffectivenessCheck(
                agency=agency, nc=nc, scheduled_on=nc.detected_on + datetime.timedelta(days=80),
                verifier=mgmt_rep, result="effective" if verified else "pending",
                notes="Không tái diễn sau 3 tháng theo dõi." if verified else "",
                verified_at=at(nc.detected_on + datetime.timedelta(days=85)) if verified else None))
    seeder.history(Nonconformity, hist)
    seeder.created(WhyStep, whys, lambda w: at(w.nc.detected_on + datetime.timedelta(days=7)),
                 lambda w: w.nc.responsible_id)
    seeder.insert(Action, actions)
    seeder.history(Action, [(a, at(a.nc.detected_on + datetime.timedelta(days=14)), a.created_by_id, "+", "",
                           {"status": "planned", "completed_on": None, "result": ""}) for a in actions]
                 + [(a, at(a.completed_on), a.owner_id, "~", "", None) for a in actions if a.status == "done"])
    seeder.created(EffectivenessCheck, checks, lambda c: at(c.scheduled_on), mgmt_rep.pk)
    ctx["nonconformities"] = ncs


STEPS = [(300, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
