# history-written-here: module — seed_scale inserts rows with bulk_create and writes their HistoricalX rows itself.
"""Deterministic bulk generator of quality.md's data set (seed_scale): the core's part.

At ``scale=1.0`` and 20 agencies: 2,000 users, 10,000 documents, 50,000 revisions, 20,000 NCs,
~40,000 actions, 2,000 internal audits with 20,000 findings, ~215,000 copies and 200,000 copy
downloads and ~960,000 history rows.

The core knows no subject (tests/test_layout.py): it makes the agencies and, per agency, their
departments, users and roles, then runs the steps the subjects registered with
``qms.core.subjects.register_scale`` from their apps' ``ready()``, by ascending order, all in one
transaction per agency. Each step is ``step(seeder, ctx)``; ``ctx`` is the agency's dict, which the
core fills with its people and each step with what later steps read: data pass through it, not
through imports, so a generator imports only the subjects its own subject may depend on. Today's
steps, in the order the data set was designed in (the same seed gives the same rows only if they
keep it, since they all draw from one random stream):

  100  documents, revisions, signatures, change requests   processes/documents/scale.py
  200  audit plan: programmes, audits, checklists           audits/internal/scale.py ``plan``
       (before the NCs: its major/minor findings decide where the first NCs came from)
  300  nonconformities, causes, actions, checks             audits/capa/scale.py
  400  citizens' feedback                                   audits/feedback/scale.py
  500  findings, linked to the NCs made at 300              audits/internal/scale.py ``findings``
  600  copies and downloads                                 processes/copies/scale.py
  700  quality objectives and measurements                  quality/objectives/scale.py
 1100  context issues, interested parties (2015 agencies)    quality/context/scale.py
 1110  risks and opportunities, their actions (2015)         quality/risks/scale.py
 1200  management reviews (inputs frozen), decisions         quality/review/scale.py
 1300  yearly reports (figures computed, past years sent)    quality/reports/scale.py
 1300  one-stop files, steps, hand-overs, apology slips      cases/files/scale.py
 1310  the one-stop figures' summary tables, rebuilt         cases/figures/scale.py

Another app adds its own data the same way, with an order after these (1000 and up).

Before the steps, the core moves one agency in three (``SHARE_2015``: the first, whose coordinator the benchmark
logs in as, among them) to ISO 9001:2015 from the anchor day, decided a month before (``Seeder.edition``): every
record the steps make is dated before the anchor, so it was made under 2008 and cites 2008's clauses, shown with
their 2015 equivalents; the 2015 records (context, risks) were prepared in the months before the move. This draws
nothing from the random stream, and the 2015 steps draw from their own (``Seeder.stream``), so the other subjects'
rows are the same whatever the share.

Every row is inserted with ``bulk_create`` in batches (``Seeder.insert``), and every history-tracked
row gets the HistoricalX rows its life would have produced (creation and each status change, dated
and attributed), written in bulk beside it (``Seeder.history``): django-simple-history is skipped by
bulk_create, so the generators write history themselves (tests/integrity accepts the module marker
above, which each generator module carries, for that reason). The rules each subject's rows follow
are in its generator's docstring.
"""

import datetime
import random
import re
import time
import unicodedata

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from qms.core import search, subjects
from qms.core.scale import vocab

ANCHOR = datetime.date(2026, 11, 1)  # fixed: the same seed gives the same data whatever the day
SHARE_2015 = 3  # one agency in three applies ISO 9001:2015 (those whose index is a multiple of it)
UTC = datetime.timezone.utc
PASSWORD = "qms-demo-2026"  # same as seed_demo's, so people can log in and look around
USERS = 2000  # in the province at scale 1.0 (each subject's generator holds its own figures)
OVERSIGHT_CODE = "so-khcn"  # the provincial oversight body's agency code; its officer is so-khcn-0000
AUDITOR_HEADS = (0, 3, 5)  # heads of Văn phòng, Phòng Tư pháp and Phòng Nội vụ (vocab.DEPARTMENTS) also audit

_FOLD_TABLE = {}
_TRANSLATE = {}
_SPACES = re.compile(r"\s+")


