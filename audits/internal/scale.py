# history-written-here: module — audits, checklists and findings go in with bulk_create; their history is written here.
"""Internal audits of the province data set (seed_scale, qms/core/scale/generate.py): programmes,
audits, checklists, findings.

Two steps registered from ``audits/apps.py`` around the NCs' (audits/capa/scale.py, step 300), which
is why this subject's work is split in two:

- ``plan`` (step 200, before the NCs): one programme per year (ANCHOR's year and the two before), ~100 audits
  per agency at full scale, their scope, team, auditees, checklist and findings. Programmes, audits
  (with their many-to-many rows), checklist templates and items are inserted here. Each major or
  minor finding becomes an entry of ``ctx["nc_origins"]``: the NC that ``services_audit.finding_add``
  would have opened (source internal audit, source_ref the audit code, the finding's day, department,
  clause, severity, text and author), in a state that fits the audit's; the NC generator makes its
  first NCs from them and puts each one in its origin's ``"nc"``. The plan is kept in ``ctx["audits"]``.
- ``findings`` (step 500, after the NCs): the findings, each major/minor one linked to its NC.

The rules of ``audits.internal.services`` hold:

- status follows the dates: planned audits lie after ANCHOR (Nov–Dec), audits in progress started in
  the last two weeks, reported ones ended ≥ 15 days ago, closed ones ≥ 110 days ago and every NC they
  raised is verified or closed (``close_blockers`` is empty), with ``closed_at`` after those checks;
- dates inside the programme's year; a started audit has dates and a lead auditor;
- the lead auditor and the team hold the auditor role and pass ``independence_conflicts`` (not from an
  audited department, nor from the department or owner of a document in scope);
- audits numbered 1..n per programme (code ``DG-<year>-<nn>``, ``last_audit_number`` = n); findings
  1..k per audit, recorded while the audit was in progress; checklist answers only once started.

History is what the services would leave: the audit's creation, one row per many-to-many set at
creation (simple-history records ``departments``, ``documents`` and ``team`` snapshots, written here
into its ``HistoricalAudit_*`` tables), start, report and close; each checklist item's creation and
answer; each finding's creation.
"""

import datetime

from django.apps import apps

from audits.capa.models import Nonconformity
from audits.capa.scale import NONCONFORMITIES
from audits.internal.models import (
    AUDITABLE_CLAUSES,
    Audit,
    AuditProgramme,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
)
from audits.internal.services import format_audit_code, independence_conflicts
from qms.core import editions
from qms.core.scale import vocab
from qms.core.scale.generate import ANCHOR, at, fast_refresh

# In the province at scale 1.0 (quality.md).
AUDITS = 2000
FINDINGS = 20000

DAY = datetime.timedelta(days=1)
# Spread of statuses; the first four audits of an agency take one each so that even the smallest data set
# (tests) has every status.
STATUS_WEIGHTS = (("closed", 58), ("reported", 24), ("in_progress", 6), ("planned", 12))
FIRST_STATUSES = ("closed", "reported", "in_progress", "planned")
KIND_WEIGHTS = (("major_nc", 3), ("minor_nc", 32), ("observation", 35), ("ofi", 30))
ANSWER_WEIGHTS = (("conform", 75), ("observation", 10), ("not_applicable", 5), ("nonconform", 10))
CLAUSE_POOL = ["4.2.3", "4.2.4", "5.4", "6.2", "7.5", "8.2.1", "8.2.2", "8.2.3", "8.3", "8.5.2"]
M2M_HISTORY = ("departments", "documents", "team")  # Audit.history = HistoricalRecords(m2m_fields=[…])


def _pick(r, weighted):
    return r.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _root(clause):
    """ "4.2.3.f" → "4.2.3": the ISO clause a finding's reference belongs to."""
    parts = clause.split(".")
    return ".".join(p for p in parts if p.isdigit())


def _day_between(r, first, last):
    return first + datetime.timedelta(days=r.randint(0, max(0, (last - first).days)))


