# history-written-here: module — seed_scale inserts copies with bulk_create and writes their HistoricalCopy rows itself.
"""Copies of revisions and their download log (the distribution register) for seed_scale
(qms/core/scale/generate.py).

Registered from ``processes/apps.py`` as step 600, the last of today's: it copies the revisions the
document generator left in ``ctx["revisions"]``. Per agency, for every issued revision (effective,
superseded, obsolete):

- controlled copies numbered 1..n per revision: number 1 to the document's department (its distribution
  entry, issued automatically when the revision came into force: ``services_pdf.on_effective``), sometimes
  more issued by the ISO coordinator to other departments; when the revision was superseded, its copies
  were listed for recall (``request_recall``) and most were confirmed returned (``confirm_recall``) within
  days; the last few are still to recall. A withdrawn document's copies were recalled by the coordinator
  directly (``confirm_recall`` sets both dates, as withdrawal lists nothing for recall);
- ``per_agency(COPY_DOWNLOADS)`` downloads (10,000 per agency at full scale): ~30% of controlled copies
  by their holder (or the coordinator) while the copy was out, ~62% uncontrolled copies of a revision
  while it was in force by anyone of the agency, ~8% obsolete copies of an old issue by the people who may
  read history (managers, authors, reviewers, auditors). An uncontrolled or obsolete download is a copy of
  its own, as ``download_reader_copy`` makes it.

No master PDF is rendered or recorded: copies point at revisions, not at MasterPDF rows, and the pages
that list copies and downloads do not read a master. (The revision page then offers "Tạo bản gốc PDF"; a
download of a seeded copy would need a real master, rendered on demand.)
"""

import datetime

from processes.copies.models import Copy, CopyDownload
from processes.documents.models import Revision
from processes.documents.permissions import HISTORY_ROLES
from qms.core.scale.generate import ANCHOR, UTC, at
from qms.pdf.codes import ALPHABET, CODE_LENGTH

COPY_DOWNLOADS = 200000  # in the province at scale 1.0 (quality.md)
NOW = at(ANCHOR, 0)
SHARES = {"controlled": 0.30, "obsolete": 0.08}  # the rest: uncontrolled


def _when(r, start, stop):
    """A moment between start and stop, in office hours (7:30–17:00)."""
    day = start.date() + datetime.timedelta(days=r.randint(0, max(0, (stop.date() - start.date()).days)))
    moment = datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=UTC) + datetime.timedelta(
        seconds=r.randint(0, 34200))
    return min(max(moment, start), stop)


def _code(r, seen):
    while True:
        code = "".join(r.choices(ALPHABET, k=CODE_LENGTH))
        if code not in seen:
            seen.add(code)
            return code