def fast_fold(text):
    """qms.core.text.fold for the generator's own text, by a translation table (same result, ~20× faster).

    tests/scale checks every generated search column against the app's own ``refresh_*_search``.
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


def fast_refresh(obj):
    """qms.core.search.refresh for a generated row (its SEARCH_FIELDS, folded by fast_fold); tests/scale checks it."""
    obj.search_folded = fast_fold(search.text_of(obj))
    return obj


def at(day, hour=9):
    """That day at that hour, UTC: the generators' dates are whole hours unless they say otherwise."""
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=UTC)


class Seeder:
    def __init__(self, *, agencies=20, scale=1.0, seed=42, batch=2000, log=print, shares=None):
        self.n_agencies = max(1, agencies)
        self.scale = scale
        # A subject's rows at a fraction of the scale, by the key its step passes to per_agency(): the tests seed
        # the one-stop files ("cases.files", most of the seeding time) at a tenth, still many pages of them.
        self.shares = dict(shares or {})
        self.seed = seed
        self.rng = random.Random(seed)  # one stream for the whole run: steps draw from it in their order
        self.batch = batch
        self.log = log
        self.counts = {}
        self.history_rows = 0
        self.notes = []
        self.step_seconds = {}  # seconds spent in each registered step, all agencies together (reported by seed_scale)
        # What a step keeps from one agency to the next (e.g. copy codes, unique in the province), by key.
        self.shared = {}

    # --- helpers -----------------------------------------------------------------------------------
    def per_agency(self, full, minimum=1, subject=None):
        """This agency's share of ``full`` rows (the province's count at scale 1.0), at least ``minimum``; a
        ``subject`` given a share (see __init__) gets that fraction of it."""
        return max(minimum, round(full * self.scale * self.shares.get(subject, 1.0) / self.n_agencies))

    def analyze(self, *models):
        """Planner statistics for tables a step just loaded and a later step queries (run() analyzes everything
        at the end): without them SQLite plans aggregates over a bulk-loaded table as nested scans."""
        from django.db import connection

        with connection.cursor() as cursor:
            for model in models:  # the table's name comes from the model's metadata, quoted
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")  # nosec B608

    def stream(self, name, ctx):
        """A random stream of its own for a step added after the data set was designed (``name``), per agency and
        seed: its draws leave the shared stream, and so every other step's rows, as they were."""
        return random.Random(f"{self.seed}:{name}:{ctx['index']}")

    def insert(self, model, objs):
        if objs:
            # auto_now_add / auto_now would overwrite the dates the generator chose (an audit planned in 2024 is
            # not created today, a context issue dropped in May was last changed then): keep the given ones,
            # today's only where none was given.
            stamped = [(f, f.auto_now_add, f.auto_now) for f in model._meta.concrete_fields
                       if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]
            now = timezone.now()
            for field, _add, _now in stamped:
                for obj in objs:
                    if getattr(obj, field.attname) is None:
                        setattr(obj, field.attname, now)
                field.auto_now_add = field.auto_now = False
            try:
                model._default_manager.bulk_create(objs, batch_size=self.batch)
            finally:
                for field, add, auto in stamped:
                    field.auto_now_add, field.auto_now = add, auto
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

    # --- the run -----------------------------------------------------------------------------------
    def run(self):
        from qms.core.models import Agency

        steps = subjects.scale_steps()
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
            self.created(Agency, agencies, at(ANCHOR - datetime.timedelta(days=1500)))
        for index, agency in enumerate(agencies):
            t0 = time.monotonic()
            with override_settings(DEBUG=False), transaction.atomic():
                ctx = {"agency": agency, "index": index}
                self.people(ctx)  # every subject's rows are made by and for these people
                self.edition(ctx)
                for step in steps:  # in their registered order (see the module's docstring)
                    t_step = time.monotonic()
                    step(self, ctx)
                    name = f"{step.__module__}.{step.__name__}"
                    self.step_seconds[name] = self.step_seconds.get(name, 0.0) + time.monotonic() - t_step
            self.log(f"  {agency.name}: {time.monotonic() - t0:.1f}s")
        with override_settings(DEBUG=False), transaction.atomic():
            self.oversight()
        # Planner statistics for the freshly loaded tables (PostgreSQL: ANALYZE; SQLite: sqlite_stat1).
        # Without them SQLite picks the (status, due_date) index for the NC register's overdue subquery
        # and the page takes a minute at full scale. PostgreSQL also VACUUMs, as its autovacuum does on a live
        # database some time after a bulk load: until the tables' visibility maps are set, an index-only scan
        # reads every row from the heap (the figures' open files by department: 111 ms before, 13 ms after at
        # 50,000 files), and the pages would be measured in a state no running installation stays in.
        from django.db import connection

        with connection.cursor() as cursor:
            # (Not inside a transaction, where PostgreSQL refuses VACUUM: the tests seed inside theirs.)
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
        self.counts["history rows"] = self.history_rows
        self.counts["seconds"] = round(time.monotonic() - started, 1)
        return self.counts

    def oversight(self):
        """The provincial oversight body (Sở KH&CN, Agency.Kind.OVERSIGHT) and one officer, ``so-khcn-0000``, who
        reads every agency's figures (the provincial overview, its drill-down, the yearly reports sent). Made after
        the agencies and drawing nothing from the random stream, so the agencies' data stay what the seed gives."""
        from qms.core.models import Agency, Role, User, UserRole

        born = at(ANCHOR - datetime.timedelta(days=1500))
        body = self.created(Agency, [Agency(code=OVERSIGHT_CODE, name="Sở Khoa học và Công nghệ",
                                            parent_name="UBND THÀNH PHỐ HÀ NỘI", kind=Agency.Kind.OVERSIGHT)], born)[0]
        officer = self.created(User, [User(
            username=f"{OVERSIGHT_CODE}-0000", password=self.password, full_name="Chuyên viên Chi cục TĐC",
            title="Chuyên viên Chi cục Tiêu chuẩn Đo lường Chất lượng", agency=body, is_active=True,
            email=f"{OVERSIGHT_CODE}-0000@example.gov.vn", date_joined=born)], born)[0]
        self.created(UserRole, [UserRole(user=officer, role=Role.OVERSIGHT)], born)

    def edition(self, ctx):
        """One agency in three on ISO 9001:2015 from the anchor day (the module's docstring), as its coordinator's
        change through qms.core.editions.set_edition would leave it: edition, date, header line, a history row."""
        from qms.core import editions
        from qms.core.models import Agency

        agency = ctx["agency"]
        if ctx["index"] % SHARE_2015:
            return
        agency.iso_edition, agency.iso_edition_since = Agency.Edition.ISO_2015, ANCHOR
        agency.qms_header = editions.header_line(agency)
        Agency.objects.bulk_update([agency], ["iso_edition", "iso_edition_since", "qms_header"])  # history-written-here
        self.history(Agency, [(agency, at(ANCHOR - datetime.timedelta(days=30)), ctx["coordinator"].pk, "~",
                               "Quyết định áp dụng hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", None)])

    # --- people ------------------------------------------------------------------------------------
    def people(self, ctx):
        from qms.core.models import Department, Role, User, UserRole

        agency = ctx["agency"]
        born = at(ANCHOR - datetime.timedelta(days=1400))
        departments = self.created(Department, [
            Department(agency=agency, code=code, name=name) for code, name in vocab.DEPARTMENTS
        ], born)
        n_users = self.per_agency(USERS, minimum=4 + len(departments))
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
        # What the subjects' steps read of the people (heads by department pk, roles by user pk).
        ctx.update(departments=departments, users=users, coordinator=users[0], head=users[1], mgmt_rep=users[2],
                   reviewers=dict(zip([d.pk for d in departments], heads)),
                   authors=[u for u, rs in zip(users, roles) if Role.AUTHOR in rs] or [users[0]],
                   staff=users[3:] or users,
                   auditors=[u for u, rs in zip(users, roles) if Role.AUDITOR in rs],
                   roles={u.pk: rs for u, rs in zip(users, roles)})