def _dates(r, status):
    """(start, end, planned_month) for an audit of this status, relative to ANCHOR (start/end may be None)."""
    oldest = datetime.date(ANCHOR.year - 2, 1, 3)
    if status == "planned":
        if r.random() < 0.4:  # not scheduled yet: a month only, and often no team either
            return None, None, r.randint(ANCHOR.month, 12)
        start = ANCHOR + datetime.timedelta(days=r.randint(3, 50))
        end = min(start + datetime.timedelta(days=r.randint(0, 2)), datetime.date(ANCHOR.year, 12, 31))
        return start, end, start.month
    if status == "in_progress":
        start = ANCHOR - datetime.timedelta(days=r.randint(1, 14))
        end = start + datetime.timedelta(days=r.randint(1, 4))
        return start, end, start.month
    if status == "reported":
        end = ANCHOR - datetime.timedelta(days=r.randint(15, 420))
    else:  # closed: ended long enough ago for its NCs to be verified (85 days after detection)
        end = ANCHOR - datetime.timedelta(days=r.randint(110, (ANCHOR - oldest).days))
    start = end - datetime.timedelta(days=r.randint(0, 3))
    if start.year != end.year:
        start = end
    return start, end, start.month


def _nc_status(r, audit_status, day):
    """The state of an audit's NC: verified/closed for a closed audit; otherwise as far as its age allows."""
    St = Nonconformity.Status
    if audit_status == "closed":
        return St.VERIFIED if r.random() < 0.2 else St.CLOSED
    age = (ANCHOR - day).days
    if age >= 100:
        return r.choices(list(Nonconformity.PATH), [10, 6, 6, 20, 12, 8, 34])[0]
    return r.choice(list(Nonconformity.PATH)[:max(1, min(4, age // 7))])


def plan(seeder, ctx):
    """Programmes, audits and checklists of the agency; the NCs their findings open in ctx["nc_origins"]."""
    r = seeder.rng
    agency, coordinator, departments = ctx["agency"], ctx["coordinator"], ctx["departments"]
    docs = [d for d in ctx["documents"] if d.withdrawn_at is None]
    procedures = {}
    for d in docs:
        if d.doc_type == "procedure":
            procedures.setdefault(d.department_id, []).append(d)
    criteria_docs = [d for d in docs if d.doc_type in ("manual", "policy")][:2]
    staff_of = {}
    for u in ctx["staff"]:
        staff_of.setdefault(u.department_id, []).append(u)
    auditors = ctx["auditors"]
    clause_order = {c: i for i, (c, _t) in enumerate(AUDITABLE_CLAUSES)}

    years = [ANCHOR.year - 2, ANCHOR.year - 1, ANCHOR.year]
    programmes = {}
    for year in years:
        programmes[year] = AuditProgramme(
            agency=agency, year=year, title=f"Chương trình đánh giá nội bộ năm {year}",
            objectives=vocab.PROGRAMME_OBJECTIVES.format(year=year, prev=year - 1), created_by=coordinator,
            created_at=at(datetime.date(year - 1, 12, 1) + datetime.timedelta(days=r.randint(0, 20)), 10))
    templates = [ChecklistTemplate(agency=agency, title=title, clause=clause, questions="\n".join(questions),
                                   created_by=coordinator)
                 for clause, title, questions in vocab.AUDIT_TEMPLATES]
    seeder.created(ChecklistTemplate, templates, programmes[years[0]].created_at, coordinator.pk,
                   "Cập nhật bộ câu hỏi mẫu")
    template_of = {t.clause: t for t in templates}

    n_audits = seeder.per_agency(AUDITS, minimum=len(FIRST_STATUSES))
    nc_cap = seeder.per_agency(NONCONFORMITIES)
    specs = []
    for i in range(n_audits):
        status = FIRST_STATUSES[i] if i < len(FIRST_STATUSES) else _pick(r, STATUS_WEIGHTS)
        start, end, month = _dates(r, status)
        year = start.year if start else ANCHOR.year
        depts = r.sample(departments, 2 if r.random() < 0.3 else 1)
        in_scope = [d for dept in depts for d in procedures.get(dept.pk, [])]
        scope_docs = r.sample(in_scope, min(len(in_scope), r.choice([0, 1, 1, 1, 2, 3])))
        # Independent auditors only (services_audit.assert_independent): not from an audited department,
        # nor from the department (or the owner) of a process in scope.
        busy = {d.pk for d in depts} | {d.department_id for d in scope_docs}
        owners = {d.owner_id for d in scope_docs}
        candidates = [u for u in auditors if u.department_id not in busy and u.pk not in owners]
        if not candidates:
            raise RuntimeError(f"{agency.code}: no independent auditor for {[d.code for d in depts]}")
        lead, team = None, []
        if start is not None or r.random() < 0.5:
            lead = r.choice(candidates)
            others = [u for u in candidates if u != lead]
            team = r.sample(others, min(len(others), r.choice([1, 1, 2])))
        assert not independence_conflicts(lead_auditor=lead, team=team, departments=depts, documents=scope_docs)
        auditees = [ctx["reviewers"][d.pk] for d in depts]
        for dept in depts:
            pool = [u for u in staff_of.get(dept.pk, []) if u not in auditees]
            if pool and r.random() < 0.6:
                auditees.append(r.choice(pool))
        external = r.random() < 0.05
        if external:
            title = r.choice(vocab.EXTERNAL_AUDIT_TITLES).format(dept=depts[0].name)
        elif scope_docs and r.random() < 0.3:
            title = next(t for t in vocab.AUDIT_TITLES if "{proc}" in t).format(proc=scope_docs[0].title)
        else:
            title = r.choice([t for t in vocab.AUDIT_TITLES if "{proc}" not in t]).format(dept=depts[0].name)
        specs.append({
            "status": status, "start": start, "end": end, "month": month, "year": year, "depts": depts,
            "docs": scope_docs, "lead": lead, "team": team, "auditees": auditees, "title": title[:255],
            "external": external, "order": (month, start or datetime.date(year, month, 28), i),
            "clauses": set(r.sample(CLAUSE_POOL, r.randint(3, 6))),
        })

    # Findings of the audits past planning: per_agency(FINDINGS) in all, spread at random.
    started = [s for s in specs if s["status"] != "planned"]
    counts = [0] * len(started)
    for _ in range(seeder.per_agency(FINDINGS)):
        counts[r.randrange(len(started))] += 1
    origins = []
    for spec, k in zip(started, counts):
        spec["findings"] = _plan_findings(r, ctx, spec, k, origins, nc_cap)
    for spec in specs:
        spec.setdefault("findings", [])
        for f in spec["findings"]:
            spec["clauses"].add(_root(f["clause"]))
    ctx["nc_origins"] = origins

    # Numbers in the order the audits were planned in each programme (planned month, then start).
    audits, number = [], {}
    for spec in sorted(specs, key=lambda s: (s["year"], s["order"])):
        programme = programmes[spec["year"]]
        number[spec["year"]] = number.get(spec["year"], 0) + 1
        created = programme.created_at + datetime.timedelta(days=r.randint(1, 30), minutes=r.randint(0, 300))
        if spec["start"] and created.date() >= spec["start"]:
            created = programme.created_at + datetime.timedelta(hours=2)
        audit = Audit(
            agency=agency, programme=programme, number=number[spec["year"]],
            code=format_audit_code(spec["year"], number[spec["year"]]), title=spec["title"],
            audit_type=Audit.Type.EXTERNAL if spec["external"] else Audit.Type.INTERNAL, status=spec["status"],
            planned_month=spec["month"], start_date=spec["start"], end_date=spec["end"],
            objectives=r.choice(vocab.AUDIT_OBJECTIVES).format(standard=editions.standard_label(agency, created)),
            criteria_clauses=", ".join(sorted(spec["clauses"], key=lambda c: clause_order.get(c, 99))),
            lead_auditor=spec["lead"], created_by=coordinator, created_at=created)
        if spec["status"] in ("reported", "closed"):
            kinds = [f["kind"] for f in spec["findings"]]
            audit.summary = (
                f"Phát hiện {kinds.count('major_nc')} sự không phù hợp nặng, {kinds.count('minor_nc')} sự không phù "
                f"hợp nhẹ, {kinds.count('observation')} điểm lưu ý và {kinds.count('ofi')} cơ hội cải tiến.")
            audit.conclusion = r.choice(vocab.AUDIT_CONCLUSIONS)
            audit.reported_at = at(spec["end"] + datetime.timedelta(days=r.randint(2, 10)), 15)
            audit.reported_by = spec["lead"]
        if spec["status"] == "closed":
            # After every NC's effectiveness check (85 days after the finding, at the latest the last day).
            audit.closed_at = at(spec["end"] + datetime.timedelta(days=r.randint(95, 105)), 16)
            audit.closed_by = spec["lead"]
        audit._spec = spec
        for f in spec["findings"]:
            if f["origin"] is not None:
                f["origin"]["source_ref"] = audit.code
        audits.append(fast_refresh(audit))
    for year, programme in programmes.items():
        programme.last_audit_number = number.get(year, 0)  # the counter ends at the last number used
    seeder.created(AuditProgramme, list(programmes.values()), lambda p: p.created_at, coordinator.pk,
                   "Lập chương trình đánh giá")
    seeder.insert(Audit, audits)
    _audit_relations_and_history(seeder, ctx, audits, criteria_docs)

    # Checklists: copied from the templates that match the criteria when planned or at the start; answered
    # during the audit (all of them once the report is out, about half while in progress); a question on
    # the clause of an NC finding was answered "nonconform".
    items, item_hist = [], []
    for audit in audits:
        spec = audit._spec
        spec["items"] = []
        if audit.status == "planned" and r.random() < 0.5:
            continue
        nc_clauses = {_root(f["clause"]) for f in spec["findings"] if f["origin"] is not None}
        chosen = [template_of[c] for c in sorted(spec["clauses"], key=lambda c: clause_order.get(c, 99))
                  if c in template_of] or [r.choice(templates)]
        questions = [(t, q) for t in chosen for q in t.question_list][:r.randint(4, 8)]
        team = [spec["lead"], *spec["team"]] if spec["lead"] else [coordinator]
        if audit.status == "planned":
            when, by = audit.created_at + datetime.timedelta(days=1), coordinator
        else:
            when, by = at(audit.start_date, 8), spec["lead"]
        last_day = min(audit.end_date, ANCHOR) if audit.end_date else None
        for order, (template, question) in enumerate(questions, start=1):
            item = ChecklistItem(agency=agency, audit=audit, order=order, clause=template.clause, question=question,
                                 template=template)
            answered = audit.status in ("reported", "closed") or (audit.status == "in_progress" and r.random() < 0.5)
            if answered:
                item.answer = _pick(r, ANSWER_WEIGHTS)
                if template.clause in nc_clauses:
                    item.answer = "nonconform"
                    nc_clauses.discard(template.clause)
                elif item.answer == "nonconform":
                    item.answer = "observation"
                item.evidence = r.choice(vocab.CHECKLIST_EVIDENCE).format(d=r.randint(3, 20))
                item.answered_by = r.choice(team)
                item.answered_at = at(_day_between(r, audit.start_date, last_day), r.randint(9, 16))
            item._created = (when + datetime.timedelta(minutes=order), by)
            items.append(item)
            spec["items"].append(item)
    seeder.insert(ChecklistItem, items)
    for item in items:
        when, by = item._created
        first = {"answer": "", "evidence": "", "answered_by_id": None, "answered_at": None} if item.answer else None
        item_hist.append((item, when, by.pk, "+", f"Thêm từ bộ câu hỏi mẫu «{item.template.title}»", first))
        if item.answer:
            item_hist.append((item, item.answered_at, item.answered_by_id, "~", "Ghi kết quả câu hỏi", None))
    seeder.history(ChecklistItem, item_hist)
    ctx["audits"] = audits


def _plan_findings(r, ctx, spec, k, origins, nc_cap):
    """k findings for an audit past planning; major/minor ones append the NC they open to ``origins``."""
    lead, team = spec["lead"], spec["team"]
    last_day = min(spec["end"], ANCHOR)
    docs = spec["docs"]
    code_pool = [d.code for d in docs] or [d.code for d in ctx["documents"][:20]]
    found = []
    for _ in range(k):
        kind = _pick(r, KIND_WEIGHTS)
        if kind in ("major_nc", "minor_nc") and len(origins) >= nc_cap:
            kind = "observation"  # no NC left to link (a tiny data set)
        pool = {"major_nc": vocab.FINDINGS_NC, "minor_nc": vocab.FINDINGS_NC,
                "observation": vocab.FINDINGS_OBSERVATION, "ofi": vocab.FINDINGS_OFI}[kind]
        # On the audit's criteria when the vocabulary has one (its clause is added to the criteria otherwise).
        clause, text = r.choice([(c, t) for c, t in pool if _root(c) in spec["clauses"]] or pool)
        code = r.choice(code_pool)
        d = r.randint(2, 9)
        description = text.format(code=code, d=d)
        evidence = ""
        if kind != "ofi":
            evidence = r.choice(vocab.AUDIT_EVIDENCE).format(code=code, d=d, d2=d + r.randint(1, 5))
        day = _day_between(r, spec["start"], last_day)
        author = r.choice([lead, *team])
        finding = {
            "kind": kind, "clause": clause, "department": r.choice(spec["depts"]), "description": description,
            "evidence": evidence, "author": author, "created_at": at(day, r.randint(9, 16)), "origin": None,
            "requirement": r.choice(vocab.AUDIT_REQUIREMENTS).format(
                clause=_root(clause), code=code, standard=editions.standard_label(ctx["agency"], day))
            if kind in ("major_nc", "minor_nc") else "",
        }
        if kind in ("major_nc", "minor_nc"):
            # services_audit.finding_add → nc_open(...): the same fields, filled in by the NC generator.
            finding["origin"] = {
                "status": _nc_status(r, spec["status"], day), "detected_on": day, "created_at": finding["created_at"],
                "department": finding["department"], "kind": Nonconformity.Kind.NONCONFORMITY,
                "source": Nonconformity.Source.INTERNAL_AUDIT, "source_ref": "",  # the code, once numbered
                "document": docs[0] if len(docs) == 1 else None,
                "process_ref": "" if len(docs) == 1 else ", ".join(d.code for d in docs),
                "clause": clause, "severity": "major" if kind == "major_nc" else "minor",
                "description": f"{description}\nBằng chứng: {evidence}", "detected_by": author, "created_by": author,
            }
            origins.append(finding["origin"])
        found.append(finding)
    found.sort(key=lambda f: f["created_at"])  # numbered in the order they were recorded
    return found


def _audit_relations_and_history(seeder, ctx, audits, criteria_docs):
    """Many-to-many rows of the audits, their history rows and simple-history's m2m snapshots."""
    coordinator = ctx["coordinator"]
    through = {name: getattr(Audit, name).through for name in ("departments", "documents", "criteria_documents",
                                                                "team", "auditees")}
    rows = {name: [] for name in through}
    for audit in audits:
        spec = audit._spec
        audit._m2m = {
            "departments": [through["departments"](audit=audit, department=d) for d in spec["depts"]],
            "documents": [through["documents"](audit=audit, document=d) for d in spec["docs"]],
            "criteria_documents": [through["criteria_documents"](audit=audit, document=d) for d in criteria_docs],
            "team": [through["team"](audit=audit, user=u) for u in spec["team"]],
            "auditees": [through["auditees"](audit=audit, user=u) for u in spec["auditees"]],
        }
        for name, objs in audit._m2m.items():
            rows[name].extend(objs)
    for name, objs in rows.items():
        seeder.insert(through[name], objs)  # ids come back: simple-history's m2m snapshots copy them

    hist, snapshots = [], []
    reason = "Lập kế hoạch cuộc đánh giá"
    for audit in audits:
        spec = audit._spec
        planned = {"status": "planned", "summary": "", "conclusion": "", "reported_at": None, "reported_by_id": None,
                   "closed_at": None, "closed_by_id": None}
        when = audit.created_at
        hist.append((audit, when, coordinator.pk, "+", reason, planned))
        snapshot = {}
        snapshots.append((audit, dict(snapshot)))
        for step, name in enumerate(M2M_HISTORY, start=1):  # audit_create sets them one after the other
            if audit._m2m[name]:
                snapshot[name] = audit._m2m[name]
                hist.append((audit, when + datetime.timedelta(seconds=step), coordinator.pk, "~", reason, planned))
                snapshots.append((audit, dict(snapshot)))
        if audit.status == "planned":
            continue
        hist.append((audit, at(audit.start_date, 8), spec["lead"].pk, "~", "Bắt đầu đánh giá",
                     {**planned, "status": "in_progress"}))
        snapshots.append((audit, snapshot))
        if audit.status in ("reported", "closed"):
            hist.append((audit, audit.reported_at, spec["lead"].pk, "~", "Phát hành báo cáo đánh giá",
                         {"status": "reported", "closed_at": None, "closed_by_id": None}))
            snapshots.append((audit, snapshot))
        if audit.status == "closed":
            hist.append((audit, audit.closed_at, spec["lead"].pk, "~", "Kết thúc cuộc đánh giá", None))
            snapshots.append((audit, snapshot))
    seeder.history(Audit, hist)

    # The history ids just written, in the order written (per audit), to hang the m2m snapshots on.
    hmodel = Audit.history.model
    written = {}
    for history_id, audit_id in (hmodel.objects.filter(agency_id=ctx["agency"].pk).order_by("history_id")
                                 .values_list("history_id", "id")):
        written.setdefault(audit_id, []).append(history_id)
    position = {}
    m2m_rows = {name: [] for name in M2M_HISTORY}
    m2m_models = {name: apps.get_model("audits", f"HistoricalAudit_{name}") for name in M2M_HISTORY}
    target = {"departments": "department_id", "documents": "document_id", "team": "user_id"}
    for audit, snapshot in snapshots:
        index = position.get(audit.pk, 0)
        position[audit.pk] = index + 1
        history_id = written[audit.pk][index]
        for name, objs in snapshot.items():
            for row in objs:
                m2m_rows[name].append(m2m_models[name](
                    history_id=history_id, id=row.pk, audit_id=audit.pk,
                    **{target[name]: getattr(row, target[name])}))
    for name, objs in m2m_rows.items():
        seeder.insert(m2m_models[name], objs)


def findings(seeder, ctx):
    """Insert the planned findings; each major/minor one points at the NC the NC generator made from it."""
    agency = ctx["agency"]
    objs = []
    for audit in ctx.get("audits", []):
        items = audit._spec.get("items", [])
        for number, f in enumerate(audit._spec["findings"], start=1):
            finding = Finding(agency=agency, audit=audit, number=number, kind=f["kind"], clause=f["clause"],
                              department=f["department"], requirement=f["requirement"],
                              description=f["description"], evidence=f["evidence"], created_by=f["author"],
                              created_at=f["created_at"])
            if f["origin"] is not None:
                nc = f["origin"]["nc"]
                assert nc.source_ref == audit.code and nc.pk is not None
                finding.nonconformity = nc
                # The question it answers, when the checklist has one on the same clause answered "nonconform".
                match = [i for i in items if i.answer == "nonconform" and i.clause == _root(f["clause"])]
                finding.checklist_item = match[0] if match else None
            objs.append(finding)
    seeder.created(Finding, objs, lambda f: f.created_at, lambda f: f.created_by_id, "Ghi nhận phát hiện đánh giá")


# For qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py): around the NCs' 300.
STEPS = [(200, plan), (500, findings)]
