# history-written-here: module — seed_scale bulk-inserts documents and revisions and writes their history itself.
"""Document control of the province data set (seed_scale, qms/core/scale/generate.py): documents,
distribution entries, revisions with their review assignments and signatures, change requests.

Registered from ``processes/apps.py`` as step 100, the first after the core's people: every later
subject works on these documents. Puts ``ctx["documents"]`` and ``ctx["revisions"]`` (each revision's
``document`` set) in the agency's context for them.

States are valid: exactly one effective revision per document that has a locked issue (none for a
withdrawn one), at most one open draft, signatures and assignments for every approved issue, search
columns as ``services.refresh_*_search`` computes them (the same folding as the UI; tests/scale
checks every one).
"""

import datetime

from processes.documents import services as doc_services
from processes.documents.models import (
    ISO_CLAUSES,
    ChangeRequest,
    DistributionEntry,
    Document,
    ReviewAssignment,
    Revision,
    Signature,
)
from qms.core import editions
from qms.core.scale import vocab
from qms.core.scale.generate import ANCHOR, at, fast_fold
from qms.core.text import strip_tags

# In the province at scale 1.0 (quality.md).
DOCUMENTS = 10000
REVISIONS = 50000
CHANGE_REQUESTS = 2000
PAGE_CHARS = 1800  # one A4 page of a Vietnamese procedure, roughly


def revision_search_folded(rev):
    """Same text as processes.documents.services.refresh_revision_search (checked by tests/scale)."""
    parts = [rev.purpose, rev.scope, rev.references, rev.definitions, strip_tags(rev.procedure_html),
             rev.legal_basis, rev.dossier, rev.fee, rev.submit_place]
    for row in (rev.steps or []) + (rev.records or []) + (rev.forms or []):
        parts.extend(str(v) for v in row.values())
    return fast_fold(" ".join(p for p in parts if p))


def _jsonb_order(rows):
    """Keys in PostgreSQL jsonb's storage order (shorter first, then bytewise), so the search text computed
    here is the same as the one computed from the rows read back, on SQLite and PostgreSQL alike."""
    return [{k: row[k] for k in sorted(row, key=lambda k: (len(k.encode()), k.encode()))} for row in rows]


def _pages(r):
    """2–20 pages, most procedures short: 2–4 pages for 70%, up to 20 for a few."""
    share = r.random()
    if share < 0.7:
        return r.randint(2, 4)
    if share < 0.95:
        return r.randint(5, 10)
    return r.randint(11, 20)


