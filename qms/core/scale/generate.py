# history-written-here: module — seed_scale inserts rows with bulk_create and writes their HistoricalX rows itself.
"""Deterministic bulk generator of quality.md's data set (seed_scale).

At ``scale=1.0`` and 20 agencies: 2,000 users, 10,000 documents, 50,000 revisions, 20,000 NCs,
~40,000 actions, 2,000 internal audits with 20,000 findings (``audits.py``), ~215,000 copies and
200,000 copy downloads (``copies.py``) and ~960,000 history rows.

Per agency, in one transaction: people, documents, the audit plan (programmes, audits, checklists;
their major/minor findings fix the origin of the first NCs), nonconformities, feedback, the
findings (linked to those NCs), copies and downloads, then ``EXTRAS`` (other apps' generators).

Every row is inserted with ``bulk_create`` in batches inside one transaction per agency, and
every history-tracked row gets the HistoricalX rows its life would have produced (creation and
each status change, dated and attributed), written in bulk beside it: django-simple-history is
skipped by bulk_create, so this module writes history itself (tests/integrity accepts the module
marker above for that reason).

States are valid: exactly one effective revision per document that has a locked issue (none
for a withdrawn one), at most one open draft, signatures and assignments for every approved
issue, NC numbers unique per agency and year with the counter row at the last number, search
columns filled by the processes app's own ``refresh_*_search`` (same folding as the UI); the
audits' and copies' rules are in their modules' docstrings.
"""

import datetime
import json
import random
import re
import time
import unicodedata

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from qms.core.scale import vocab

ANCHOR = datetime.date(2026, 11, 1)  # fixed: the same seed gives the same data whatever the day
UTC = datetime.timezone.utc
PASSWORD = "qms-demo-2026"  # same as seed_demo's, so people can log in and look around
PAGE_CHARS = 1800  # one A4 page of a Vietnamese procedure, roughly
AUDITOR_HEADS = (0, 3, 5)  # heads of Văn phòng, Phòng Tư pháp and Phòng Nội vụ (vocab.DEPARTMENTS) also audit

FULL = {
    "users": 2000, "documents": 10000, "revisions": 50000, "nonconformities": 20000, "feedback": 4000,
    "change_requests": 2000, "audits": 2000, "findings": 20000, "copy_downloads": 200000,
}

# Generators of other apps' data, run after the core ones (audits and copies included): callables
# (seeder, agency_ctx) → None.
EXTRAS = []


_FOLD_TABLE = {}
_TRANSLATE = {}
_SPACES = re.compile(r"\s+")


def fast_fold(text):
    """qms.core.text.fold for the generator's own text, by a translation table (same result, ~20× faster).

    tests/scale checks every generated search column against processes.documents.services.refresh_*_search.
    """
    lowered = text.lower()
    new = set(lowered) - _FOLD_TABLE.keys()
    if new:
        for ch in new:
            base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
            _FOLD_TABLE[ch] = base.replace("đ", "d")
        _TRANSLATE.clear()
        _TRANSLATE.update(str.maketrans({k: v for k, v in _FOLD_TABLE.items() if k != v}))
    return _SPACES.sub(" ", lowered.translate(_TRANSLATE)).strip()


def revision_search_folded(rev):
    """Same text as processes.documents.services.refresh_revision_search (checked by tests/scale)."""
    from qms.core.text import strip_tags

    parts = [rev.purpose, rev.scope, rev.references, rev.definitions, strip_tags(rev.procedure_html),
             rev.legal_basis, rev.dossier, rev.fee, rev.submit_place]
    for row in (rev.steps or []) + (rev.records or []) + (rev.forms or []):
        parts.extend(str(v) for v in row.values())
    return fast_fold(" ".join(p for p in parts if p))


def _jsonb_order(rows):
    """Keys in PostgreSQL jsonb's storage order (shorter first, then bytewise), so the search text computed
    here is the same as the one computed from the rows read back, on SQLite and PostgreSQL alike."""
    return [{k: row[k] for k in sorted(row, key=lambda k: (len(k.encode()), k.encode()))} for row in rows]


def _dt(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=UTC)