def generate(seeder, ctx):
    """The agency's controlled copies of every issued revision, and the downloads of copies of all kinds."""
    r = seeder.rng
    codes = seeder.shared.setdefault("copy_codes", set())  # verification codes are unique in the province
    S, K = Revision.Status, Copy.Kind
    agency, coordinator = ctx["agency"], ctx["coordinator"]
    departments, heads = ctx["departments"], ctx["reviewers"]
    users = ctx["users"]
    readers_of_history = [u for u in users if set(ctx["roles"][u.pk]) & set(HISTORY_ROLES)]

    # In-force window of each issued revision: effective → superseded (or withdrawn, or still in force).
    windows = []
    for rev in ctx["revisions"]:
        if rev.status not in (S.EFFECTIVE, S.SUPERSEDED, S.OBSOLETE) or rev.effective_at is None:
            continue
        until = rev.superseded_at
        if rev.status == S.OBSOLETE:
            until = max(rev.document.withdrawn_at, rev.effective_at + datetime.timedelta(days=1))
        windows.append((rev, rev.effective_at, min(until, NOW) if until else NOW, until))

    copies, hist = [], []
    controlled = []
    for rev, start, stop, until in windows:
        doc = rev.document
        holders = [doc.department]
        if r.random() < 0.35:
            others = [d for d in departments if d.pk != doc.department_id]
            holders += r.sample(others, min(len(others), r.randint(1, 2)))
        for number, dept in enumerate(holders, start=1):
            head = heads[dept.pk]
            automatic = number == 1
            issued_at = start if automatic else _when(r, start + datetime.timedelta(days=1),
                                                      start + datetime.timedelta(days=20))
            if not automatic and issued_at >= stop:
                break
            copy = Copy(revision=rev, agency=agency, kind=K.CONTROLLED, number=number, code=_code(r, codes),
                        holder=head, holder_name=head.display_name, department=dept, department_name=dept.name,
                        issued_by=None if automatic else coordinator, issued_at=issued_at)
            first = None
            if until is not None:
                back = until + datetime.timedelta(days=r.randint(1, 10), hours=r.randint(1, 6))
                returned = back <= NOW and r.random() > 0.005  # a few are never brought back
                if rev.status == S.SUPERSEDED:
                    copy.recall_requested_at = until
                    first = {"recall_requested_at": None, "recalled_at": None, "recalled_by_id": None}
                    hist.append((copy, until, None, "~", "Lần ban hành đã bị thay thế: cần thu hồi",
                                 {"recalled_at": None, "recalled_by_id": None}))
                if returned or rev.status == S.OBSOLETE:
                    copy.recalled_at = back if returned else until + datetime.timedelta(days=1)
                    copy.recalled_by = coordinator
                    copy.recall_requested_at = copy.recall_requested_at or copy.recalled_at
                    first = {"recall_requested_at": None, "recalled_at": None, "recalled_by_id": None}
                    hist.append((copy, copy.recalled_at, coordinator.pk, "~", "Xác nhận đã thu hồi bản kiểm soát",
                                 None))
            hist.append((copy, issued_at, copy.issued_by_id, "+", "", first))
            copies.append(copy)
            controlled.append(copy)

    total = seeder.per_agency(COPY_DOWNLOADS)
    old = [w for w in windows if w[3] is not None]
    n_controlled = round(total * SHARES["controlled"]) if controlled else 0
    n_obsolete = round(total * SHARES["obsolete"]) if old and readers_of_history else 0
    downloads = []
    for _ in range(n_controlled):
        copy = r.choice(controlled)
        stop = min(copy.recalled_at or copy.recall_requested_at or NOW, NOW)
        user = copy.holder if r.random() < 0.85 else coordinator
        downloads.append(CopyDownload(copy=copy, agency=agency, revision=copy.revision, kind=copy.kind, user=user,
                                      downloaded_at=_when(r, copy.issued_at, max(stop, copy.issued_at))))
    for kind, n in ((K.UNCONTROLLED, total - n_controlled - n_obsolete), (K.OBSOLETE, n_obsolete)):
        for _ in range(n):
            if kind == K.UNCONTROLLED:
                rev, start, stop, _until = r.choice(windows)
                user = r.choice(users)
            else:
                rev, _start, _stop, until = r.choice(old)
                start, stop = min(until, NOW), NOW
                user = r.choice(readers_of_history)
            when = _when(r, start, stop)
            dept = user.department
            copy = Copy(revision=rev, agency=agency, kind=kind, code=_code(r, codes),
                        holder_name=user.display_name, department=dept, department_name=dept.name if dept else "",
                        issued_at=when)
            hist.append((copy, when, user.pk, "+", "", None))
            copies.append(copy)
            downloads.append(CopyDownload(copy=copy, agency=agency, revision=rev, kind=kind, user=user,
                                          downloaded_at=when))
    seeder.insert(Copy, copies)
    hist.sort(key=lambda row: row[1])
    seeder.history(Copy, hist)
    downloads.sort(key=lambda d: d.downloaded_at)  # ids in time order, as the log grows
    seeder.insert(CopyDownload, downloads)


STEPS = [(600, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