def generate(seeder, ctx):
    """The agency's documents, their revisions (assignments, signatures) and change requests."""
    r, agency = seeder.rng, ctx["agency"]
    coordinator, head = ctx["coordinator"], ctx["head"]
    n_docs = seeder.per_agency(DOCUMENTS, minimum=3)
    kinds = ([Document.Type.PROCEDURE] * 50 + [Document.Type.FORM] * 25 + [Document.Type.WORK_INSTRUCTION] * 12
             + [Document.Type.EXTERNAL] * 5 + [Document.Type.OTHER] * 5 + [Document.Type.MANUAL]
             + [Document.Type.POLICY] + [Document.Type.OBJECTIVES])
    prefix = {"procedure": "QT", "form": "BM", "instruction": "HD", "external": "TLBN", "other": "TL",
              "manual": "STCL", "policy": "CSCL", "objectives": "MTCL"}
    numbers = {}
    docs = []
    for i in range(n_docs):
        kind = Document.Type.PROCEDURE if i == 0 else r.choice(kinds)
        numbers[kind] = numbers.get(kind, 0) + 1
        code = f"{prefix[kind]}-{numbers[kind]:03d}"
        dept = r.choice(ctx["departments"])
        extra = {}
        if kind == Document.Type.PROCEDURE:
            title = r.choice(vocab.PROCEDURE_TOPICS)
        elif kind == Document.Type.FORM:
            title = r.choice(vocab.FORM_TOPICS)
        elif kind == Document.Type.WORK_INSTRUCTION:
            title = r.choice(vocab.INSTRUCTION_TOPICS)
        elif kind == Document.Type.EXTERNAL:
            title, issuer, number = r.choice(vocab.EXTERNAL_TOPICS)
            extra = {"issuer": issuer, "external_number": number,
                     "external_date": ANCHOR - datetime.timedelta(days=r.randint(400, 4000))}
        else:
            title = {"manual": "Sổ tay chất lượng", "policy": "Chính sách chất lượng",
                     "objectives": "Mục tiêu chất lượng"}.get(kind, "Quy chế làm việc")
        if numbers[kind] > 1 and kind in ("procedure", "form", "instruction"):
            title = f"{title} ({r.choice(['lĩnh vực đất đai', 'lĩnh vực xây dựng', 'lĩnh vực tư pháp', 'phường ' + r.choice(vocab.GIVEN), 'đường ' + r.choice(vocab.SURNAMES) + ' ' + r.choice(vocab.GIVEN)])})"
        created = at(ANCHOR - datetime.timedelta(days=r.randint(900, 1400)))
        if "{standard}" in title:  # the standard itself: the edition the agency applied then
            standard = editions.standard_label(agency, created)
            title, extra["external_number"] = title.format(standard=standard), standard
        doc = Document(agency=agency, code=code, title=title, doc_type=kind, department=dept,
                       owner=ctx["reviewers"][dept.pk], clauses=r.choice(ISO_CLAUSES)[0],
                       is_public=kind == Document.Type.PROCEDURE and r.random() < 0.6,
                       next_review_due=ANCHOR + datetime.timedelta(days=r.randint(-60, 365)),
                       created_at=created, created_by=coordinator, **extra)
        doc_services.refresh_document_search(doc)
        docs.append(doc)
    withdrawn = set(r.sample(range(1, n_docs), k=n_docs // 100)) if n_docs > 100 else set()
    for i in withdrawn:
        docs[i].withdrawn_at = at(ANCHOR - datetime.timedelta(days=r.randint(10, 300)))
        docs[i].next_review_due = None
    procedures = [d for d in docs if d.doc_type == Document.Type.PROCEDURE]
    seeder.created(Document, docs, lambda d: d.created_at, coordinator.pk)
    parented = [d for d in docs if d.doc_type == Document.Type.FORM and procedures]
    for d in parented:
        d.parent = r.choice(procedures)
    Document.objects.bulk_update(parented, ["parent"], batch_size=seeder.batch)  # history-written-here: below
    seeder.history(Document, [(d, d.created_at + datetime.timedelta(minutes=5), coordinator.pk, "~",
                             "Gắn biểu mẫu vào quy trình", None) for d in parented])
    seeder.created(DistributionEntry, [DistributionEntry(document=d, agency=agency, department=d.department, copies=1)
                                     for d in docs], lambda e: e.document.created_at, coordinator.pk)

    # Revisions: ~5 per document on average, every document at least one.
    n_revs = max(n_docs, seeder.per_agency(REVISIONS, minimum=n_docs))
    counts = [1] * n_docs
    for _ in range(n_revs - n_docs):
        counts[r.randrange(n_docs)] += 1
    S = Revision.Status
    revisions, rev_hist, signatures, assignments = [], [], [], []
    for doc_index, (doc, k) in enumerate(zip(docs, counts)):
        open_last = k >= 2 and doc_index not in withdrawn and r.random() < 0.1
        reviewer = ctx["reviewers"][doc.department_id]
        for issue in range(1, k + 1):
            if issue == k and open_last:
                status = r.choice([S.DRAFT, S.IN_REVIEW])
            elif doc_index in withdrawn:
                status = S.OBSOLETE if issue == k else S.SUPERSEDED
            elif issue == k or (open_last and issue == k - 1):
                status = S.EFFECTIVE
            else:
                status = S.SUPERSEDED
            age_days = (k - issue) * 120 + r.randint(5, 60)
            effective_day = ANCHOR - datetime.timedelta(days=age_days)
            created_at = at(effective_day - datetime.timedelta(days=r.randint(20, 40)))
            author = r.choice(ctx["authors"])
            rev = Revision(document=doc, agency=agency, issue_number=issue, status=status, author=author,
                           title=doc.title, created_at=created_at, **_content(seeder, doc, issue, created_at))
            if issue > 1:
                rev.change_summary = f"Sửa đổi lần {issue - 1}: {r.choice(vocab.ACTIONS)}"
                rev.change_location = f"Mục {r.randint(1, 7)}"
            if status != S.DRAFT:
                rev.review_round = 1
                rev.submitted_at = created_at + datetime.timedelta(days=5)
            if status in Revision.LOCKED:
                rev.approved_at = created_at + datetime.timedelta(days=12)
                rev.effective_date = effective_day
                rev.effective_at = at(effective_day, 0)
                if status == S.SUPERSEDED:
                    rev.superseded_at = at(effective_day + datetime.timedelta(days=120), 0)
            rev.document = doc  # compute_hash reads the code
            if status in Revision.LOCKED:
                rev.content_hash = rev.compute_hash()
            rev.search_folded = revision_search_folded(rev)
            revisions.append(rev)
    seeder.insert(Revision, revisions)
    for rev in revisions:
        draft = {"status": S.DRAFT, "review_round": 0, "submitted_at": None, "approved_at": None,
                 "effective_date": None, "effective_at": None, "superseded_at": None, "content_hash": ""}
        rev_hist.append((rev, rev.created_at, rev.author_id, "+", "", draft))
        if rev.status != S.DRAFT:
            when = rev.approved_at or rev.submitted_at
            rev_hist.append((rev, when, head.pk if rev.approved_at else rev.author_id, "~", "", None))
        if rev.status in (S.DRAFT,):
            continue
        reviewer = ctx["reviewers"][rev.document.department_id]
        assignments.append(ReviewAssignment(revision=rev, agency=agency, round=1, user=reviewer, kind="review",
                                            created_at=rev.submitted_at))
        assignments.append(ReviewAssignment(revision=rev, agency=agency, round=1, user=head, kind="approve",
                                            created_at=rev.submitted_at))
        if rev.status in Revision.LOCKED:
            for user, meaning, delay in ((reviewer, "reviewed", 3), (head, "approved", 7)):
                signatures.append(Signature(
                    revision=rev, agency=agency, round=1, user=user, printed_name=user.full_name,
                    printed_title=user.title, meaning=meaning,
                    signed_at=rev.submitted_at + datetime.timedelta(days=delay), content_hash=rev.content_hash))
    seeder.history(Revision, rev_hist)
    seeder.created(ReviewAssignment, assignments, lambda a: a.created_at, coordinator.pk)
    seeder.created(Signature, signatures, lambda s: s.signed_at, lambda s: s.user_id)

    # Change requests from staff, some decided.
    requests = []
    for _ in range(seeder.per_agency(CHANGE_REQUESTS)):
        doc = r.choice(docs)
        status = r.choice(["open", "open", "declined", "accepted"])
        cr = ChangeRequest(agency=agency, document=doc, requested_by=r.choice(ctx["staff"]),
                           reason=r.choice(vocab.NC_DESCRIPTIONS).format(d=r.randint(1, 9), code=doc.code),
                           proposal=r.choice(vocab.ACTIONS), status=status,
                           created_at=at(ANCHOR - datetime.timedelta(days=r.randint(1, 400))))
        if status != "open":
            cr.decided_by, cr.decided_at = coordinator, cr.created_at + datetime.timedelta(days=3)
            cr.decision_reason = "Đã xem xét" if status == "accepted" else "Nội dung đã được quy định tại mục 5."
        requests.append(cr)
    seeder.created(ChangeRequest, requests, lambda c: c.created_at, lambda c: c.requested_by_id)
    ctx["documents"] = docs
    ctx["revisions"] = revisions


def _content(seeder, doc, issue, made):
    r = seeder.rng
    steps = [
        {"step": f"B{n}", "responsibility": r.choice(vocab.RESPONSIBLE), "description": r.choice(vocab.STEP_TEXT),
         "time": r.choice(vocab.STEP_TIME), "forms": f"BM-{r.randint(1, 30):02d}-{n:02d}"}
        for n in range(1, r.randint(3, 7))
    ]
    return {
        "purpose": f"Quy định trình tự, thủ tục {doc.title.lower()}, bảo đảm công khai, minh bạch, đúng thời hạn; "
                   "góp phần cải cách hành chính.",
        "scope": "Áp dụng đối với bộ phận tiếp nhận và trả kết quả, các phòng chuyên môn và lãnh đạo cơ quan.",
        "references": f"- Tiêu chuẩn {editions.standard_label(doc.agency, made)};\n- Quyết định 19/2014/QĐ-TTg;\n"
                      "- Công văn 5052/UBND-NC.",
        "definitions": "UBND: Ủy ban nhân dân; TTHC: thủ tục hành chính; HTQLCL: hệ thống quản lý chất lượng.",
        "legal_basis": "Nghị định 63/2010/NĐ-CP về kiểm soát thủ tục hành chính; Quyết định 19/2014/QĐ-TTg.",
        "dossier": "a) Đơn đề nghị (bản chính);\nb) Bản sao giấy tờ tùy thân;\nc) Các giấy tờ liên quan.",
        "dossier_count": "01 bộ",
        "processing_time_days": r.choice([1, 3, 5, 7, 10, 15, 20]),
        "submit_place": "Bộ phận tiếp nhận và trả kết quả",
        "fee": r.choice(["Không", "50.000 đồng/hồ sơ", "75.000 đồng/giấy phép", "10.000 đồng/trang"]),
        "procedure_html": seeder.paragraphs(_pages(r) * PAGE_CHARS) if doc.doc_type != "external" else "",
        "steps": _jsonb_order(steps),
        "forms": _jsonb_order([{"code": s["forms"], "name": r.choice(vocab.FORM_TOPICS)} for s in steps[:3]]),
        "records": _jsonb_order([{"name": "Hồ sơ giải quyết thủ tục hành chính", "keeper": "Chuyên viên thụ lý",
                     "place": "Phòng chuyên môn", "retention": "05 năm"}]),
    }


STEPS = [(100, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