class Seeder:
    def __init__(self, *, agencies=20, scale=1.0, seed=42, batch=2000, log=print):
        self.n_agencies = max(1, agencies)
        self.scale = scale
        self.rng = random.Random(seed)
        self.batch = batch
        self.log = log
        self.counts = {}
        self.history_rows = 0
        self.notes = []
        self.copy_codes = set()  # verification codes are unique across agencies (copies.py)

    # --- helpers -----------------------------------------------------------------------------------
    def per_agency(self, key, minimum=1):
        return max(minimum, round(FULL[key] * self.scale / self.n_agencies))

    def insert(self, model, objs):
        if objs:
            # auto_now_add would overwrite the dates the generator chose (an audit planned in 2024 is not
            # created today): keep the given ones, today's only where none was given.
            stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
            now = timezone.now()
            for field in stamped:
                for obj in objs:
                    if getattr(obj, field.attname) is None:
                        setattr(obj, field.attname, now)
                field.auto_now_add = False
            try:
                model._default_manager.bulk_create(objs, batch_size=self.batch)
            finally:
                for field in stamped:
                    field.auto_now_add = True
            label = model._meta.label
            self.counts[label] = self.counts.get(label, 0) + len(objs)
        return objs

    def history(self, model, rows):
        """rows: (obj, when, user_id, type "+"/"~", reason, {field: value overrides})."""
        if not rows:
            return
        from django.db import connection

        hmodel = model.history.model
        tracked = list(hmodel.tracked_fields)
        names = [f.attname for f in tracked]
        meta = {f.attname: f for f in hmodel._meta.concrete_fields}
        columns = names + ["history_date", "history_user_id", "history_type", "history_change_reason"]
        source = {f.attname: f for f in model._meta.concrete_fields}
        convert = [self._converter(source.get(c) or meta[c], connection) for c in columns]
        values = []
        for obj, when, user_id, kind, reason, overrides in rows:
            data = [getattr(obj, name) for name in names]
            if overrides:
                for key, value in overrides.items():
                    data[names.index(key)] = value
            data += [when, user_id, kind, reason]
            values.append([c(v) if c and v is not None else v for c, v in zip(convert, data)])
        qn = connection.ops.quote_name
        # Table and column names come from the model's own metadata (quoted); values are parameters.
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # nosec B608
            qn(hmodel._meta.db_table), ", ".join(qn(meta[c].column) for c in columns), ", ".join(["%s"] * len(columns)))
        with connection.cursor() as cursor:
            for start in range(0, len(values), self.batch):
                cursor.executemany(sql, values[start:start + self.batch])
        self.history_rows += len(values)

    @staticmethod
    def _converter(field, connection):
        """Python value → database value for the raw history insert (what Field.get_db_prep_save does)."""
        kind = field.get_internal_type()
        if kind == "DateTimeField":
            return connection.ops.adapt_datetimefield_value
        if kind == "DateField":
            return connection.ops.adapt_datefield_value
        if kind == "JSONField":
            return lambda v: field.get_db_prep_save(v, connection)
        if kind == "FileField":
            return lambda v: getattr(v, "name", v) or ""
        if kind == "DecimalField":
            return lambda v: field.get_db_prep_save(v, connection)
        return None

    def created(self, model, objs, when, user_id=None, reason="Dữ liệu quy mô tỉnh"):
        self.insert(model, objs)
        self.history(model, [(o, when(o) if callable(when) else when, user_id(o) if callable(user_id) else user_id,
                              "+", reason, None) for o in objs])
        return objs

    def name(self):
        r = self.rng
        return f"{r.choice(vocab.SURNAMES)} {r.choice(vocab.MIDDLE)} {r.choice(vocab.GIVEN)}"

    def paragraphs(self, chars):
        r = self.rng
        out, size, heading = [], 0, 1
        while size < chars:
            if r.random() < 0.12:
                block = f"<h3>{heading}. {r.choice(vocab.HEADINGS)}</h3>"
                heading += 1
            elif r.random() < 0.15:
                items = "".join(f"<li>{r.choice(vocab.SENTENCES)}</li>" for _ in range(r.randint(2, 5)))
                block = f"<ul>{items}</ul>"
            else:
                block = "<p>" + " ".join(r.choice(vocab.SENTENCES) for _ in range(r.randint(2, 5))) + "</p>"
            out.append(block)
            size += len(block)
        return "".join(out)

    def pages(self):
        """2–20 pages, most procedures short: 2–4 pages for 70%, up to 20 for a few."""
        r = self.rng.random()
        if r < 0.7:
            return self.rng.randint(2, 4)
        if r < 0.95:
            return self.rng.randint(5, 10)
        return self.rng.randint(11, 20)

    # --- the run -----------------------------------------------------------------------------------
    def run(self):
        from qms.core.models import Agency
        from qms.core.scale import audits, copies

        started = time.monotonic()
        if Agency.objects.exists():
            raise RuntimeError("seed_scale needs an empty database (run it right after migrate).")
        self.password = make_password(PASSWORD)
        agencies = []
        for i in range(self.n_agencies):
            code, name = vocab.AGENCY_NAMES[i % len(vocab.AGENCY_NAMES)]
            if i >= len(vocab.AGENCY_NAMES):
                code, name = f"{code}-{i // len(vocab.AGENCY_NAMES) + 1}", f"{name} ({i // len(vocab.AGENCY_NAMES) + 1})"
            agencies.append(Agency(code=code, name=name, parent_name="UBND THÀNH PHỐ HÀ NỘI",
                                   address=f"{self.rng.randint(1, 300)} phố {self.rng.choice(vocab.GIVEN)}, Hà Nội"))
        with override_settings(DEBUG=False), transaction.atomic():  # DEBUG would keep every INSERT in memory
            self.created(Agency, agencies, _dt(ANCHOR - datetime.timedelta(days=1500)))
        for index, agency in enumerate(agencies):
            t0 = time.monotonic()
            with override_settings(DEBUG=False), transaction.atomic():
                ctx = {"agency": agency, "index": index}
                self.people(ctx)
                self.documents(ctx)
                audits.plan(self, ctx)  # before the NCs: an audit's NC findings decide where those NCs came from
                self.nonconformities(ctx)
                self.feedback(ctx)
                audits.findings(self, ctx)
                copies.generate(self, ctx)
                for generate_more in EXTRAS:
                    generate_more(self, ctx)
            self.log(f"  {agency.name}: {time.monotonic() - t0:.1f}s")
        # Planner statistics for the freshly loaded tables (PostgreSQL: ANALYZE; SQLite: sqlite_stat1).
        # Without them SQLite picks the (status, due_date) index for the NC register's overdue subquery
        # and the page takes a minute at full scale.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.counts["history rows"] = self.history_rows
        self.counts["seconds"] = round(time.monotonic() - started, 1)
        return self.counts

    # --- people ------------------------------------------------------------------------------------
    def people(self, ctx):
        from qms.core.models import Department, Role, User, UserRole

        agency = ctx["agency"]
        born = _dt(ANCHOR - datetime.timedelta(days=1400))
        departments = self.created(Department, [
            Department(agency=agency, code=code, name=name) for code, name in vocab.DEPARTMENTS
        ], born)
        n_users = self.per_agency("users", minimum=4 + len(departments))
        users, roles = [], []
        for i in range(n_users):
            dept = departments[0] if i < 3 else departments[(i - 3) % len(departments)]
            if i == 0:
                title, rset = "Chuyên viên, Thư ký ISO", [Role.COORDINATOR, Role.STAFF]
            elif i == 1:
                title, rset = "Thủ trưởng cơ quan", [Role.HEAD]
            elif i == 2:
                title, rset = "Phó Thủ trưởng, Đại diện lãnh đạo", [Role.MGMT_REP]
            elif i < 3 + len(departments):
                title, rset = f"Trưởng {dept.name}", [Role.REVIEWER, Role.STAFF]
                if (i - 3) in AUDITOR_HEADS:
                    # Trained internal auditors in three departments, so every audit (one or two audited
                    # departments) can have an independent lead even in the smallest data set.
                    rset = [Role.REVIEWER, Role.AUDITOR, Role.STAFF]
            elif i % 5 == 0:
                title, rset = "Chuyên viên", [Role.AUTHOR, Role.STAFF]
            elif i % 7 == 0:
                title, rset = "Chuyên viên, đánh giá viên nội bộ", [Role.AUDITOR, Role.STAFF]
            else:
                title, rset = "Cán bộ, công chức", [Role.STAFF]
            full = self.name()
            users.append(User(username=f"{agency.code}-{i:04d}", password=self.password, full_name=full,
                              title=title, agency=agency, department=dept, is_active=True,
                              email=f"{agency.code}-{i:04d}@example.gov.vn", date_joined=born))
            roles.append(rset)
        self.created(User, users, born)
        self.created(UserRole, [UserRole(user=u, role=r) for u, rs in zip(users, roles) for r in rs], born)
        heads = users[3:3 + len(departments)]
        for dept, head in zip(departments, heads):
            dept.head = head
        Department.objects.bulk_update(departments, ["head"])  # history-written-here: "~" rows just below
        self.history(Department, [(d, born + datetime.timedelta(hours=1), users[0].pk, "~", "Phân công trưởng phòng",
                                   None) for d in departments])
        ctx.update(departments=departments, users=users, coordinator=users[0], head=users[1], mgmt_rep=users[2],
                   reviewers=dict(zip([d.pk for d in departments], heads)),
                   authors=[u for u, rs in zip(users, roles) if Role.AUTHOR in rs] or [users[0]],
                   staff=users[3:] or users,
                   auditors=[u for u, rs in zip(users, roles) if Role.AUDITOR in rs],
                   roles={u.pk: rs for u, rs in zip(users, roles)})

    # --- documents and revisions -------------------------------------------------------------------
    def documents(self, ctx):
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

        r, agency = self.rng, ctx["agency"]
        coordinator, head = ctx["coordinator"], ctx["head"]
        n_docs = self.per_agency("documents", minimum=3)
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
            created = _dt(ANCHOR - datetime.timedelta(days=r.randint(900, 1400)))
            doc = Document(agency=agency, code=code, title=title, doc_type=kind, department=dept,
                           owner=ctx["reviewers"][dept.pk], clauses=r.choice(ISO_CLAUSES)[0],
                           is_public=kind == Document.Type.PROCEDURE and r.random() < 0.6,
                           next_review_due=ANCHOR + datetime.timedelta(days=r.randint(-60, 365)),
                           created_at=created, created_by=coordinator, **extra)
            doc_services.refresh_document_search(doc)
            docs.append(doc)
        withdrawn = set(r.sample(range(1, n_docs), k=n_docs // 100)) if n_docs > 100 else set()
        for i in withdrawn:
            docs[i].withdrawn_at = _dt(ANCHOR - datetime.timedelta(days=r.randint(10, 300)))
            docs[i].next_review_due = None
        procedures = [d for d in docs if d.doc_type == Document.Type.PROCEDURE]
        self.created(Document, docs, lambda d: d.created_at, coordinator.pk)
        parented = [d for d in docs if d.doc_type == Document.Type.FORM and procedures]
        for d in parented:
            d.parent = r.choice(procedures)
        Document.objects.bulk_update(parented, ["parent"], batch_size=self.batch)  # history-written-here: below
        self.history(Document, [(d, d.created_at + datetime.timedelta(minutes=5), coordinator.pk, "~",
                                 "Gắn biểu mẫu vào quy trình", None) for d in parented])
        self.created(DistributionEntry, [DistributionEntry(document=d, agency=agency, department=d.department, copies=1)
                                         for d in docs], lambda e: e.document.created_at, coordinator.pk)

        # Revisions: ~5 per document on average, every document at least one.
        n_revs = max(n_docs, self.per_agency("revisions", minimum=n_docs))
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
                created_at = _dt(effective_day - datetime.timedelta(days=r.randint(20, 40)))
                author = r.choice(ctx["authors"])
                rev = Revision(document=doc, agency=agency, issue_number=issue, status=status, author=author,
                               created_at=created_at, **self.content(doc, issue))
                if issue > 1:
                    rev.change_summary = f"Sửa đổi lần {issue - 1}: {r.choice(vocab.ACTIONS)}"
                    rev.change_location = f"Mục {r.randint(1, 7)}"
                if status != S.DRAFT:
                    rev.review_round = 1
                    rev.submitted_at = created_at + datetime.timedelta(days=5)
                if status in Revision.LOCKED:
                    rev.approved_at = created_at + datetime.timedelta(days=12)
                    rev.effective_date = effective_day
                    rev.effective_at = _dt(effective_day, 0)
                    if status == S.SUPERSEDED:
                        rev.superseded_at = _dt(effective_day + datetime.timedelta(days=120), 0)
                rev.document = doc  # compute_hash reads code and title
                if status in Revision.LOCKED:
                    rev.content_hash = rev.compute_hash()
                rev.search_folded = revision_search_folded(rev)
                revisions.append(rev)
        self.insert(Revision, revisions)
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
        self.history(Revision, rev_hist)
        self.created(ReviewAssignment, assignments, lambda a: a.created_at, coordinator.pk)
        self.created(Signature, signatures, lambda s: s.signed_at, lambda s: s.user_id)

        # Change requests from staff, some decided.
        requests = []
        for _ in range(self.per_agency("change_requests")):
            doc = r.choice(docs)
            status = r.choice(["open", "open", "declined", "accepted"])
            cr = ChangeRequest(agency=agency, document=doc, requested_by=r.choice(ctx["staff"]),
                               reason=r.choice(vocab.NC_DESCRIPTIONS).format(d=r.randint(1, 9), code=doc.code),
                               proposal=r.choice(vocab.ACTIONS), status=status,
                               created_at=_dt(ANCHOR - datetime.timedelta(days=r.randint(1, 400))))
            if status != "open":
                cr.decided_by, cr.decided_at = coordinator, cr.created_at + datetime.timedelta(days=3)
                cr.decision_reason = "Đã xem xét" if status == "accepted" else "Nội dung đã được quy định tại mục 5."
            requests.append(cr)
        self.created(ChangeRequest, requests, lambda c: c.created_at, lambda c: c.requested_by_id)
        ctx["documents"] = docs
        ctx["revisions"] = revisions

    def content(self, doc, issue):
        r = self.rng
        steps = [
            {"step": f"B{n}", "responsibility": r.choice(vocab.RESPONSIBLE), "description": r.choice(vocab.STEP_TEXT),
             "time": r.choice(vocab.STEP_TIME), "forms": f"BM-{r.randint(1, 30):02d}-{n:02d}"}
            for n in range(1, r.randint(3, 7))
        ]
        return {
            "purpose": f"Quy định trình tự, thủ tục {doc.title.lower()}, bảo đảm công khai, minh bạch, đúng thời hạn; "
                       "góp phần cải cách hành chính.",
            "scope": "Áp dụng đối với bộ phận tiếp nhận và trả kết quả, các phòng chuyên môn và lãnh đạo cơ quan.",
            "references": "- Tiêu chuẩn TCVN ISO 9001:2008;\n- Quyết định 19/2014/QĐ-TTg;\n- Công văn 5052/UBND-NC.",
            "definitions": "UBND: Ủy ban nhân dân; TTHC: thủ tục hành chính; HTQLCL: hệ thống quản lý chất lượng.",
            "legal_basis": "Nghị định 63/2010/NĐ-CP về kiểm soát thủ tục hành chính; Quyết định 19/2014/QĐ-TTg.",
            "dossier": "a) Đơn đề nghị (bản chính);\nb) Bản sao giấy tờ tùy thân;\nc) Các giấy tờ liên quan.",
            "dossier_count": "01 bộ",
            "processing_time_days": r.choice([1, 3, 5, 7, 10, 15, 20]),
            "submit_place": "Bộ phận tiếp nhận và trả kết quả",
            "fee": r.choice(["Không", "50.000 đồng/hồ sơ", "75.000 đồng/giấy phép", "10.000 đồng/trang"]),
            "procedure_html": self.paragraphs(self.pages() * PAGE_CHARS) if doc.doc_type != "external" else "",
            "steps": _jsonb_order(steps),
            "forms": _jsonb_order([{"code": s["forms"], "name": r.choice(vocab.FORM_TOPICS)} for s in steps[:3]]),
            "records": _jsonb_order([{"name": "Hồ sơ giải quyết thủ tục hành chính", "keeper": "Chuyên viên thụ lý",
                         "place": "Phòng chuyên môn", "retention": "05 năm"}]),
        }

    # --- nonconformities and actions ---------------------------------------------------------------
    def nonconformities(self, ctx):
        from audits.capa.models import (
            Action,
            EffectivenessCheck,
            Nonconformity,
            NonconformityCounter,
            WhyStep,
        )

        r, agency = self.rng, ctx["agency"]
        coordinator, mgmt_rep = ctx["coordinator"], ctx["mgmt_rep"]
        St = Nonconformity.Status
        weights = [(St.OPEN, 10), (St.CORRECTION, 6), (St.CAUSE_ANALYSED, 6), (St.ACTIONS_PLANNED, 20),
                   (St.ACTIONS_DONE, 12), (St.VERIFIED, 8), (St.CLOSED, 34), (St.REJECTED, 4)]
        statuses = [s for s, _ in weights]
        cum = [w for _, w in weights]
        n = self.per_agency("nonconformities")
        numbers = {}
        ncs = []
        docs = ctx["documents"]
        # The first NCs are those the audits' major/minor findings opened (audits.plan decided their origin,
        # date and state); the others come from every other source, never "internal audit" without an audit.
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
                created_at=origin["created_at"] if origin else _dt(detected))
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
                nc.closed_at = _dt(detected + datetime.timedelta(days=90))
                nc.closed_by = mgmt_rep
            nc._level = level
            ncs.append(nc)
        self.insert(Nonconformity, ncs)
        self.insert(NonconformityCounter, [NonconformityCounter(agency=agency, year=y, last_number=v)
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
                    actions.append(Action(
                        agency=agency, nc=nc, kind="preventive" if nc.kind == "potential" else "corrective",
                        description=r.choice(vocab.ACTIONS), owner=r.choice(ctx["staff"]), due_date=due,
                        status="done" if done else "planned", completed_on=due - datetime.timedelta(days=2) if done else None,
                        result="Đã thực hiện, có biên bản kèm theo." if done else "", created_by=nc.responsible))
            if nc._level >= 4:
                verified = nc._level >= 5
                checks.append(EffectivenessCheck(
                    agency=agency, nc=nc, scheduled_on=nc.detected_on + datetime.timedelta(days=80),
                    verifier=mgmt_rep, result="effective" if verified else "pending",
                    notes="Không tái diễn sau 3 tháng theo dõi." if verified else "",
                    verified_at=_dt(nc.detected_on + datetime.timedelta(days=85)) if verified else None))
        self.history(Nonconformity, hist)
        self.created(WhyStep, whys, lambda w: _dt(w.nc.detected_on + datetime.timedelta(days=7)),
                     lambda w: w.nc.responsible_id)
        self.insert(Action, actions)
        self.history(Action, [(a, _dt(a.nc.detected_on + datetime.timedelta(days=14)), a.created_by_id, "+", "",
                               {"status": "planned", "completed_on": None, "result": ""}) for a in actions]
                     + [(a, _dt(a.completed_on), a.owner_id, "~", "", None) for a in actions if a.status == "done"])
        self.created(EffectivenessCheck, checks, lambda c: _dt(c.scheduled_on), mgmt_rep.pk)
        ctx["nonconformities"] = ncs

    def feedback(self, ctx):
        from audits.feedback.models import Feedback
        from audits.feedback.models import TRACKING_ALPHABET

        r, agency = self.rng, ctx["agency"]
        items = []
        for _ in range(self.per_agency("feedback")):
            chars = "".join(r.choice(TRACKING_ALPHABET) for _ in range(10))
            status = r.choice(["received", "answered", "answered", "dismissed"])
            fb = Feedback(agency=agency, tracking_code=f"PA-{chars[:5]}-{chars[5:]}", name=self.name(),
                          contact=f"09{r.randint(10000000, 99999999)}", procedure=r.choice(vocab.PROCEDURE_TOPICS),
                          content=r.choice(vocab.FEEDBACK_TEXT).format(d=r.randint(2, 20)), status=status)
            if status == "answered":
                fb.answer = "Cơ quan đã kiểm tra và trả kết quả cho ông/bà; xin lỗi vì sự chậm trễ."
                fb.answered_at = _dt(ANCHOR - datetime.timedelta(days=r.randint(1, 300)))
                fb.answered_by = ctx["coordinator"]
            elif status == "dismissed":
                fb.dismissed_reason = "Nội dung không thuộc thẩm quyền giải quyết của cơ quan."
            items.append(fb)
        self.created(Feedback, items, _dt(ANCHOR - datetime.timedelta(days=30)), None)
