"""Copy download THROUGH THE VIEW vs master render vs naive per-request render (issue 4 "Speed").

    .venv/bin/python bench/copy_download.py [--rounds 5] [--downloads 40]
    .venv/bin/python bench/copy_download.py --database-url sqlite:///$PWD/var/scale.sqlite3
    .venv/bin/python bench/copy_download.py --database-url postgres://postgres@127.0.0.1:5432/qms_scale

A real ~20-page revision (published through the services, its master rendered by the approval task) in a
throw-away SQLite database and media folder, or, with --database-url, in that database (a seed_scale data
set: the revision is added to the first agency by its own coordinator, reviewer and head, so each download
writes its copy and log rows beside the 200,000 already there; media still go to a scratch folder).
Side by side, interleaved round by round:
  master     render.render_master (processes/copies/render.py): HTML from the revision + bounded locked-down render + storage + SHA-256
  raw        WeasyPrint as documented on the same HTML (baseline for the master)
  naive      the django-weasyprint way: the document + a stamp block rendered per request
  download   GET /tai-lieu/ban-hanh/<pk>/ban-khong-kiem-soat.pdf with Django's test Client, logged in:
             permission checks, master read + SHA-256 check, stamp, copy + download rows, FileResponse
Goals: download ≤ 5% of master, ≥ 20× faster than naive, p95 ≤ 100 ms; master ≤ 1.15× raw.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="qms-copy-bench-"))
# Read before Django starts: the database is chosen by the environment.
DATABASE_URL = next((a.split("=", 1)[1] if "=" in a else sys.argv[i + 2]
                     for i, a in enumerate(sys.argv[1:]) if a.startswith("--database-url")), None)
os.environ["DATABASE_URL"] = DATABASE_URL or f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["DEBUG"] = "0"
os.environ["MEDIA_ROOT"] = str(TMP / "media")
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")

sys.path.insert(0, str(ROOT / "bench"))
from pdf_bench import naive_copy, raw_weasyprint, summary, timed  # noqa: E402  (sets Django up)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
if not DATABASE_URL:  # the scratch cast's passwords; seeded people keep the real hasher
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _content():
    from qms.pdf.demo_procedure import _OUT, _PARAGRAPHS, _TIME, _WHAT, _WHO

    steps = [{"step": f"B{i + 1}", "responsibility": _WHO[i % 7], "description": _WHAT[i % len(_WHAT)],
              "time": _TIME[i % 7], "forms": _OUT[i % 7]} for i in range(46)]
    guidance = "".join(f"<h3>Nội dung hướng dẫn số {k + 1}</h3>" + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
                       for k in range(24))
    return {"steps": steps, "procedure_html": guidance, "purpose": _PARAGRAPHS[0], "scope": _PARAGRAPHS[1],
            "references": _PARAGRAPHS[2]}


def build():
    """(reader, revision, master) in a scratch database with the test suite's cast."""
    from processes.copies.models import MasterPDF
    from tests.conftest import build_world
    from tests.processes.documents.helpers import effective_revision, make_document

    call_command("migrate", verbosity=0)
    world = build_world()
    document = make_document(world, code="QT-QLĐT-01", title="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    revision = effective_revision(world, document, **_content())
    master = MasterPDF.objects.get(revision=revision)
    assert master.status == MasterPDF.Status.DONE, master.error
    return world.staff, revision, master


def build_in_scale_data():
    """(reader, revision, master) published in the first agency of a seed_scale database by its own people."""
    from django.test.utils import override_settings

    from processes.documents import services
    from processes.documents.models import Document
    from processes.copies.models import MasterPDF
    from qms.core.models import Agency, Role, User
    from qms.core.scale.generate import PASSWORD

    agency = Agency.objects.order_by("id").first()
    people = User.objects.filter(agency=agency, is_active=True)
    coordinator = people.with_role(Role.COORDINATOR).order_by("id").first()
    head = people.with_role(Role.HEAD).order_by("id").first()
    department = coordinator.department
    reviewer = department.head if department.head_id and department.head_id != coordinator.pk else \
        people.with_role(Role.REVIEWER).order_by("id").first()
    reader = people.with_role(Role.STAFF).exclude(pk__in=[coordinator.pk, head.pk]).order_by("id").first()
    code = f"QT-BENCH-{int(time.time())}"
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
        document = services.document_save(document=Document(
            agency=agency, code=code, title="Cấp giấy phép xây dựng nhà ở riêng lẻ (đo tải)",
            doc_type=Document.Type.PROCEDURE, department=department), user=coordinator)
        draft = services.revision_create_draft(document=document, user=coordinator)
        services.revision_update_content(revision=draft, user=coordinator, data=_content())
        services.revision_submit(revision=draft, user=coordinator, reviewers=[reviewer], approver=head,
                                 change_summary="Bản đo tải")
        services.revision_sign(revision=draft, user=reviewer, password=PASSWORD, meaning="reviewed")
        services.revision_approve(revision=draft, user=head, password=PASSWORD)
    draft.refresh_from_db()
    master = MasterPDF.objects.get(revision=draft)
    assert master.status == MasterPDF.Status.DONE, master.error
    print(f"published {code} in {agency.name}; downloads by {reader.username}")
    return reader, draft, master


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--downloads", type=int, default=40)
    parser.add_argument("--database-url", help="a seed_scale database instead of a scratch one")
    args = parser.parse_args()

    from django.db import connection

    from processes.copies import services as services_pdf
    from processes.copies.models import MasterPDF
    from processes.copies.render import master_html

    reader, revision, master = build_in_scale_data() if args.database_url else build()
    html = master_html(revision)
    client = Client()
    client.force_login(reader)
    url = f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf"

    def download():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)

    def rerender():
        services_pdf.queue_master(revision_id=revision.pk, force=True)  # immediate backend: renders now
        m = MasterPDF.objects.get(pk=master.pk)
        assert m.status == MasterPDF.Status.DONE
        return m

    for _ in range(3):
        download()  # warm-up (imports, fonts, first queries)
    times = {"master": [], "raw": [], "naive": [], "download": [], "html": []}
    for r in range(args.rounds):
        order = ["master", "raw", "naive", "download"]
        order = order[r % 4:] + order[:r % 4]
        for name in order:
            if name == "master":
                times["master"].append(timed(rerender)[0])
                times["html"].append(timed(master_html, revision)[0])
            elif name == "raw":
                times["raw"].append(timed(raw_weasyprint, html)[0])
            elif name == "naive":
                times["naive"].append(timed(naive_copy, html, r + 1)[0])
            else:
                for _ in range(max(1, args.downloads // args.rounds)):
                    times["download"].append(timed(download)[0])
    pages = MasterPDF.objects.get(pk=master.pk).pages
    s = {k: summary(v) for k, v in times.items()}
    from processes.copies.models import CopyDownload

    print(f"\nCopy download through the view, {pages}-page procedure ({connection.vendor}, "
          f"{CopyDownload.objects.count():,} download rows, test Client), "
          f"{args.rounds} rounds, {len(times['download'])} downloads")
    print(f"{'':10} {'median ms':>10} {'p95 ms':>9} {'min ms':>8} {'n':>4}")
    for name in ["raw", "master", "naive", "download"]:
        x = s[name]
        print(f"{name:10} {x['median'] * 1000:10.1f} {x['p95'] * 1000:9.1f} {x['min'] * 1000:8.1f} {x['n']:4d}")
    d, m, n, raw = s["download"]["median"], s["master"]["median"], s["naive"]["median"], s["raw"]["median"]
    p95 = s["download"]["p95"] * 1000
    print(f"\ndownload / master  = {d / m * 100:5.2f} %   (goal ≤ 5 %)      {'OK' if d / m <= 0.05 else 'MISS'}")
    print(f"naive / download   = {n / d:5.1f} ×   (goal ≥ 20 ×)     {'OK' if n / d >= 20 else 'MISS'}")
    print(f"download p95       = {p95:5.1f} ms  (goal ≤ 100 ms)   {'OK' if p95 <= 100 else 'MISS'}")
    print(f"master / raw       = {m / raw:5.2f} ×   (goal ≤ 1.15 ×)   {'OK' if m / raw <= 1.15 else 'MISS'}")
    print(f"  of the master: HTML built from the revision (queries, template, clean_for_print) "
          f"{s['html']['median'] * 1000:.0f} ms; the rest is the render, storage and SHA-256")
    print(f"(scratch database and media in {TMP})")


if __name__ == "__main__":
    main()
